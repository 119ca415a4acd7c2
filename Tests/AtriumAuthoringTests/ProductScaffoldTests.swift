import AtriumAuthoring
import AtriumCore
import Foundation
import Testing
import TestSupport

/// The schema-driven parts of `atrium new`, without the binary.
@Suite("Product scaffolds")
struct ProductScaffoldTests {
    static let library: SchemaLibrary = try! SchemaLibrary.load(root: PackagePaths.root.path, configuration: Configuration())

    @Test("ids from titles: lowercase ASCII words, accents folded, punctuation dropped")
    func slugs() throws {
        #expect(try ProductScaffold.slug("Gender-responsive budgeting: a guide") == "gender-responsive-budgeting-a-guide")
        #expect(try ProductScaffold.slug("Política de género en Colombia, 2025") == "politica-de-genero-en-colombia-2025")
        #expect(throws: ProductScaffold.RequestError.self) { try ProductScaffold.slug("إرشادات") }
    }

    @Test("a type's own definition of a field wins over the shared one, and conditional requirements are kept")
    func mergedShape() throws {
        let report = try #require(Self.library.productShape(ofType: "end-of-assignment-report"))
        #expect(report.property("audience")?.constValue?.stringValue == "internal")
        #expect(report.property("authors")?.items.first?.definition == "person")
        #expect(report.required.contains("assignment") && report.required.contains("summary"))
        let guidance = try #require(Self.library.productShape(ofType: "guidance-note"))
        #expect(guidance.conditionalRequirements.contains { $0.condition == "`status` is published" && $0.required == ["approved_by", "approved_on"] })
    }

    @Test("the draft derives what it can and leaves the rest empty under TODO comments")
    func draft() throws {
        var configuration = Configuration(languages: ["fr", "en"], taxonomies: Taxonomies(units: [TaxonomyTerm(id: "co-ke", name: "Kenya")]))
        configuration.defaults = ProductDefaults()
        let draft = try ProductScaffold(configuration: configuration, library: Self.library).draft(
            .init(type: "survey-of-practice", title: "Procurement across offices", today: CalendarDate(year: 2025, month: 3, day: 4)!))
        #expect(draft.path == "content/survey-of-practice/procurement-across-offices.md")
        #expect(draft.text.contains("\nowner: co-ke\n"), "the only unit is the owner")
        #expect(draft.text.contains("\nlanguage: fr\n"), "the first configured language")
        #expect(draft.text.contains("\ndate: 2025-03-04\n"))
        #expect(draft.text.contains("\naudience: internal"))
        // `compared` needs two units: two empty items.
        #expect(draft.text.contains("compared:\n  -\n  -\n"))
        #expect(draft.placeholders == ["summary", "function", "compared"])
    }
}
