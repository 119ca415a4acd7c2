@testable import AtriumValidation
import Testing

@Suite("Id slugs: the ASCII fast path")
struct IdentifierSlugTests {
    /// Ids in ASCII are judged from their bytes; every answer must be the one the Unicode
    /// properties give. Random ids over an alphabet of letters, digits, separators and the
    /// characters that must be refused, with a fixed seed so a failure can be replayed.
    @Test("agrees with the check by Unicode properties on every ASCII id tried")
    func asciiAgrees() {
        var generator = SplitMix(seed: 0x5EED_1D5)
        let alphabet = Array("aZ09-_. /\\:%\u{7F}\u{0}\tq".unicodeScalars)
        var tried = 0
        var valid = 0
        for length in 0...9 {
            for _ in 0..<3000 {
                var id = String.UnicodeScalarView()
                for _ in 0..<length { id.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
                let text = String(id)
                #expect(IdentifierRules.isValidASCIISlug(text) == IdentifierRules.isValidSlugByScalars(text), "\(text.debugDescription)")
                tried += 1
                if IdentifierRules.isValidSlug(text) { valid += 1 }
            }
        }
        // Both kinds of answer were met, so the comparison compared something.
        #expect(valid > 1000 && valid < tried - 1000, "\(valid) of \(tried)")
        for id in [String(repeating: "a", count: 200), String(repeating: "a", count: 201), "a--b", "a-b", "-a", "a.", ""] {
            #expect(IdentifierRules.isValidSlug(id) == IdentifierRules.isValidSlugByScalars(id), "\(id)")
        }
        #expect(IdentifierRules.isValidSlug(String(repeating: "a", count: 200)))
        #expect(!IdentifierRules.isValidSlug(String(repeating: "a", count: 201)))
    }

    @Test("ids with other scripts or combining marks take the Unicode path")
    func nonASCII() {
        #expect(IdentifierRules.isValidASCIISlug("café") == nil)
        #expect(IdentifierRules.isValidSlug("café-2024"))
        #expect(IdentifierRules.isValidSlug("cafe\u{301}"))
        #expect(IdentifierRules.isValidSlug("دليل-السلامة"))
        #expect(!IdentifierRules.isValidSlug("café/../x"))
        #expect(IdentifierRules.pageKey("Guide-A") == "guide-a")
        #expect(IdentifierRules.pageKey("Cafe\u{301}") == IdentifierRules.pageKey("café"))
    }
}

/// A small deterministic generator (SplitMix64).
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
