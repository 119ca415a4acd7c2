import AtriumContent
import AtriumCore
import Testing

@Suite("atrium.yml")
struct ConfigurationLoaderTests {
    @Test("the bundled atrium.yml loads without problems")
    func bundledConfiguration() throws {
        let result = ConfigurationLoader().load(root: PackageRoot.path)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let configuration = try #require(result.configuration)
        #expect(!configuration.taxonomies.units.isEmpty)
        #expect(configuration.taxonomies.strategicAreas.count >= 5)
        #expect(configuration.taxonomies.supportTypes.count == 6)
        #expect(configuration.reviewIntervals["guidance-note"] == .every(24, .month))
        #expect(configuration.reviewIntervals["end-of-assignment-report"] == .never)
    }

    @Test("settings are read with their types")
    func settings() throws {
        let result = ConfigurationLoader().parse("""
        site:
          title: Portal
          base_url: https://km.example.org/
        content:
          front_matter_optional: ["README.md"]
          max_file_size: 2 MB
        freshness:
          due_soon_window: 30 days
        review_intervals:
          guidance-note: 18 months
        languages: [en, fr]
        taxonomies:
          units:
            - {id: hq-policy, name: Policy Division, kind: headquarters}
          regions: [arab-states]
        rules:
          freshness/overdue: error
          encoding/bom: off
        """)
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics)")
        let configuration = try #require(result.configuration)
        #expect(configuration.site.baseURL == "https://km.example.org/")
        #expect(configuration.content.maxFileSize == 2 * 1024 * 1024)
        #expect(configuration.freshness.dueSoonWindow == .every(30, .day))
        #expect(configuration.reviewIntervals["guidance-note"] == .every(18, .month))
        #expect(configuration.taxonomies.units == [TaxonomyTerm(id: "hq-policy", name: "Policy Division", kind: "headquarters")])
        #expect(configuration.taxonomies.regions.map(\.id) == ["arab-states"])
        #expect(configuration.rules["encoding/bom"] == .off)
    }

    @Test("a malformed setting is reported where it is written")
    func malformedSetting() {
        let result = ConfigurationLoader().parse("review_intervals:\n  guidance-note: sometimes\n")
        let diagnostic = result.diagnostics.first
        #expect(diagnostic?.rule.id == "config/invalid")
        #expect(diagnostic?.span?.start == SourcePosition(line: 2, column: 18))
        #expect(!result.isUsable)
    }

    @Test("a misspelt setting gets a suggestion")
    func misspeltSetting() {
        let result = ConfigurationLoader().parse("taxonomies:\n  unitss: []\n")
        let diagnostic = result.diagnostics.first
        #expect(diagnostic?.message == "unknown setting `taxonomies.unitss`")
        #expect(diagnostic?.help == "did you mean `units`?")
        #expect(diagnostic?.span?.start == SourcePosition(line: 2, column: 3))
    }

    @Test("invalid YAML and a non-mapping file are unusable")
    func invalidYAML() {
        #expect(!ConfigurationLoader().parse("site: [unclosed\n").isUsable)
        let list = ConfigurationLoader().parse("- a\n- b\n")
        #expect(!list.isUsable)
        #expect(list.diagnostics.first?.message.contains("must be a mapping") == true)
    }

    @Test("a missing atrium.yml says how to create one")
    func missingFile() {
        let result = ConfigurationLoader().load(root: "/nonexistent-\(Int.random(in: 0...1_000_000))")
        #expect(result.configuration == nil)
        #expect(result.diagnostics.first?.help?.contains("atrium init") == true)
    }
}
