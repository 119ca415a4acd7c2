import Foundation
import TestSupport

/// Files that are not plain UTF-8 with `\n` line ends: byte-order marks, UTF-16, bytes of legacy
/// encodings in the front matter or the body, and Windows and old Mac line endings, whose line
/// numbers must still be right.
extension BadInputCatalog {
    static let encoding: [BadInputCase] = [
        BadInputCase(
            category: .encoding, name: "a UTF-8 byte-order mark",
            setup: BadInputFixture.bytes(bad, [0xEF, 0xBB, 0xBF] + Array(BadInputFixture.product(id: "bad").utf8)),
            expected: [.warning("encoding/bom", bad, 1, 1, "starts with a UTF-8 byte-order mark")], outcome: .passes),
        BadInputCase(
            category: .encoding, name: "UTF-16 with a byte-order mark",
            setup: BadInputFixture.bytes(bad, [0xFF, 0xFE] + utf16(BadInputFixture.product(id: "bad"), littleEndian: true)),
            expected: [.error("encoding/invalid-utf8", bad, 1, 1, "file is UTF-16 (little-endian) text").help("re-save the file as UTF-8")], outcome: .fails),
        BadInputCase(
            category: .encoding, name: "UTF-16 big-endian without a byte-order mark",
            setup: BadInputFixture.bytes(bad, utf16(BadInputFixture.product(id: "bad"), littleEndian: false)),
            expected: [.error("encoding/invalid-utf8", bad, 1, 1, "file is UTF-16 (big-endian) text")], outcome: .fails),
        BadInputCase(
            category: .encoding, name: "a Windows-1252 byte in the front matter",
            setup: BadInputFixture.bytes(bad, Array("---\nid: bad\ntitle: Caf".utf8) + [0xE9] + Array(" practice\ntype: practice-note\n---\nBody.\n".utf8)),
            expected: [.error("encoding/invalid-utf8", bad, 3, 11, "byte 0xE9 is not valid UTF-8")], outcome: .fails),
        BadInputCase(
            category: .encoding, name: "a Windows-1252 byte in the body, and a metadata error too",
            setup: BadInputFixture.bytes(bad, Array(BadInputFixture.product(id: "bad", owner: "hq-polcy", body: "## Scope\n\nCaf").utf8)
                + [0xE9] + Array(" culture.\n".utf8)),
            expected: [.error("encoding/invalid-utf8", bad, 15, 4, "byte 0xE9 is not valid UTF-8"),
                       .error("taxonomy/unknown", bad, 6, 8, "`hq-polcy` is not a configured unit").help("did you mean `hq-policy`?")], outcome: .fails),
        BadInputCase(
            category: .encoding, name: "an encoded UTF-16 surrogate in the body",
            setup: BadInputFixture.bytes(bad, Array(BadInputFixture.product(id: "bad", body: "Text ").utf8) + [0xED, 0xA0, 0x80] + Array(".\n".utf8)),
            expected: [.error("encoding/invalid-utf8", bad, 13, 6, "byte 0xED is not valid UTF-8")], outcome: .fails),
        BadInputCase(
            category: .encoding, name: "a character cut off at the end of the file",
            setup: BadInputFixture.bytes(bad, Array(BadInputFixture.product(id: "bad", body: "Costs 5").utf8) + [0xE2, 0x82]),
            expected: [.error("encoding/invalid-utf8", bad, 13, 8, "byte 0xE2 is not valid UTF-8")], outcome: .fails),
        BadInputCase(
            category: .encoding, name: "Windows line endings keep their line numbers",
            setup: BadInputFixture.bytes(bad, Array(BadInputFixture.product(id: "bad", owner: "hq-polcy").replacingOccurrences(of: "\n", with: "\r\n").utf8)),
            expected: [.error("taxonomy/unknown", bad, 6, 8, "`hq-polcy` is not a configured unit")], outcome: .fails),
        BadInputCase(
            category: .encoding, name: "old Mac line endings (a lone CR) keep their line numbers",
            setup: BadInputFixture.bytes(bad, Array(BadInputFixture.product(id: "bad", owner: "hq-polcy").replacingOccurrences(of: "\n", with: "\r").utf8)),
            expected: [.error("taxonomy/unknown", bad, 6, 8, "`hq-polcy` is not a configured unit")], outcome: .fails),
        BadInputCase(
            category: .encoding, name: "a bad byte after lone-CR line endings is placed on its line",
            setup: BadInputFixture.bytes(bad, Array(BadInputFixture.product(id: "bad", body: "Caf").replacingOccurrences(of: "\n", with: "\r").utf8) + [0xE9, 0x0D]),
            expected: [.error("encoding/invalid-utf8", bad, 13, 4, "byte 0xE9 is not valid UTF-8")], outcome: .fails),
        BadInputCase(
            category: .encoding, name: "mixed line endings",
            setup: BadInputFixture.bytes(bad, Array(BadInputFixture.product(id: "bad", owner: "hq-polcy")
                .replacingOccurrences(of: "id: bad\n", with: "id: bad\r\n").replacingOccurrences(of: "summary:", with: "\rsummary:").utf8)),
            expected: [.error("taxonomy/unknown", bad, 7, 8, "`hq-polcy` is not a configured unit")], outcome: .fails),
    ]

    static func utf16(_ text: String, littleEndian: Bool) -> [UInt8] {
        text.utf16.flatMap { unit in littleEndian ? [UInt8(unit & 0xFF), UInt8(unit >> 8)] : [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
    }
}
