/// The outcome of a check: every diagnostic plus what was checked, ready for any output format.
public struct DiagnosticReport: Sendable {
    public var diagnostics: [Diagnostic]
    /// Products found (compiled or not: a product that failed to load still counts).
    public var productCount: Int

    public init(diagnostics: [Diagnostic], productCount: Int) {
        self.diagnostics = diagnostics.sorted()
        self.productCount = productCount
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// The output formats of `atrium check --format`.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case text, json, github, sarif, markdown
}

/// Turns a report into text for one audience (a terminal, a CI log, a code-scanning upload).
public protocol DiagnosticFormatter {
    func format(_ report: DiagnosticReport) -> String
}
