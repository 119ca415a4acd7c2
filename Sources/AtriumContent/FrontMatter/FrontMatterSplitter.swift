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
        split(SourceText(path: path, text: text))
    }

    /// Splits a file whose line index is already built; scans lines only up to the closing fence.
    public func split(_ source: SourceText) -> Outcome {
        guard let first = source.line(1), isFence(first, closing: false) else {
            return .noFrontMatter(body: source.text)
        }
        var closing: Int?
        var number = 2
        while number <= source.lineCount {
            if isFence(source.line(number)!, closing: true) {
                closing = number
                break
            }
            number += 1
        }
        guard let closing else {
            return .failed(unterminated(lines: source.lines, path: source.path))
        }
        let yaml = (2..<closing).map { source.line($0)! }.joined(separator: "\n")
        // The body keeps its own line breaks as written.
        let body = closing < source.lineCount ? String(source.text(fromLine: closing + 1)) : ""
        return .split(Parts(yaml: yaml, yamlStartLine: 2, body: body, bodyStartLine: closing + 1))
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
