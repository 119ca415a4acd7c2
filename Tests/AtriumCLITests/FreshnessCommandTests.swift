import Foundation
import Testing
import TestSupport

/// Freshness end to end: a repository with dated commits, `atrium check` warnings and every
/// format of `atrium report freshness`.
@Suite("Freshness (binary)")
struct FreshnessCommandTests {
    static let files = """
    -- atrium.yml --
    site: {title: Test}
    review_intervals: {guidance-note: 24 months, end-of-assignment-report: never}
    freshness: {due_soon_window: 60 days}
    languages: [en]
    taxonomies:
      units: [{id: hq-policy, name: Policy}, {id: co-ke, name: Kenya}]
    -- content/guidance-note/old.md --
    ---
    title: An old guidance note
    type: guidance-note
    summary: Guidance written long ago and never revised since then.
    owner: hq-policy
    date: 2020-01-10
    audience: public
    status: draft
    language: en
    ---
    Body.
    -- content/guidance-note/reviewed.md --
    ---
    title: A reviewed guidance note
    type: guidance-note
    summary: Guidance that a reviewer confirmed recently without changing it.
    owner: co-ke
    date: 2020-01-10
    audience: public
    status: draft
    language: en
    last_reviewed: 2025-12-01
    ---
    Body.
    -- content/guidance-note/archived.md --
    ---
    title: An archived guidance note
    type: guidance-note
    summary: Guidance kept for the record only, no longer in force.
    owner: co-ke
    date: 2019-01-10
    audience: public
    status: archived
    language: en
    ---
    Body.
    """

    private func repository() throws -> FixtureRepository {
        let fixture = try FixtureRepository(Self.files, copyingSchemas: true)
        try fixture.commitAll(message: "Add guidance", date: "2020-01-15T09:00:00Z")
        return fixture
    }

    @Test("check warns on overdue products and passes; the severity can be raised to error")
    func checkWarns() throws {
        let fixture = try repository()
        defer { fixture.remove() }
        let result = try PackagePaths.atrium(["check", "--root", fixture.path, "--now", "2026-06-01"], environment: ["NO_COLOR": "1"])
        #expect(result.status == 0, "\(result.standardOutput)")
        #expect(result.standardOutput.contains("content/guidance-note/old.md:1:1: warning[freshness/overdue]: `old` is overdue for review since 2022-01-15"))
        #expect(!result.standardOutput.contains("`reviewed` is overdue"))
        #expect(!result.standardOutput.contains("`archived` is overdue"))
        try fixture.write(try String(contentsOfFile: fixture.path + "/atrium.yml", encoding: .utf8) + "\nrules: {freshness/overdue: error}\n", to: "atrium.yml")
        try fixture.commitAll(message: "Make overdue an error", date: "2020-02-01T00:00:00Z")
        let strict = try PackagePaths.atrium(["check", "--root", fixture.path, "--now", "2026-06-01"])
        #expect(strict.status == 1)
        #expect(strict.standardOutput.contains("error[freshness/overdue]"))
    }

    @Test("report freshness --format json has the documented shape, most overdue first")
    func json() throws {
        let fixture = try repository()
        defer { fixture.remove() }
        let result = try PackagePaths.atrium(["report", "freshness", "--root", fixture.path, "--now", "2026-06-01", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let products = try #require(object["products"] as? [[String: Any]])
        #expect(products.map { $0["id"] as? String } == ["old", "reviewed", "archived"])
        let old = products[0]
        for key in ["id", "file", "type", "owner", "status", "state", "last_commit", "last_commit_date", "last_reviewed",
                    "reference_date", "due", "revisions", "contributors"] {
            #expect(old.keys.contains(key), "missing \(key)")
        }
        #expect(old["state"] as? String == "overdue")
        #expect(old["last_commit_date"] as? String == "2020-01-15")
        #expect(old["reference_date"] as? String == "2020-01-15")
        #expect(old["due"] as? String == "2022-01-15")
        #expect(old["revisions"] as? Int == 1)
        #expect(old["contributors"] as? [String] == ["Test Author"])
        #expect((old["last_commit"] as? String)?.count == 40)
        #expect(products[1]["state"] as? String == "current")
        #expect(products[1]["reference_date"] as? String == "2025-12-01")
        #expect(products[2]["state"] as? String == "exempt")
        #expect(products[2]["due"] is NSNull)
    }

    @Test("filters, csv, markdown and table")
    func otherFormats() throws {
        let fixture = try repository()
        defer { fixture.remove() }
        let csv = try PackagePaths.atrium(["report", "freshness", "--root", fixture.path, "--now", "2026-06-01", "--format", "csv", "--owner", "co-ke"])
        let lines = csv.standardOutput.split(separator: "\n")
        #expect(lines.first?.hasPrefix("id,file,type,owner,status,state,due") == true)
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("reviewed,content/guidance-note/reviewed.md,guidance-note,co-ke,draft,current,2027-12-01"))
        let overdue = try PackagePaths.atrium(["report", "freshness", "--root", fixture.path, "--now", "2026-06-01", "--state", "overdue", "--format", "markdown"])
        #expect(overdue.standardOutput.contains("## hq-policy"))
        #expect(overdue.standardOutput.contains("| overdue | `old` — An old guidance note | 2022-01-15 | 1598 days |"))
        #expect(!overdue.standardOutput.contains("`reviewed`"))
        let table = try PackagePaths.atrium(["report", "freshness", "--root", fixture.path, "--now", "2026-06-01"])
        #expect(table.standardOutput.contains("3 products — 1 current, 0 due-soon, 1 overdue, 1 exempt, 0 uncommitted"))
        let badState = try PackagePaths.atrium(["report", "freshness", "--root", fixture.path, "--state", "stale"])
        #expect(badState.status == 2)
    }

    @Test("SOURCE_DATE_EPOCH fixes now when --now is absent")
    func sourceDateEpoch() throws {
        let fixture = try repository()
        defer { fixture.remove() }
        // 2021-06-01T00:00:00Z: the old note is still current then.
        let result = try PackagePaths.atrium(["report", "freshness", "--root", fixture.path, "--format", "csv", "--state", "current"],
                                             environment: ["SOURCE_DATE_EPOCH": "1622505600"])
        #expect(result.standardOutput.contains("old,content/guidance-note/old.md"))
    }

    @Test("not a git repository: a clear error, or file dates with a warning under --no-git")
    func noGit() throws {
        let fixture = try FixtureRepository(Self.files, copyingSchemas: true)
        defer { fixture.remove() }
        let refused = try PackagePaths.atrium(["check", "--root", fixture.path])
        #expect(refused.status == 1)
        #expect(refused.standardOutput.contains("error[git/unavailable]"))
        #expect(refused.standardOutput.contains("--no-git"))
        let allowed = try PackagePaths.atrium(["check", "--root", fixture.path, "--no-git"])
        #expect(allowed.status == 0, "\(allowed.standardOutput)")
        #expect(allowed.standardOutput.contains("warning[git/unavailable]"))
    }

    @Test("uncommitted edits are reported as such")
    func uncommitted() throws {
        let fixture = try repository()
        defer { fixture.remove() }
        let text = try String(contentsOfFile: fixture.path + "/content/guidance-note/old.md", encoding: .utf8)
        try fixture.write(text + "\nA new paragraph.\n", to: "content/guidance-note/old.md")
        let result = try PackagePaths.atrium(["report", "freshness", "--root", fixture.path, "--now", "2026-06-01", "--format", "csv", "--state", "uncommitted"])
        #expect(result.standardOutput.contains("old,content/guidance-note/old.md,guidance-note,hq-policy,draft,uncommitted,2028-06-01"))
    }
}

@Suite("Repository ownership (binary)")
struct OwnershipTests {
    @Test("a repository owned by another user is reported as git does, with the safe.directory fix")
    func dubiousOwnership() throws {
        guard geteuid() == 0 else {
            print("ownership test skipped: it needs root to give the repository to another user")
            return
        }
        let fixture = try FixtureRepository(FreshnessCommandTests.files, copyingSchemas: true)
        defer { fixture.remove() }
        try fixture.commitAll()
        _ = try ProcessRunner.run("chown", ["-R", "65534:65534", fixture.path])
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try PackagePaths.atrium(["check", "--root", fixture.path], environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.path])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("detected dubious ownership in repository at '\(fixture.root.resolvingSymlinksInPath().path)'")
            || result.standardOutput.contains("detected dubious ownership in repository at '\(fixture.path)'"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("git config --global --add safe.directory"))
    }
}

@Suite("date/after-commit (binary)")
struct DateAfterCommitTests {
    @Test("a date of issue after the file's last commit is flagged; one before it is not")
    func dateAfterCommit() throws {
        let files = FreshnessCommandTests.files.replacingOccurrences(of: "date: 2020-01-10\naudience: public\nstatus: draft\nlanguage: en\n---\nBody.\n-- content/guidance-note/reviewed.md",
                                                                    with: "date: 2021-05-05\naudience: public\nstatus: draft\nlanguage: en\n---\nBody.\n-- content/guidance-note/reviewed.md")
        #expect(files != FreshnessCommandTests.files)
        let fixture = try FixtureRepository(files, copyingSchemas: true)
        defer { fixture.remove() }
        try fixture.commitAll(message: "Add guidance", date: "2020-01-15T09:00:00Z")
        let result = try PackagePaths.atrium(["check", "--root", fixture.path, "--now", "2021-06-01"], environment: ["NO_COLOR": "1"])
        #expect(result.standardOutput.contains("content/guidance-note/old.md:6:7: warning[date/after-commit]: `date` is 2021-05-05, after the last commit that touched this file (2020-01-15)"),
                "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("reviewed.md:6:7: warning[date/after-commit]"))
    }
}
