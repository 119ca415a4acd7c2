import Foundation

/// The ignore-revisions file GitHub's blame view and `git blame --ignore-revs-file` honour:
/// one commit id per line, `#` starts a comment, blank lines are skipped.
public struct IgnoredRevisions: Sendable, Hashable {
    public var commits: Set<String>
    /// Lines that are not full commit ids, with their line numbers, for a warning.
    public var malformedLines: [(line: Int, text: String)]

    public static func == (lhs: IgnoredRevisions, rhs: IgnoredRevisions) -> Bool { lhs.commits == rhs.commits }
    public func hash(into hasher: inout Hasher) { hasher.combine(commits) }

    public init(parsing text: String) {
        var commits = Set<String>()
        var malformed: [(Int, String)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if trimmed.isEmpty { continue }
            if trimmed.count == 40, trimmed.allSatisfy(\.isHexDigit) {
                commits.insert(trimmed)
            } else {
                malformed.append((index + 1, trimmed))
            }
        }
        self.commits = commits
        self.malformedLines = malformed
    }

    /// Reads the file at `path`; a missing file means nothing is ignored.
    public init(contentsOf path: String) {
        self.init(parsing: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }
}
