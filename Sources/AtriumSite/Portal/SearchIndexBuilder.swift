import AtriumCore
import Foundation

/// The client-side search index, split so a first search downloads little: a manifest with the
/// facets of every document, documents in shards of `shardSize`, and terms in shards by their
/// first two characters (see site-template/README.md for the format).
struct SearchIndexBuilder {
    struct Document {
        var url: String
        var title: String
        var summary: String
        var typeLabel: String
        var date: String
        var language: String
        var freshness: String
        /// Facet term ids per facet, in `facetKinds` order.
        var facets: [[String]]
        /// Weighted text: title, tags and the like, summary, headings, body words.
        var fields: [(text: String, weight: Int)]
        var body: String
    }

    static let facetKinds: [TaxonomyKind] = [.type, .area, .support, .region, .unit, .freshness]
    /// Small, so that the twenty results a first search shows pull few bytes of documents they do not show.
    static let shardSize = 16
    /// Body words kept per document: its most frequent, which say what it is about.
    static let bodyTermsPerDocument = 40

    /// Files of the index, path → contents.
    static func build(_ documents: [Document], facetLabel: (TaxonomyKind, String) -> String) -> [(String, Data)] {
        var files: [(String, Data)] = []
        // Facets: every value in use, sorted by label; documents refer to them by index.
        var facetValues: [[String]] = []
        var facetIndex: [[String: Int]] = []
        for (position, kind) in facetKinds.enumerated() {
            let used = Set(documents.flatMap { $0.facets[position] })
            let sorted = used.sorted { (facetLabel(kind, $0), $0) < (facetLabel(kind, $1), $1) }
            facetValues.append(sorted)
            facetIndex.append(Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) }))
        }
        // Terms → postings. Each document's terms are found on every core; postings are then
        // gathered in document order, so each posting list comes out sorted.
        let termsByDocument = ParallelMap.map(documents) { document -> [String: Int] in
            var weights: [String: Int] = [:]
            for field in document.fields {
                for term in tokens(field.text) { weights[term] = max(weights[term] ?? 0, field.weight) }
            }
            var counter = WordCounter()
            counter.count(document.body)
            for term in counter.mostFrequent(bodyTermsPerDocument) where weights[term] == nil { weights[term] = 1 }
            return weights
        }
        var postings: [String: [Int]] = [:]
        for (number, weights) in termsByDocument.enumerated() {
            for (term, weight) in weights {
                postings[term, default: []].append(number)
                postings[term, default: []].append(weight)
            }
        }
        var shards: [String: [String: [Int]]] = [:]
        for (term, flat) in postings {
            shards[shardKey(term), default: [:]][term] = flat
        }
        for (key, terms) in shards {
            files.append(("search/terms/\(key).json", termShardJSON(terms)))
        }
        // Documents.
        for start in stride(from: 0, to: documents.count, by: shardSize) {
            let slice = documents[start..<min(start + shardSize, documents.count)]
            let rows: [[String]] = slice.map { [$0.url, $0.title, excerpt($0.summary), $0.typeLabel, $0.date, $0.language, $0.freshness] }
            files.append(("search/docs/\(start / shardSize).json", json(rows)))
        }
        let manifest: [String: Any] = [
            "version": 1,
            "docCount": documents.count,
            "shardSize": shardSize,
            "facets": facetKinds.enumerated().map { position, kind in
                ["key": kind.rawValue, "label": kind.singular,
                 "values": facetValues[position].map { ["id": $0, "label": facetLabel(kind, $0)] }] as [String: Any]
            },
            "docFacets": documents.map { document in
                document.facets.enumerated().map { position, values in values.compactMap { facetIndex[position][$0] }.sorted() }
            },
            "termShards": shards.keys.sorted(),
        ]
        files.append(("search/manifest.json", json(manifest)))
        return files
    }

    /// Lowercase, decomposed, marks removed, split on anything but letters and digits; one-character tokens dropped.
    /// search.js makes terms exactly the same way.
    ///
    /// Runs of ASCII take a fast path over bytes (most text of most portals); a word with any
    /// other character goes through Unicode decomposition and general categories.
    static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        forEachToken(text) { term, _ in result.append(term) }
        return result
    }

    /// `tokens`, one term at a time, without an array of them: a body has hundreds. `isASCII`
    /// says the term is plain ASCII (so its scalars are its bytes).
    static func forEachToken(_ text: String, _ body: (String, _ isASCII: Bool) -> Void) {
        forEachWord(text.utf8) { word, isASCII in
            if isASCII {
                if word.count >= 2 { body(String(decoding: word, as: UTF8.self), true) }
            } else {
                for term in unicodeTokens(String(decoding: word, as: UTF8.self)) { body(term, false) }
            }
        }
    }

    /// Splits UTF-8 text at ASCII characters other than letters and digits. `end` gets each
    /// word's bytes, ASCII letters lowercased, and whether they are all ASCII (a word with other
    /// bytes still needs `unicodeTokens`).
    static func forEachWord<Bytes: Sequence<UInt8>>(_ utf8: Bytes, _ end: (_ word: [UInt8], _ isASCII: Bool) -> Void) {
        var word: [UInt8] = []
        word.reserveCapacity(64)
        var isASCII = true
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                word.append(byte + 32)
            case 0x80...:
                word.append(byte)
                isASCII = false
            default:
                if !word.isEmpty {
                    end(word, isASCII)
                    word.removeAll(keepingCapacity: true)
                    isASCII = true
                }
            }
        }
        if !word.isEmpty { end(word, isASCII) }
    }

    /// The general case of `tokens` for one run of text between ASCII separators.
    static func unicodeTokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if current.count >= 2 { result.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                current.append(scalar)
            default:
                flush()
            }
        }
        flush()
        return result
    }

    /// The shard a term lives in: the lowercase hex of its first two characters' UTF-8 bytes.
    static func shardKey(_ term: String) -> String {
        let prefix = String(String.UnicodeScalarView(term.unicodeScalars.prefix(2)))
        return prefix.utf8.map { String(format: "%02x", $0) }.joined()
    }

    static func excerpt(_ text: String, limit: Int = 220) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }

    /// `{"term":[doc,weight,…],…}` with sorted keys. Terms are letters and digits only, so they
    /// need no escaping; written by hand because it is most of the index's bytes.
    static func termShardJSON(_ terms: [String: [Int]]) -> Data {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, term) in terms.keys.sorted().enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out += term.utf8
            out += "\":[".utf8
            for (position, number) in terms[term]!.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                appendDecimal(number, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
        return Data(out)
    }

    /// The index's JSON, byte for byte as `JSONSerialization` writes it with `.sortedKeys` and
    /// `.withoutEscapingSlashes`, for the values the index holds (text, integers, flags, lists and
    /// objects), without bridging every list and string to Foundation's classes first (which cost
    /// more than the rest of writing the index).
    static func json(_ value: Any) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        appendJSON(value, to: &out)
        return Data(out)
    }

    private static func appendJSON(_ value: Any, to out: inout [UInt8]) {
        switch value {
        case let text as String:
            appendJSONString(text, to: &out)
        case let flag as Bool:
            out += (flag ? "true" : "false").utf8
        case let number as Int:
            appendDecimal(number, to: &out)
        case let strings as [String]:
            appendJSONList(strings, to: &out) { appendJSONString($0, to: &$1) }
        case let rows as [[String]]:
            appendJSONList(rows, to: &out) { row, out in appendJSONList(row, to: &out) { appendJSONString($0, to: &$1) } }
        case let numbers as [[Int]]:
            appendJSONList(numbers, to: &out) { list, out in appendJSONList(list, to: &out) { appendDecimal($0, to: &$1) } }
        case let list as [Any]:
            appendJSONList(list, to: &out) { appendJSON($0, to: &$1) }
        case let object as [String: Any]:
            // JSONSerialization's order for `.sortedKeys`: numeric, case-insensitive, forced.
            let keys = object.keys.sorted {
                $0.compare($1, options: [.numeric, .caseInsensitive, .forcedOrdering], range: $0.startIndex..<$0.endIndex,
                           locale: NSLocale.system) == .orderedAscending
            }
            out.append(UInt8(ascii: "{"))
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendJSONString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                appendJSON(object[key]!, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        default:
            out += "null".utf8
        }
    }

    private static func appendJSONList<Element>(_ list: [Element], to out: inout [UInt8], _ element: (Element, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "["))
        for (index, item) in list.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            element(item, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// An integer's digits (a small string: nothing allocated).
    static func appendDecimal(_ number: Int, to out: inout [UInt8]) {
        out += String(number).utf8
    }

    /// Quotes and backslashes escaped, control characters as `\b \f \n \r \t` or `\u00xx`;
    /// everything else, slashes and text beyond ASCII included, as it is.
    private static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case 0x08: out += "\\b".utf8
            case 0x0C: out += "\\f".utf8
            case 0x0A: out += "\\n".utf8
            case 0x0D: out += "\\r".utf8
            case 0x09: out += "\\t".utf8
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += "\\u00".utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Words too common to say what a document is about, in the portal's main languages.
    static let stopWords: Set<String> = Set("""
    the and for that with this from are was were has have had not but its their they them which who what when where how \
    can will would should could may also more most other such than then there these those into about over under between \
    each all any our your his her she him one two three been being some only very just out use used using per via \
    les des une est pour que qui dans par sur pas plus ont sont aux avec ces son ses leur leurs ete elle ils nous vous \
    los las una por para con del que como mas sus ser son fue han sin sobre entre este esta estos estas tambien
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
}
