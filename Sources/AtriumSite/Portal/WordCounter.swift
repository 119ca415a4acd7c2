import Foundation

/// Counts the words of a document's body for the search index, and gives its most frequent ones.
///
/// The same words as `SearchIndexBuilder.forEachToken` (longer than two characters, stop words
/// left out), counted without making a `String` of each: a body has a thousand or more words and
/// a few hundred distinct ones. Words are kept as bytes in one buffer, found again through an
/// open-addressing table of their FNV-1a hashes; only the candidates for the most frequent become
/// strings. A word with letters beyond ASCII is counted as written and split into terms once, at
/// the end (decomposition and Unicode categories cost far more than counting).
struct WordCounter {
    private struct Word {
        var start: Int
        var length: Int
        var hash: UInt64
        var count: Int
        /// Written with letters beyond ASCII, not yet split into terms.
        var isRaw: Bool
        var isStopWord: Bool
    }

    /// Every distinct word's bytes, one after another.
    private var storage: [UInt8] = []
    private var words: [Word] = []
    /// Index into `words` plus one; 0 is an empty slot. The count is a power of two.
    private var slots = [Int32](repeating: 0, count: 1024)

    init() {
        storage.reserveCapacity(8192)
    }

    /// Counts the words of `text`.
    mutating func count(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            SearchIndexBuilder.forEachWord(utf8) { word, isASCII in
                if !isASCII || word.count > 2 { add(word, isRaw: !isASCII) }
            }
        }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    private static let stopWordHashes: Set<UInt64> = Set(SearchIndexBuilder.stopWords.map { word in
        Array(word.utf8).withUnsafeBufferPointer(hash)
    })

    private mutating func add(_ bytes: [UInt8], isRaw: Bool, count: Int = 1) {
        bytes.withUnsafeBufferPointer { bytes in
            let hash = Self.hash(bytes) ^ (isRaw ? 1 : 0)
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 {
                let index = Int(slots[slot]) - 1
                if words[index].hash == hash, words[index].length == bytes.count, words[index].isRaw == isRaw,
                   storage.withUnsafeBufferPointer({ memcmp($0.baseAddress! + words[index].start, bytes.baseAddress!, bytes.count) == 0 }) {
                    words[index].count += count
                    return
                }
                slot = (slot + 1) & mask
            }
            let isStopWord = !isRaw && Self.stopWordHashes.contains(hash)
                && SearchIndexBuilder.stopWords.contains(String(decoding: bytes, as: UTF8.self))
            words.append(Word(start: storage.count, length: bytes.count, hash: hash, count: count, isRaw: isRaw, isStopWord: isStopWord))
            storage.append(contentsOf: bytes)
            slots[slot] = Int32(words.count)
            if words.count * 2 > slots.count { grow() }
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, word) in words.enumerated() {
            var slot = Int(truncatingIfNeeded: word.hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }

    /// The `limit` most frequent words that are not stop words, most frequent first, ties in
    /// alphabetical order. Only words at least as frequent as the `limit`-th become strings.
    /// Asked once, after counting: it folds the words beyond ASCII into their terms.
    mutating func mostFrequent(_ limit: Int) -> [String] {
        // Words beyond ASCII: decomposed, marks dropped, split as the index's other terms are,
        // each term counted as often as the word was.
        for raw in words where raw.isRaw {
            let text = String(decoding: storage[raw.start..<(raw.start + raw.length)], as: UTF8.self)
            for term in SearchIndexBuilder.unicodeTokens(text) where term.unicodeScalars.count > 2 {
                add(Array(term.utf8), isRaw: false, count: raw.count)
            }
        }
        let candidates = words.filter { !$0.isRaw && !$0.isStopWord }
        guard limit > 0, !candidates.isEmpty else { return [] }
        // The `limit`-th largest count, from a histogram of the counts (small numbers) rather
        // than by sorting all of them, a few hundred per body.
        let maximum = candidates.reduce(0) { max($0, $1.count) }
        var histogram = [Int](repeating: 0, count: maximum + 1)
        for word in candidates { histogram[word.count] += 1 }
        let wanted = min(limit, candidates.count)
        var threshold = maximum
        var atLeast = histogram[maximum]
        while atLeast < wanted {
            threshold -= 1
            atLeast += histogram[threshold]
        }
        var chosen: [(term: String, count: Int)] = []
        for word in candidates where word.count >= threshold {
            chosen.append((String(decoding: storage[word.start..<(word.start + word.length)], as: UTF8.self), word.count))
        }
        chosen.sort { $0.count != $1.count ? $0.count > $1.count : $0.term < $1.term }
        return chosen.prefix(limit).map(\.term)
    }
}
