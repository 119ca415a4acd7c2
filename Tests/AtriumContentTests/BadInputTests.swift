import AtriumContent
import AtriumCore
import Foundation
import Testing

/// Each bad input gets one clear diagnostic at the right place, and nothing crashes.
@Suite("Bad input")
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let rule: String
        let line: Int
        let column: Int
        let messageContains: String

        init(_ name: String, _ text: String, rule: String, line: Int, column: Int, message: String) {
            self.init(name, Array(text.utf8), rule: rule, line: line, column: column, message: message)
        }

        init(_ name: String, _ bytes: [UInt8], rule: String, line: Int, column: Int, message: String) {
            self.name = name
            self.bytes = bytes
            self.rule = rule
            self.line = line
            self.column = column
            self.messageContains = message
        }

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case("malformed YAML", "---\ntitle: Lessons: what worked\n---\n", rule: "yaml/syntax", line: 2, column: 15,
             message: "mapping values are not allowed"),
        Case("unclosed flow list", "---\ntitle: x\ntags: [a, b\nowner: y\n---\n", rule: "yaml/syntax", line: 4, column: 6,
             message: "invalid YAML"),
        Case("unterminated front matter", "---\ntitle: x\n\n# Heading\n", rule: "front-matter/unterminated", line: 1, column: 1,
             message: "never closed"),
        Case("tab-indented block", "---\nevent:\n\tname: x\n---\n", rule: "yaml/tab-indentation", line: 3, column: 1,
             message: "tab"),
        Case("duplicate keys", "---\ntitle: a\nowner: b\ntitle: c\n---\n", rule: "yaml/duplicate-key", line: 4, column: 1,
             message: "`title` is written twice"),
        Case("duplicate nested keys", "---\nevent:\n  name: a\n  name: b\n---\n", rule: "yaml/duplicate-key", line: 4, column: 3,
             message: "`name` is written twice"),
        Case("invalid UTF-8", [UInt8]("---\ntitle: caf".utf8) + [0xE9] + [UInt8]("\n---\n".utf8),
             rule: "encoding/invalid-utf8", line: 2, column: 11, message: "0xE9"),
        Case("empty file", "", rule: "file/empty", line: 1, column: 1, message: "empty"),
        Case("binary file", [0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02], rule: "file/binary", line: 1, column: 1, message: "binary"),
        Case("front matter is a list", "---\n- a\n- b\n---\n", rule: "front-matter/not-mapping", line: 2, column: 1,
             message: "a list"),
        Case("front matter is a scalar", "---\njust words\n---\n", rule: "front-matter/not-mapping", line: 2, column: 1,
             message: "a single value"),
        Case("no front matter", "# Just a heading\n", rule: "front-matter/missing", line: 1, column: 1, message: "no front matter"),
        Case("missing opening fence", "title: x\ntype: y\n---\n", rule: "front-matter/missing", line: 1, column: 1,
             message: "opening `---`"),
        Case("impossible date", "---\ndate: 2024-02-30\n---\n", rule: "date/invalid", line: 2, column: 7, message: "not a real date"),
        Case("impossible month", "---\ndate: 2023-13-01\n---\n", rule: "date/invalid", line: 2, column: 7, message: "not a real date"),
        Case("deep flow nesting", "---\nx: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n---\n",
             rule: "yaml/too-complex", line: 2, column: 68, message: "nested more than 64"),
        Case("deep block nesting", "---\nx:\n" + (1...300).map { String(repeating: " ", count: $0) + "- " }.joined(separator: "\n") + "\n---\n",
             rule: "yaml/too-complex", line: 259, column: 1, message: "nested more than"),
        Case("undefined alias", "---\ntitle: *nothing\n---\n", rule: "yaml/syntax", line: 2, column: 8, message: "undefined alias"),
        Case("control character", "---\ntitle: a\u{01}b\n---\n", rule: "yaml/syntax", line: 2, column: 9, message: "invalid character"),
    ]

    @Test("diagnostic rule, line and column", arguments: cases)
    func badInput(_ badCase: Case) {
        let outcome = ProductFileReader(configuration: Configuration()).read(Data(badCase.bytes), path: "content/bad.md")
        let diagnostic = outcome.diagnostics.first { $0.severity == .error }
        #expect(diagnostic?.rule.id == badCase.rule, "\(outcome.diagnostics)")
        #expect(diagnostic?.span?.file == "content/bad.md")
        #expect(diagnostic?.span?.start.line == badCase.line, "\(String(describing: diagnostic))")
        #expect(diagnostic?.span?.start.column == badCase.column, "\(String(describing: diagnostic))")
        #expect(diagnostic?.message.contains(badCase.messageContains) == true, "\(String(describing: diagnostic?.message))")
        #expect(diagnostic?.help?.isEmpty == false || badCase.rule == "yaml/syntax")
    }

    @Test("a YAML alias bomb is rejected quickly")
    func aliasBomb() {
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            let previous = Character(Unicode.Scalar(UInt8(96 + level)))
            let current = Character(Unicode.Scalar(UInt8(97 + level)))
            yaml += "\(current): &\(current) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let start = Date()
        let outcome = ProductFileReader(configuration: Configuration()).read(Data("---\n\(yaml)---\n".utf8), path: "content/bomb.md")
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(outcome.diagnostics.map(\.rule.id) == ["yaml/too-complex"])
        if case .failed = outcome.result {} else { Issue.record("an alias bomb must not compile") }
    }

    @Test("a small alias is fine")
    func smallAlias() {
        let outcome = ProductFileReader(configuration: Configuration())
            .read(Data("---\nauthors: &people [Ana, Li]\nreviewers: *people\n---\n".utf8), path: "content/a.md")
        guard case .product(let product) = outcome.result else { Issue.record("\(outcome.diagnostics)"); return }
        #expect(product.frontMatter["reviewers"]?.elements.compactMap(\.text) == ["Ana", "Li"])
    }

    @Test("files matching front_matter_optional are pages, not failures")
    func optionalFrontMatter() {
        let configuration = Configuration(content: ContentSettings(frontMatterOptional: ["**/README.md"]))
        let outcome = ProductFileReader(configuration: configuration).read(Data("# Readme\n".utf8), path: "content/guides/README.md")
        #expect(outcome.diagnostics.isEmpty)
        if case .page(let page) = outcome.result { #expect(page.body == "# Readme\n") } else { Issue.record("expected a page") }
    }
}
