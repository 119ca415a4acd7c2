import AtriumCore
import Foundation

/// Separates a Markdown file into its YAML front matter and its body, keeping the file line
/// on which each starts so that positions reported later point into the real file.
public struct FrontMatterSplitter: Sendable {
    /// The two parts of a file with front matter.
    public struct Parts: Sendable, Hashable {
        /// The YAML between the fences, line breaks normalized to `\n`.
        public var yaml: String
        /// File line of the first YAML line (2 when the file opens with `---`).
        public var yamlStartLine: Int
        public var body: String
        public var bodyStartLine: Int
    }

    public enum Outcome: Sendable {
        case split(Parts)
        /// The file does not open with `---`.
        case noFrontMatter(body: String)
        case failed(Diagnostic)
    }

    public init() {}

    /// Splits already-decoded text (BOM removed). `path` is used for diagnostics only.
    public func split(_ text: String, path: String) -> Outcome {
        let lines = SourceText(path: path, text: text).lines
        guard let first = lines.first, isFence(first, closing: false) else {
            return .noFrontMatter(body: text)
        }
        guard let closing = lines.indices.dropFirst().first(where: { isFence(lines[$0], closing: true) }) else {
            return .failed(unterminated(lines: lines, path: path))
        }
        let yaml = lines[1..<closing].joined(separator: "\n")
        let body = lines[(closing + 1)...].joined(separator: "\n")
        return .split(Parts(yaml: yaml, yamlStartLine: 2, body: body, bodyStartLine: closing + 2))
    }

    private func isFence(_ line: Substring, closing: Bool) -> Bool {
        let trimmed = line.trimmingTrailingWhitespace
        return trimmed == "---" || (closing && trimmed == "...")
    }

    private func unterminated(lines: [Substring], path: String) -> Diagnostic {
        // Point the author at where the metadata probably ends: the first blank line or heading.
        let likelyEnd = lines.indices.dropFirst().first { index in
            let line = lines[index].trimmingTrailingWhitespace
            return line.isEmpty || line.hasPrefix("#")
        }
        let help: String
        if let likelyEnd {
            help = "add a line containing only `---` after the last metadata field (before line \(likelyEnd + 1)?)"
        } else {
            help = "add a line containing only `---` after the last metadata field"
        }
        return Diagnostic(rule: .frontMatterUnterminated,
                          message: "front matter opened here is never closed",
                          span: SourceSpan(file: path, line: 1, column: 1, length: 3),
                          help: help)
    }
}

extension Substring {
    var trimmingTrailingWhitespace: Substring {
        var end = endIndex
        while end > startIndex, let previous = self[..<end].last, previous == " " || previous == "\t" {
            end = index(before: end)
        }
        return self[startIndex..<end]
    }
}
