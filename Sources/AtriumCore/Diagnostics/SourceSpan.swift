/// A position in a text file: 1-based line and 1-based column counted in Unicode scalars,
/// the unit libyaml, rustc and most editors use.
public struct SourcePosition: Hashable, Sendable, Comparable, Codable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A range in one file, from `start` up to (not including) `end`.
/// Paths are relative to the repository root and use `/`.
public struct SourceSpan: Hashable, Sendable, Codable {
    public var file: String
    public var start: SourcePosition
    public var end: SourcePosition

    public init(file: String, start: SourcePosition, end: SourcePosition) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    public init(file: String, line: Int, column: Int, length: Int = 1) {
        self.init(file: file,
                  start: SourcePosition(line: line, column: column),
                  end: SourcePosition(line: line, column: column + max(length, 1)))
    }

    /// A span that points at a whole file rather than a place in it.
    public static func wholeFile(_ file: String) -> SourceSpan {
        SourceSpan(file: file, line: 1, column: 1, length: 0)
    }
}
