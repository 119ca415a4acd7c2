import Foundation

/// GitHub Actions workflow commands, which the runner turns into annotations on the pull request:
/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
public struct GitHubDiagnosticFormatter: DiagnosticFormatter {
    public init() {}

    public func format(_ report: DiagnosticReport) -> String {
        var out = ""
        for diagnostic in report.diagnostics {
            let command: String
            switch diagnostic.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .note: command = "notice"
            }
            var properties: [String] = []
            if let span = diagnostic.span {
                properties.append("file=\(escapeProperty(span.file.escapingAllControlCharacters))")
                properties.append("line=\(span.start.line)")
                properties.append("col=\(span.start.column)")
                if span.end.line >= span.start.line {
                    properties.append("endLine=\(span.end.line)")
                    if span.end.line == span.start.line { properties.append("endColumn=\(span.end.column)") }
                }
            }
            properties.append("title=\(escapeProperty("atrium \(diagnostic.rule.id)"))")
            var message = diagnostic.message
            if let help = diagnostic.help { message += "\nhelp: \(help)" }
            out += "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))\n"
        }
        out += "atrium check: \(report.productCount) products, \(report.errorCount) errors, \(report.warningCount) warnings\n"
        return out
    }

    /// The runner's escaping for message data.
    private func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Property values also escape the separators `:` and `,`.
    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
