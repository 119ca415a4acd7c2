import AtriumCore
import Testing
import TestSupport

@Suite("Markup escaping")
struct MarkupTextTests {
    /// The definition, one Unicode scalar at a time: what the byte-level escaper must match.
    static func reference(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": continue
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    @Test("markup characters, XML-forbidden controls and noncharacters")
    func examples() {
        #expect(MarkupText.escape("Tom & Jerry's <b>\"x\"</b>") == "Tom &amp; Jerry&#39;s &lt;b&gt;&quot;x&quot;&lt;/b&gt;")
        #expect(MarkupText.escape("a\u{1}b\tc\nd\u{FFFE}e\u{FFFF}f\u{FFFD}") == "ab\tc\ndef\u{FFFD}")
        #expect(MarkupText.escape("Ĉu vi parolas? — «oui» 日本 \u{EF}") == "Ĉu vi parolas? — «oui» 日本 \u{EF}")
        #expect(MarkupText.escape("") == "")
    }

    @Test("matches the scalar-by-scalar definition on random text")
    func randomText() {
        // Scalars chosen to hit every branch: ASCII markup, controls, multi-byte sequences that
        // start with 0xEF (U+F000…U+FFFF, noncharacters among them), and others.
        let pool: [Unicode.Scalar] = ["a", "Z", " ", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{0}", "\u{7}", "\u{B}", "\u{1F}",
                                      "é", "—", "日", "\u{F000}", "\u{FEFF}", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{1F600}", "\u{EFBF}"]
        var generator = SplitMix64(seed: 42)
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 24) { text.unicodeScalars.append(pool[Int(generator.next() % UInt64(pool.count))]) }
            #expect(MarkupText.escape(text) == Self.reference(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
