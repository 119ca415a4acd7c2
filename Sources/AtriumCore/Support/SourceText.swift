/// A file's text with a line index, so diagnostics can quote the offending line.
/// Line endings are normalized: `\r\n` and lone `\r` count as one line break.
public struct SourceText: Sendable, Hashable {
    public let path: String
    public let text: String
    /// Start and end (before the break) of every line.
    private let bounds: [Range<String.Index>]

    public init(path: String, text: String) {
        self.path = path
        // One pass over UTF-8 code units: line breaks are ASCII, so no grapheme breaking is needed.
        // Over the contiguous bytes (a string read from a file already has them), as offsets:
        // stepping a `String.Index` byte by byte costs several times more.
        var text = text
        let offsets = text.withUTF8 { bytes in
            var offsets: [(start: Int, end: Int)] = []
            var lineStart = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                    offsets.append((lineStart, index))
                    index += byte == UInt8(ascii: "\r") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") ? 2 : 1
                    lineStart = index
                } else {
                    index += 1
                }
            }
            offsets.append((lineStart, bytes.count))
            return offsets
        }
        self.text = text
        let utf8 = text.utf8
        var bounds: [Range<String.Index>] = []
        bounds.reserveCapacity(offsets.count)
        var position = utf8.startIndex
        var positionOffset = 0
        func index(at offset: Int) -> String.Index {
            position = utf8.index(position, offsetBy: offset - positionOffset)
            positionOffset = offset
            return position
        }
        for (start, end) in offsets {
            let lower = index(at: start)
            bounds.append(lower..<index(at: end))
        }
        self.bounds = bounds
    }

    public var lineCount: Int { bounds.count }

    /// Every line, without its line break.
    public var lines: [Substring] { bounds.map { text[$0] } }

    /// The text of a 1-based line, or nil past the end of the file.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= bounds.count else { return nil }
        return text[bounds[number - 1]]
    }

    /// The text from the start of a 1-based line to the end of the file, line breaks as written.
    public func text(fromLine number: Int) -> Substring {
        guard number >= 1, number <= bounds.count else { return text[text.endIndex...] }
        return text[bounds[number - 1].lowerBound...]
    }

    public static func == (lhs: SourceText, rhs: SourceText) -> Bool { lhs.path == rhs.path && lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(text)
    }
}
