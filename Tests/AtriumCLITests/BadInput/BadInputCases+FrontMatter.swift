import Foundation
import TestSupport

/// Front matter that cannot be split or does not hold fields, and YAML faults: from a colon in a
/// title to alias bombs and ten thousand levels of nesting.
extension BadInputCatalog {
    static let frontMatter: [BadInputCase] = [
        BadInputCase(
            category: .frontMatter, name: "an unquoted colon in a value",
            files: file(bad, "---\nid: bad\ntitle: Lessons: what worked\ntype: practice-note\n---\nBody.\n"),
            expected: [.error("yaml/syntax", bad, 3, 15, "mapping values are not allowed").help("must be quoted")], outcome: .fails),
        BadInputCase(
            category: .frontMatter, name: "front matter never closed",
            files: file(bad, "---\nid: bad\ntitle: Never closed\n\n# Heading\n\nText.\n"),
            expected: [.error("front-matter/unterminated", bad, 1, 1, "front matter opened here is never closed")], outcome: .fails),
        BadInputCase(
            category: .frontMatter, name: "no front matter at all",
            files: file(bad, "# Only a heading\n\nText.\n"),
            expected: [.error("front-matter/missing", bad, 1, 1, "file has no front matter")], outcome: .fails),
        BadInputCase(
            category: .frontMatter, name: "the opening fence forgotten",
            files: file(bad, "title: A note without its first fence\ntype: practice-note\n---\nBody.\n"),
            expected: [.error("front-matter/missing", bad, 1, 1, "missing its opening `---`").help("add a line containing only `---` before line 1")], outcome: .fails),
        BadInputCase(
            category: .frontMatter, name: "front matter that is a list",
            files: file(bad, "---\n- title\n- type\n---\nBody.\n"),
            expected: [.error("front-matter/not-mapping", bad, 2, 1, "front matter is a list")], outcome: .fails),
        BadInputCase(
            category: .frontMatter, name: "front matter that is a single value",
            files: file(bad, "---\njust some words\n---\nBody.\n"),
            expected: [.error("front-matter/not-mapping", bad, 2, 1, "front matter is a single value")], outcome: .fails),
        BadInputCase(
            category: .frontMatter, name: "empty front matter",
            files: file(bad, "---\n---\nBody.\n"),
            expected: [.error("type/missing", bad, 1, 1, "product has no `type`")], outcome: .fails),
        BadInputCase(
            category: .frontMatter, name: "an empty file",
            setup: BadInputFixture.bytes(bad, []),
            expected: [.error("file/empty", bad, 1, 1, "file is empty")], outcome: .fails),
        BadInputCase(
            category: .frontMatter, name: "a PDF renamed to .md",
            setup: BadInputFixture.bytes(bad, Array("%PDF-1.7\n".utf8) + [0x00, 0x01, 0xFF, 0x00, 0x0A]),
            expected: [.error("file/binary", bad, 1, 1, "holds binary data")], outcome: .fails),
        BadInputCase(
            category: .frontMatter, name: "a type that is a list",
            files: file(bad, BadInputFixture.product(id: "bad").replacingOccurrences(of: "type: practice-note", with: "type: [practice-note, guidance-note]")),
            expected: [.error("type/unknown", bad, 4, 7, "must be a single product type")], outcome: .fails),
        BadInputCase(
            category: .frontMatter, name: "a misspelt type",
            files: file(bad, BadInputFixture.product(id: "bad").replacingOccurrences(of: "type: practice-note", with: "type: practise-note")),
            expected: [.error("type/unknown", bad, 4, 7, "unknown product type `practise-note`").help("did you mean `practice-note`?")], outcome: .fails),
        BadInputCase(
            category: .frontMatter, name: "a field name that is a list",
            files: file(bad, "---\nid: bad\n? [title, type]\n: both\n---\nBody.\n"),
            expected: [.error("yaml/syntax", bad, 3, 3, "a field name must be a plain word")], outcome: .fails),
    ]

    static let yaml: [BadInputCase] = [
        BadInputCase(
            category: .yaml, name: "a tab used for indentation",
            files: file(bad, "---\nid: bad\nevent:\n\tname: Workshop\n---\nBody.\n"),
            expected: [.error("yaml/tab-indentation", bad, 4, 1, "tab character used for indentation")], outcome: .fails),
        BadInputCase(
            category: .yaml, name: "a field written twice",
            files: file(bad, BadInputFixture.product(id: "bad", extra: "title: A second title\n")),
            expected: [.error("yaml/duplicate-key", bad, 12, 1, "field `title` is written twice")], outcome: .fails),
        BadInputCase(
            category: .yaml, name: "an alias with no anchor",
            files: file(bad, "---\nid: bad\ntitle: *nothing\n---\nBody.\n"),
            expected: [.error("yaml/syntax", bad, 3, 8, "undefined alias")], outcome: .fails),
        BadInputCase(
            category: .yaml, name: "a quote never closed",
            files: file(bad, "---\nid: bad\ntitle: \"An open quote\ntype: practice-note\n---\nBody.\n"),
            expected: [.error("yaml/syntax", bad, 3, 8, "a quoted value opened here is never closed")], outcome: .fails),
        BadInputCase(
            category: .yaml, name: "a bracket never closed",
            files: file(bad, "---\nid: bad\ntags: [a, b\nowner: hq-policy\n---\nBody.\n"),
            expected: [.error("yaml/syntax", bad, 4, 6, "invalid YAML")], outcome: .fails),
        BadInputCase(
            category: .yaml, name: "a control character in a value",
            files: file(bad, "---\nid: bad\ntitle: a\u{01}b\n---\nBody.\n"),
            expected: [.error("yaml/syntax", bad, 3, 9, "invalid character")], outcome: .fails),
        BadInputCase(
            category: .yaml, name: "a date that does not exist",
            files: file(bad, BadInputFixture.product(id: "bad", date: "2024-02-30")),
            expected: [.error("date/invalid", bad, 7, 7, "`2024-02-30` is not a real date")], outcome: .fails),
        BadInputCase(
            category: .yaml, name: "an alias bomb (a billion laughs)",
            files: file(bad, "---\nid: bad\n" + aliasBomb + "---\nBody.\n"),
            expected: [.error("yaml/too-complex", bad, 3, 8, "front matter expands to more than 100000 values")], outcome: .fails,
            within: 10),
        BadInputCase(
            category: .yaml, name: "10,000 nested lists",
            files: file(bad, "---\nid: bad\ntags: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n---\nBody.\n"),
            expected: [.error("yaml/too-complex", bad, 3, 71, "nested more than 64 levels deep")], outcome: .fails, within: 10),
        BadInputCase(
            category: .yaml, name: "10,000 nested mappings",
            files: file(bad, "---\nid: bad\nevent: " + String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000) + "\n---\nBody.\n"),
            expected: [.error("yaml/too-complex", bad, 3, 264, "nested more than 64 levels deep")], outcome: .fails, within: 10),
        BadInputCase(
            // Block nesting 10,000 deep by indentation would take 50 MB of spaces; `- - - …` nests
            // block lists without indenting.
            category: .yaml, name: "10,000 nested block lists on one line",
            files: file(bad, "---\nid: bad\ntags:\n  " + String(repeating: "- ", count: 10_000) + "x\n---\nBody.\n"),
            expected: [.error("yaml/too-complex", bad, 4, 1, "nested more than 64 levels deep")], outcome: .fails, within: 10),
        BadInputCase(
            category: .yaml, name: "300 levels of indentation",
            files: file(bad, "---\nid: bad\nevent:\n" + (1...300).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\n") + "\n---\nBody.\n"),
            expected: [.error("yaml/too-complex", bad, 260, 1, "nested more than 64 levels deep")], outcome: .fails, within: 10),
    ]

    /// Nine anchors, each a list of nine aliases of the one before: 9⁹ values once expanded.
    static let aliasBomb: String = {
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            let previous = Character(Unicode.Scalar(UInt8(96 + level)))
            let current = Character(Unicode.Scalar(UInt8(97 + level)))
            yaml += "\(current): &\(current) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        return yaml
    }()
}
