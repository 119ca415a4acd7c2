import Foundation

/// Machine-readable output for CI and editors:
/// `{"diagnostics":[{"file","line","column","endLine","endColumn","severity","rule","message","help"}],
///   "summary":{"products","errors","warnings"}}`. Absent values are `null`, never missing keys.
public struct JSONDiagnosticFormatter: DiagnosticFormatter {
    public init() {}

    public func format(_ report: DiagnosticReport) -> String {
        let document = Document(
            diagnostics: report.diagnostics.map(Entry.init),
            summary: Summary(products: report.productCount, errors: report.errorCount, warnings: report.warningCount))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        let data = (try? encoder.encode(document)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private struct Document: Encodable {
        let diagnostics: [Entry]
        let summary: Summary
    }

    private struct Summary: Encodable {
        let products: Int
        let errors: Int
        let warnings: Int
    }

    private struct Entry: Encodable {
        let diagnostic: Diagnostic

        enum CodingKeys: String, CodingKey {
            case file, line, column, endLine, endColumn, severity, rule, message, help, notes
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            let span = diagnostic.span
            try container.encode(span?.file, forKey: .file)
            try container.encode(span?.start.line, forKey: .line)
            try container.encode(span?.start.column, forKey: .column)
            try container.encode(span?.end.line, forKey: .endLine)
            try container.encode(span?.end.column, forKey: .endColumn)
            try container.encode(diagnostic.severity.rawValue, forKey: .severity)
            try container.encode(diagnostic.rule.id, forKey: .rule)
            try container.encode(diagnostic.message, forKey: .message)
            try container.encode(diagnostic.help, forKey: .help)
            try container.encode(diagnostic.notes.map(\.message), forKey: .notes)
        }
    }
}
