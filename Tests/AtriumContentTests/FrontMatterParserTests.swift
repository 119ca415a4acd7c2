import AtriumContent
import AtriumCore
import Foundation
import Testing

@Suite("Front matter positions")
struct FrontMatterParserTests {
    private func read(_ text: String, path: String = "content/x.md") -> ProductFileReader.Outcome {
        ProductFileReader(configuration: Configuration()).read(Data(text.utf8), path: path)
    }

    private func product(_ text: String) throws -> Product {
        let outcome = read(text)
        guard case .product(let product) = outcome.result else {
            Issue.record("expected a product, got diagnostics \(outcome.diagnostics)")
            throw FixtureFailure()
        }
        return product
    }

    struct FixtureFailure: Error {}

    @Test("every key and value keeps its file line and column")
    func positions() throws {
        let product = try product("""
        ---
        title: "Guidance on mediation"
        type: guidance-note
        authors:
          - Ana Pérez
          - "Li Wei"
        event:
          name: Flood response
          date: 2024-03-01
        ---
        # Body
        """)
        let root = product.frontMatter
        let title = try #require(root.entry("title"))
        #expect(title.keySpan.start == SourcePosition(line: 2, column: 1))
        #expect(title.value.span.start == SourcePosition(line: 2, column: 8))
        #expect(title.value.span.end == SourcePosition(line: 2, column: 31))
        #expect(title.value.text == "Guidance on mediation")
        let type = try #require(root["type"])
        #expect(type.span.start == SourcePosition(line: 3, column: 7))
        #expect(type.span.end == SourcePosition(line: 3, column: 20))
        let authors = try #require(root["authors"]).elements
        #expect(authors.count == 2)
        #expect(authors[0].span.start == SourcePosition(line: 5, column: 5))
        #expect(authors[0].text == "Ana Pérez")
        #expect(authors[1].span.start == SourcePosition(line: 6, column: 5))
        let eventDate = try #require(root["event"]?["date"])
        #expect(eventDate.span.start == SourcePosition(line: 9, column: 9))
        guard case .scalar(let scalar) = eventDate.value else { Issue.record("date is not a scalar"); return }
        #expect(scalar.resolved == .date("2024-03-01"))
        #expect(product.bodyStartLine == 11)
        #expect(product.body == "# Body")
        #expect(product.id == "x")
    }

    @Test("plain dates and quoted dates are both dates' text; quoted stays a string")
    func datesPlainAndQuoted() throws {
        let product = try product("---\ndate: 2024-02-14\napproved_on: \"2024-02-15\"\n---\n")
        guard case .scalar(let plain) = product.frontMatter["date"]!.value,
              case .scalar(let quoted) = product.frontMatter["approved_on"]!.value else {
            Issue.record("not scalars"); return
        }
        #expect(plain.resolved == .date("2024-02-14"))
        #expect(quoted.resolved == .string("2024-02-15"))
        #expect(product.date == CalendarDate(year: 2024, month: 2, day: 14))
    }

    @Test("YAML 1.2 core resolution: Norway stays a string, numbers and booleans resolve")
    func scalarResolution() throws {
        let product = try product("---\ncountry: NO\nyear: 2023\nflag: true\nratio: 1.5\nempty:\n---\n")
        func resolved(_ key: String) -> MetadataScalar.Resolved? {
            guard case .scalar(let scalar) = product.frontMatter[key]?.value else { return nil }
            return scalar.resolved
        }
        #expect(resolved("country") == .string("NO"))
        #expect(resolved("year") == .integer(2023))
        #expect(resolved("flag") == .bool(true))
        #expect(resolved("ratio") == .double(1.5))
        #expect(resolved("empty") == .null)
    }

    @Test("an explicit id wins over the file name")
    func explicitID() throws {
        let product = try product("---\nid: my-product\n---\n")
        #expect(product.id == "my-product")
        #expect(product.idSpan.start == SourcePosition(line: 2, column: 5))
    }

    @Test("CRLF line endings keep the same lines and columns")
    func crlf() throws {
        let product = try product("---\r\ntitle: A title\r\ntype: research-paper\r\n---\r\nBody\r\n")
        #expect(product.frontMatter["type"]?.span.start == SourcePosition(line: 3, column: 7))
        #expect(product.frontMatter["type"]?.text == "research-paper")
        #expect(product.bodyStartLine == 5)
    }

    @Test("a BOM is accepted with a warning and does not shift columns")
    func byteOrderMark() throws {
        let outcome = read("\u{FEFF}---\ntitle: A title\n---\n")
        guard case .product(let product) = outcome.result else { Issue.record("not a product"); return }
        #expect(product.frontMatter["title"]?.span.start == SourcePosition(line: 2, column: 8))
        #expect(outcome.diagnostics.map(\.rule.id) == ["encoding/bom"])
        #expect(outcome.diagnostics.first?.severity == .warning)
    }
}
