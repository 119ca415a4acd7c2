import AtriumContent
import AtriumCore
import AtriumValidation
import Foundation
import Testing
import TestSupport

/// The bundled schemas applied to products, with the author-facing messages at exact places.
@Suite("Schema validation")
struct SchemaValidationTests {
    static let configuration = """
    -- atrium.yml --
    site: {title: Test}
    languages: [en, fr]
    taxonomies:
      units: [{id: hq-policy, name: Policy}, {id: co-ke, name: Kenya}]
      strategic_areas: [{id: ending-violence, name: Ending violence}]
      support_types: [{id: capacity-development, name: Capacity development}]
      regions: [{id: east-southern-africa, name: East and Southern Africa}]
      countries: [{id: KE, name: Kenya, region: east-southern-africa}]

    """

    static let validGuidance = """
    ---
    title: Guidance on safe referrals
    type: guidance-note
    summary: How country offices refer survivors to services safely and with consent.
    owner: hq-policy
    date: 2024-03-01
    audience: public
    status: published
    language: en
    approved_by: Director, Policy Division
    approved_on: 2024-03-05
    ---
    Body.
    """

    private func check(_ files: String) throws -> [Diagnostic] {
        let fixture = try FixtureRepository(Self.configuration + files, copyingSchemas: true)
        defer { fixture.remove() }
        let configuration = try #require(ConfigurationLoader().load(root: fixture.path).configuration)
        let sink = DiagnosticSink()
        let repository = RepositoryLoader().load(root: fixture.path, configuration: configuration, sink: sink)
        let schemas = SchemaSet.load(root: fixture.path, configuration: configuration, fileSystem: LocalFileSystem(), sink: sink)
        RepositoryValidator(schemas: schemas).validate(repository, sink: sink)
        return sink.diagnostics
    }

    @Test("a valid product passes")
    func valid() throws {
        #expect(try check("-- content/guidance-note/a.md --\n" + Self.validGuidance).isEmpty)
    }

    @Test("a misspelt enum value: message with suggestion, caret on the value")
    func enumValue() throws {
        let diagnostics = try check("-- content/guidance-note/a.md --\n" + Self.validGuidance.replacingOccurrences(of: "status: published", with: "status: publshed"))
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        #expect(diagnostic.rule.id == "schema/enum")
        #expect(diagnostic.message == "`status` must be one of draft, in-review, published, archived, superseded — got `publshed`; did you mean `published`?")
        #expect(diagnostic.span == SourceSpan(file: "content/guidance-note/a.md", line: 8, column: 9, length: 8))
        #expect(diagnostic.help == "change it to `published`")
    }

    @Test("a missing required field points at the front matter's opening line")
    func missingField() throws {
        let diagnostics = try check("-- content/guidance-note/a.md --\n" + Self.validGuidance.replacingOccurrences(of: "owner: hq-policy\n", with: ""))
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        #expect(diagnostic.message == "missing required field `owner`")
        #expect(diagnostic.span?.start == SourcePosition(line: 1, column: 1))
    }

    @Test("a short summary says how long it is and what is asked")
    func shortSummary() throws {
        let diagnostics = try check("-- content/guidance-note/a.md --\n" + Self.validGuidance.replacingOccurrences(
            of: "summary: How country offices refer survivors to services safely and with consent.", with: "summary: Too short."))
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.message == "`summary` is 10 characters; the standard asks for at least 20")
        #expect(diagnostic.span?.start == SourcePosition(line: 4, column: 10))
    }

    @Test("an unknown field gets a suggestion and no cascade from the shared definition")
    func unknownField() throws {
        let broken = Self.validGuidance.replacingOccurrences(of: "title: ", with: "titel: ")
            .replacingOccurrences(of: "status: published", with: "status: publshed")
        let diagnostics = try check("-- content/guidance-note/a.md --\n" + broken)
        let messages = diagnostics.map(\.message)
        #expect(messages.contains("unknown field `titel` — did you mean `title`?"), "\(messages)")
        #expect(messages.contains("missing required field `title`"))
        #expect(messages.count == 3, "only the three real errors, no unknown-field cascade: \(messages)")
        let unknown = try #require(diagnostics.first { $0.message.hasPrefix("unknown field") })
        #expect(unknown.span == SourceSpan(file: "content/guidance-note/a.md", line: 2, column: 1, length: 5))
    }

    @Test("nested values are located: a recommendation's status")
    func nested() throws {
        let diagnostics = try check("""
        -- content/lessons-learned-study/l.md --
        ---
        title: Lessons from remote monitoring
        type: lessons-learned-study
        summary: What worked when staff could not travel to project sites.
        owner: co-ke
        date: 2024-03-01
        audience: internal
        status: published
        language: en
        recommendations:
          - id: R1
            text: Train monitors before deployment.
            owner: co-ke
            due: 2024-12-31
            status: done
        ---
        """)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.rule.id == "schema/enum")
        #expect(diagnostic.message.hasPrefix("`recommendations/0/status` must be one of") || diagnostic.message.contains("status"), "\(diagnostic.message)")
        #expect(diagnostic.span?.start == SourcePosition(line: 15, column: 13))
    }

    @Test("quoted and plain dates are both accepted; an impossible date is reported once")
    func dates() throws {
        let quoted = Self.validGuidance.replacingOccurrences(of: "date: 2024-03-01", with: "date: \"2024-03-01\"")
        #expect(try check("-- content/guidance-note/a.md --\n" + quoted).isEmpty)
        let impossible = Self.validGuidance.replacingOccurrences(of: "date: 2024-03-01", with: "date: 2024-02-30")
        let diagnostics = try check("-- content/guidance-note/a.md --\n" + impossible)
        #expect(diagnostics.map(\.rule.id) == ["date/invalid"], "\(diagnostics)")
        let quotedImpossible = Self.validGuidance.replacingOccurrences(of: "date: 2024-03-01", with: "date: \"2024-02-30\"")
        #expect(try check("-- content/guidance-note/a.md --\n" + quotedImpossible).map(\.rule.id) == ["schema/format"])
    }

    @Test("an unknown type gets the nearest type")
    func unknownType() throws {
        let diagnostics = try check("-- content/a.md --\n" + Self.validGuidance.replacingOccurrences(of: "type: guidance-note", with: "type: guidance-notes"))
        #expect(diagnostics.map(\.rule.id) == ["type/unknown"])
        #expect(diagnostics.first?.help == "did you mean `guidance-note`?")
    }

    @Test("taxonomy terms and duplicate ids")
    func crossFile() throws {
        let other = Self.validGuidance.replacingOccurrences(of: "owner: hq-policy", with: "owner: hq-polcy")
        let diagnostics = try check("""
        -- content/guidance-note/a.md --
        \(Self.validGuidance)
        -- content/guidance-note/b.md --
        ---
        id: a
        \(other.dropFirst(4))
        """)
        let rules = diagnostics.map(\.rule.id).sorted()
        #expect(rules == ["id/duplicate", "taxonomy/unknown"], "\(diagnostics)")
        let taxonomy = try #require(diagnostics.first { $0.rule.id == "taxonomy/unknown" })
        #expect(taxonomy.help == "did you mean `hq-policy`?")
        #expect(taxonomy.span?.start == SourcePosition(line: 6, column: 8))
    }

    @Test("every product of a generated benchmark corpus passes the bundled schemas")
    func generatedCorpus() throws {
        let generator = PackagePaths.root.appendingPathComponent("../shared/bench/gen-corpus").standardizedFileURL
        guard FileManager.default.fileExists(atPath: generator.path) else {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "gen-corpus must be available in CI")
            return
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-corpus-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let generated = try ProcessRunner.run("python3", [generator.path, "--products", "150", "--commits", "200", "--seed", "5", output.path])
        #expect(generated.status == 0, "\(generated.standardError)")
        try FileManager.default.copyItem(at: PackagePaths.root.appendingPathComponent("schemas"), to: output.appendingPathComponent("schemas"))
        let configuration = try #require(ConfigurationLoader().load(root: output.path).configuration)
        let sink = DiagnosticSink()
        let repository = RepositoryLoader().load(root: output.path, configuration: configuration, sink: sink)
        let schemas = SchemaSet.load(root: output.path, configuration: configuration, fileSystem: LocalFileSystem(), sink: sink)
        RepositoryValidator(schemas: schemas).validate(repository, sink: sink)
        #expect(repository.products.count == 150)
        // Only the standards' own rules: the generator does write a few authors who also review (qa/trail), on purpose.
        let errors = sink.diagnostics.filter { $0.severity == .error && $0.rule.id != "qa/trail" }
        #expect(errors.isEmpty, "\(errors.prefix(5))")
    }
}
