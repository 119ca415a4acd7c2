import Foundation
import Testing
import TestSupport

/// Pull-request mode on a real git history.
@Suite("atrium check --changed-since (binary)")
struct ChangedSinceTests {
    static func product(_ id: String, owner: String = "hq-policy", extra: String = "") -> String {
        """
        -- content/\(id).md --
        ---
        title: Product \(id) title
        type: practice-note
        summary: A summary that is long enough for the standard.
        owner: \(owner)
        date: 2024-03-01
        audience: public
        status: draft
        language: en
        practice_area: partnerships
        \(extra)---
        Body.

        """
    }

    @Test("only changed products and the references the change broke are reported")
    func changedSince() throws {
        let fixture = try FixtureRepository("""
        -- atrium.yml --
        site: {title: Test}
        taxonomies:
          units: [{id: hq-policy, name: Policy}]

        """ + Self.product("a") + Self.product("old-error", owner: "hq-polcy") + Self.product("c")
            + Self.product("d", extra: "related: [c]\n"), copyingSchemas: true)
        defer { fixture.remove() }
        try fixture.commitAll(message: "Base", date: "2024-03-02T00:00:00Z")
        let base = try fixture.run("git", ["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        // The change: a gets a bad owner (committed), c is deleted (uncommitted).
        try fixture.write(Self.product("a", owner: "hq-nowhere").split(separator: "\n", maxSplits: 1)[1] + "", to: "content/a.md")
        try fixture.commitAll(message: "Edit a", date: "2024-03-03T00:00:00Z")
        try FileManager.default.removeItem(atPath: fixture.path + "/content/c.md")

        let full = try PackagePaths.atrium(["check", "--root", fixture.path, "--now", "2024-04-01", "--format", "json"])
        let pr = try PackagePaths.atrium(["check", "--root", fixture.path, "--now", "2024-04-01", "--format", "json", "--changed-since", base])
        func files(_ output: String) throws -> [String] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            return (object["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String }.sorted()
        }
        #expect(try files(full.standardOutput) == ["content/a.md", "content/d.md", "content/old-error.md"], "\(full.standardOutput)")
        #expect(try files(pr.standardOutput) == ["content/a.md", "content/d.md"], "\(pr.standardOutput)")
        #expect(pr.status == 1)
        let clean = try PackagePaths.atrium(["check", "--root", fixture.path, "--now", "2024-04-01", "--changed-since", "HEAD", "--format", "markdown"])
        #expect(clean.standardOutput.contains("| ❌ | `content/d.md:11:11` | `ref/unresolved` | `related` names `c`, which is no product's id |"),
                "\(clean.standardOutput)")
        let unknown = try PackagePaths.atrium(["check", "--root", fixture.path, "--changed-since", "no-such-branch"])
        #expect(unknown.status == 2)
        #expect(unknown.standardOutput.contains("`no-such-branch` names no commit"))
    }
}
