import Foundation
import Testing
import TestSupport

/// The repository every bad-input case starts from: a configuration and one good product, which
/// must still compile whatever bad input a case adds beside it.
enum BadInputFixture {
    static let goodID = "good-practice"
    static let goodPath = "content/practice-note/good-practice.md"
    /// Where most cases put their bad product.
    static let bad = "content/practice-note/bad.md"
    /// Git cases commit on this date: after the products' `date`, before `--now`.
    static let commitDate = "2024-03-02T09:00:00Z"

    static let configuration = """
    site: {title: Bad Input Portal}
    review_intervals: {practice-note: 36 months}
    languages: [en]
    taxonomies:
      units: [{id: hq-policy, name: Policy Division}]

    """

    static let base = """
    -- atrium.yml --
    \(configuration)
    -- \(goodPath) --
    ---
    title: A good practice note on rosters
    type: practice-note
    summary: How offices keep rosters of experts current, in a summary long enough for the standard.
    owner: hq-policy
    date: 2024-03-01
    audience: public
    status: published
    language: en
    practice_area: partnerships
    ---
    ## Scope

    Body text.

    """

    /// A valid practice note. With an `id` its lines are: 1 `---`, 2 `id`, 3 `title`, 4 `type`,
    /// 5 `summary`, 6 `owner`, 7 `date`, 8 `audience`, 9 `status`, 10 `language`,
    /// 11 `practice_area`, then `extra` from line 12, then the closing `---` and the body.
    /// Without an `id` every line after the first moves up by one.
    static func product(id: String?, owner: String = "hq-policy", date: String = "2024-03-01", extra: String = "",
                        body: String = "## Scope\n\nBody text.\n") -> String {
        var text = "---\n"
        if let id { text += "id: \(id)\n" }
        text += """
        title: A practice note with a bad input
        type: practice-note
        summary: A summary of the product with the bad input, long enough for the standard.
        owner: \(owner)
        date: \(date)
        audience: public
        status: published
        language: en
        practice_area: partnerships

        """
        return text + extra + "---\n" + body
    }

    /// One file in `FixtureRepository`'s text form.
    static func file(_ path: String, _ contents: String) -> String {
        "-- \(path) --\n" + contents + (contents.hasSuffix("\n") ? "" : "\n")
    }

    /// Writes raw bytes (encodings, binary data) that the text form cannot carry.
    static func bytes(_ path: String, _ bytes: [UInt8]) -> @Sendable (FixtureRepository) throws -> Void {
        { fixture in try fixture.write(Data(bytes), to: path) }
    }

    /// A product outside the repository whose text would give it away if Atrium ever read it.
    static let outsideSecret = "Zyzzyva outside secret"

    /// Writes `outside-secret.md` into a folder beside the repository; returns that folder. The
    /// secret is on its first line too, the line a diagnostic about the whole file would quote.
    @discardableResult
    static func writeOutsideSecret(for fixture: FixtureRepository) throws -> String {
        let folder = BadInputRun.outside(of: fixture)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = "\(outsideSecret)\n" + product(id: "outside-secret").replacingOccurrences(of: "A practice note with a bad input", with: outsideSecret)
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/outside-secret.md"))
        return folder
    }

    /// Nothing of the outside product appears in any output: it was never read.
    static func neverReadOutside(_ run: BadInputRun) {
        for (name, text) in [("check", run.check.standardOutput), ("report", run.report.standardOutput),
                             ("build", (run.build?.standardOutput ?? "") + (run.build?.standardError ?? ""))] {
            #expect(!text.contains(outsideSecret) && !text.contains("outside-secret"), "the file outside the repository was read: \(name) shows it")
        }
    }

    static func link(_ path: String, to destination: String, in fixture: FixtureRepository) throws {
        let url = fixture.root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
    }
}
