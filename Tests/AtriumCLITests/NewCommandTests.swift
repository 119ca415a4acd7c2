import Foundation
import Testing
import TestSupport

/// `atrium new` end to end: every type, the placeholders check flags, and the product passing once they are filled.
@Suite("atrium new (binary)")
struct NewCommandTests {
    static let types = [
        "after-action-review", "community-of-practice", "country-profile", "end-of-assignment-report", "expert-profile",
        "guidance-note", "knowledge-product-plan", "lessons-learned-study", "practice-note", "programming-tool",
        "research-paper", "survey-of-practice", "training-module",
    ]

    /// The sample repository's configuration and schemas, with no products.
    static func emptyRepository() throws -> FixtureRepository {
        let configuration = try String(contentsOf: PackagePaths.root.appendingPathComponent("atrium.yml"), encoding: .utf8)
        let fixture = try FixtureRepository("-- content/attachments/new-tool/template.csv --\nfield,value\n", copyingSchemas: true)
        try fixture.write(configuration, to: "atrium.yml")
        return fixture
    }

    /// What an author would write into each placeholder (dates agree with `--now 2024-01-10`).
    static let filler = PlaceholderFiller(values: [
        "summary": ["A summary of this product that is long enough for the standard."],
        "name": ["Regional knowledge fair"], "date": ["2024-01-05"], "start": ["2021-01-04"], "end": ["2024-01-05"],
        "went_well": ["Partners came prepared."], "to_improve": ["Invitations went out late."],
        "authors": ["Amina Odhiambo"], "position": ["Country Representative"], "office": ["co-np"],
        "person": ["Amina Odhiambo"], "unit": ["hq-policy"], "expertise": ["ending-violence"], "languages": ["en"],
        "contact": ["amina.odhiambo@meridian.example.org"], "practice_area": ["partnerships"],
        "function": ["procurement"], "compared": ["co-np", "co-ke"],
        "learning_objectives": ["Explain the budget cycle."], "duration": ["3 hours"], "delivery": ["online"],
        "attachments": ["content/attachments/new-tool/template.csv"], "country": ["KE"], "data_year": ["2023"],
        "purpose": ["Peers share what works in gender data."], "facilitator": ["Amina Odhiambo"],
        "members": ["Amina Odhiambo", "Tomás Rivera"], "state": ["active"],
        "title": ["Guidance on shelters"], "type": ["guidance-note"], "strategic_area": ["ending-violence"], "quarter": ["Q2"],
        "id": ["R1"], "text": ["Send invitations six weeks ahead."], "due": ["2024-06-30"], "status": ["open"],
    ])

    @Test("every type: a file under content/TYPE/, placeholders that check flags at their lines, and a pass once they are filled",
          arguments: types)
    func everyType(type: String) throws {
        let fixture = try Self.emptyRepository()
        defer { fixture.remove() }
        let created = try PackagePaths.atrium(["new", type, "A new \(type) for the test", "--owner", "hq-policy", "--now", "2024-01-10",
                                               "--root", fixture.path], in: fixture.root)
        #expect(created.status == 0, "\(created.standardError)")
        let path = "content/\(type)/a-new-\(type)-for-the-test.md"
        #expect(created.standardOutput == path + "\n")
        let text = try String(contentsOf: fixture.root.appendingPathComponent(path), encoding: .utf8)
        #expect(text.hasPrefix("---\n"))
        #expect(text.contains("\ntype: \(type)\n"))
        #expect(text.contains("\ntitle: \"A new \(type) for the test\"\n"))
        #expect(text.contains("\nid: a-new-\(type)-for-the-test\n"))
        #expect(text.contains("\ndate: 2024-01-10\n"))
        #expect(text.contains("\nowner: hq-policy\n"))
        #expect(text.contains("\nlanguage: en\n"))
        #expect(text.contains("\nstatus: draft\n"))
        #expect(text.contains("# TODO (required): Summary"))
        try fixture.commitAll(date: "2024-01-10T12:00:00Z")

        // As written, the check fails, and every error points at a line that is still empty.
        let unfilled = try PackagePaths.atrium(["check", "--root", fixture.path, "--now", "2024-01-11", "--format", "json"])
        #expect(unfilled.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(unfilled.standardOutput.utf8)) as? [String: Any])
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        let lines = text.components(separatedBy: "\n")
        #expect(!diagnostics.isEmpty)
        for diagnostic in diagnostics where diagnostic["severity"] as? String == "error" {
            let line = try #require(diagnostic["line"] as? Int, "\(diagnostic)")
            let written = lines[line - 1].trimmingCharacters(in: .whitespaces)
            #expect(written.hasSuffix(":") || written == "-", "error at a line that is not a placeholder: \(written) — \(diagnostic)")
            #expect(diagnostic["file"] as? String == path)
        }

        // Filled in, it passes.
        let filledText = try Self.filler.fill(text)
        try fixture.write(filledText, to: path)
        try fixture.commitAll(message: "Fill in", date: "2024-01-10T13:00:00Z")
        let filled = try PackagePaths.atrium(["check", "--root", fixture.path, "--now", "2024-01-11"])
        #expect(filled.status == 0, "\(filled.standardOutput)\n\(filledText)")
    }

    @Test("an existing file is never overwritten, and an id taken elsewhere is refused")
    func refusesToOverwrite() throws {
        let fixture = try Self.emptyRepository()
        defer { fixture.remove() }
        let first = try PackagePaths.atrium(["new", "practice-note", "Working with cooperatives", "--root", fixture.path])
        #expect(first.status == 0, "\(first.standardError)")
        let path = fixture.root.appendingPathComponent("content/practice-note/working-with-cooperatives.md")
        try fixture.write("---\ntitle: mine\n---\n", to: "content/practice-note/working-with-cooperatives.md")
        let again = try PackagePaths.atrium(["new", "practice-note", "Working with cooperatives", "--root", fixture.path])
        #expect(again.status == 2)
        #expect(again.standardError.contains("already exists"))
        #expect(try String(contentsOf: path, encoding: .utf8) == "---\ntitle: mine\n---\n")
        let elsewhere = try PackagePaths.atrium(["new", "guidance-note", "Working with cooperatives", "--root", fixture.path])
        #expect(elsewhere.status == 2)
        #expect(elsewhere.standardError.contains("the id `working-with-cooperatives` is taken by `content/practice-note/working-with-cooperatives.md`"))
    }

    @Test("unknown types and units are refused with a suggestion; defaults come from atrium.yml")
    func argumentsAndDefaults() throws {
        let fixture = try Self.emptyRepository()
        defer { fixture.remove() }
        let type = try PackagePaths.atrium(["new", "guidance-nte", "Budget guidance", "--root", fixture.path])
        #expect(type.status == 2)
        #expect(type.standardError.contains("did you mean `guidance-note`?"))
        let unit = try PackagePaths.atrium(["new", "guidance-note", "Budget guidance", "--owner", "hq-polcy", "--root", fixture.path])
        #expect(unit.status == 2)
        #expect(unit.standardError.contains("did you mean `hq-policy`?"))
        let arabic = try PackagePaths.atrium(["new", "guidance-note", "إرشادات الميزانية", "--root", fixture.path])
        #expect(arabic.status == 2)
        #expect(arabic.standardError.contains("--id"))

        let configuration = try String(contentsOf: fixture.root.appendingPathComponent("atrium.yml"), encoding: .utf8)
        try fixture.write(configuration + "\ndefaults:\n  owner: co-ke\n  language: fr\n", to: "atrium.yml")
        let defaulted = try PackagePaths.atrium(["new", "expert-profile", "Amina Odhiambo, gender statistics", "--id", "expert-amina",
                                                 "--root", fixture.path])
        #expect(defaulted.status == 0, "\(defaulted.standardError)")
        let text = try String(contentsOf: fixture.root.appendingPathComponent("content/expert-profile/expert-amina.md"), encoding: .utf8)
        #expect(text.contains("\nowner: co-ke\n"))
        #expect(text.contains("\nlanguage: fr\n"))
        #expect(text.contains("\naudience: internal"))
        #expect(text.contains("\nid: expert-amina\n"))
    }
}
