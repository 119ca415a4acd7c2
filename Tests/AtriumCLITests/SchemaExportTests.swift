import Foundation
import Testing
import TestSupport

/// `atrium schema export`: self-contained schemas that accept what the check accepts, refuse unknown
/// fields without `unevaluatedProperties`, and carry atrium.yml's taxonomies as enums.
@Suite("atrium schema export (binary)")
struct SchemaExportTests {
    /// The sample repository's configuration, schemas and content, outside git.
    static func sampleRepository() throws -> FixtureRepository {
        let fixture = try FixtureRepository("", copyingSchemas: true)
        try FileManager.default.copyItem(at: PackagePaths.root.appendingPathComponent("content"), to: fixture.root.appendingPathComponent("content"))
        try FileManager.default.copyItem(at: PackagePaths.root.appendingPathComponent("atrium.yml"), to: fixture.root.appendingPathComponent("atrium.yml"))
        return fixture
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test("one standalone file per type with the taxonomies as enums, and a README with the VS Code wiring")
    func filesAndEnums() throws {
        let fixture = try Self.sampleRepository()
        defer { fixture.remove() }
        let result = try PackagePaths.atrium(["schema", "export", "--root", fixture.path, "--out", "editor"])
        #expect(result.status == 0, "\(result.standardError)")
        let folder = fixture.root.appendingPathComponent("editor")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count == 14)
        #expect(names.contains("README.md"))
        for name in names where name.hasSuffix(".json") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("common.schema.json#"), "\(name) refers outside itself")
            #expect(!text.contains("unevaluatedProperties"), "\(name) relies on a keyword draft-07 editors ignore")
            #expect(!text.contains("\"$schema\""))
        }
        let guidance = try Self.json(folder.appendingPathComponent("guidance-note.schema.json"))
        #expect(guidance["additionalProperties"] as? Bool == false)
        let properties = try #require(guidance["properties"] as? [String: Any])
        for field in ["title", "summary", "owner", "approved_by", "strategic_areas", "type"] {
            #expect(properties[field] != nil, "guidance-note has no `\(field)`")
        }
        let definitions = try #require(guidance["$defs"] as? [String: Any])
        let units = try #require(definitions["unitId"] as? [String: Any])
        #expect((units["enum"] as? [String])?.contains("co-ke") == true)
        #expect((units["description"] as? String)?.contains("co-ke (Country Office Kenya)") == true)
        let areas = try #require((properties["strategic_areas"] as? [String: Any])?["items"] as? [String: Any])
        #expect((areas["enum"] as? [String])?.contains("peace-and-security") == true)
        let languages = try #require(definitions["languageCode"] as? [String: Any])
        #expect(languages["enum"] as? [String] == ["en", "fr", "es", "ar"])
        let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("\"yaml.schemas\""))
        #expect(readme.contains("'./editor/guidance-note.schema.json': ['./content/guidance-note/*.md']"))
        #expect(readme.contains("does not read the front matter"))
    }

    @Test("used as the repository's schemas, the exports accept the whole sample and refuse a misspelt field and an unknown unit")
    func exportsAgreeWithTheCheck() throws {
        let fixture = try Self.sampleRepository()
        defer { fixture.remove() }
        let result = try PackagePaths.atrium(["schema", "export", "--root", fixture.path, "--out", "exported"])
        #expect(result.status == 0, "\(result.standardError)")
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("schemas"))
        try FileManager.default.moveItem(at: fixture.root.appendingPathComponent("exported"), to: fixture.root.appendingPathComponent("schemas"))
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("schemas/README.md"))
        let passing = try PackagePaths.atrium(["check", "--root", fixture.path, "--no-git", "--now", "2026-11-01"])
        #expect(passing.status == 0, "\(passing.standardOutput)")
        #expect(passing.standardOutput.contains("32 products, 0 errors"))

        try fixture.write("""
        ---
        title: A practice note with mistakes
        type: practice-note
        summary: A summary that is long enough for the standard of the repository.
        owner: co-xx
        date: 2024-01-01
        audience: public
        status: draft
        language: en
        practice_area: partnerships
        practise_area: typo
        ---
        Body.
        """, to: "content/practice-note/pn-mistakes.md")
        let failing = try PackagePaths.atrium(["check", "--root", fixture.path, "--no-git", "--now", "2026-11-01", "--format", "json"])
        #expect(failing.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(failing.standardOutput.utf8)) as? [String: Any])
        let rules = Set((report["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String })
        #expect(rules.contains("schema/additionalProperties"), "\(failing.standardOutput)")
        #expect(rules.contains("schema/enum"), "\(failing.standardOutput)")
    }
}
