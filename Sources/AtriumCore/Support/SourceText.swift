/// A file's text with a line index, so diagnostics can quote the offending line.
/// Line endings are normalized: `\r\n` and lone `\r` count as one line break.
public struct SourceText: Sendable, Hashable {
    public let path: String
    public let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        var lines: [Substring] = []
        var lineStart = text.startIndex
        var index = text.startIndex
        // Swift treats "\r\n" as one Character, so one pass over characters sees each break once.
        while index < text.endIndex {
            let character = text[index]
            if character == "\n" || character == "\r\n" || character == "\r" {
                lines.append(text[lineStart..<index])
                lineStart = text.index(after: index)
            }
            index = text.index(after: index)
        }
        lines.append(text[lineStart..<text.endIndex])
        self.lines = lines
    }

    /// The text of a 1-based line, or nil past the end of the file.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }
}
