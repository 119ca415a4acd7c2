/// A summary for a pull-request comment: verdict, counts, then a table of every diagnostic.
public struct MarkdownDiagnosticFormatter: DiagnosticFormatter {
    public init() {}

    public func format(_ report: DiagnosticReport) -> String {
        let verdict = report.errorCount > 0 ? "❌ **atrium check failed**" : "✅ **atrium check passed**"
        var out = "\(verdict): \(report.productCount) products, \(report.errorCount) errors, \(report.warningCount) warnings\n"
        guard !report.diagnostics.isEmpty else { return out }
        out += "\n| | where | rule | problem | how to fix |\n|---|---|---|---|---|\n"
        for diagnostic in report.diagnostics {
            let icon = diagnostic.severity == .error ? "❌" : diagnostic.severity == .warning ? "⚠️" : "ℹ️"
            let place = diagnostic.span.map { "`\($0.file.escapingAllControlCharacters):\($0.start.line):\($0.start.column)`" } ?? "—"
            out += "| \(icon) | \(place) | `\(diagnostic.rule.id)` | \(cell(diagnostic.message)) | \(cell(diagnostic.help ?? "")) |\n"
        }
        out += "\nRun `atrium explain <rule>` for what a rule asks and why.\n"
        return out
    }

    /// Table cells: pipes escaped, line breaks as `<br>`.
    private func cell(_ text: String) -> String {
        text.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
            .split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "<br>")
    }
}
