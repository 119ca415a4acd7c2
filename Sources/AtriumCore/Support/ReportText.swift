import Foundation

/// Rows of text cells printed the four ways every `atrium report` offers: an aligned table for the
/// terminal, CSV (RFC 4180) and Markdown. JSON shapes are each report's own.
public struct ReportTable: Sendable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Columns padded to their widest cell, two spaces apart, indented by `indent`.
    public func aligned(indent: String = "  ") -> String {
        let header = columns.map { $0.uppercased() }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        var out = ""
        for row in [header] + rows {
            out += indent + row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        return out
    }

    public func csv() -> String {
        ([columns] + rows).map { $0.map(ReportText.csvField).joined(separator: ",") + "\n" }.joined()
    }

    public func markdown() -> String {
        var out = "| " + columns.map(ReportText.markdownCell).joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---|", count: columns.count) + "\n"
        for row in rows { out += "| " + row.map(ReportText.markdownCell).joined(separator: " | ") + " |\n" }
        return out
    }
}

public enum ReportText {
    /// A CSV field, quoted only when it must be.
    public static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A Markdown table cell: pipes escaped, line breaks folded.
    public static func markdownCell(_ value: String) -> String {
        value.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// Pretty, key-sorted JSON with a final newline, so report output diffs cleanly.
    public static func json(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `0.6667` → `67%`; nil → `-`.
    public static func percent(_ rate: Double?) -> String {
        guard let rate else { return "-" }
        return "\(Int((rate * 100).rounded()))%"
    }

    /// Lowercased, without diacritics, whitespace collapsed: how names are compared.
    public static func foldedName(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
