/// rustc/Elm-style output for people: `file:line:col: error[rule]: message`, the source line
/// with a caret under the span, then `help:`.
public struct TextDiagnosticFormatter: DiagnosticFormatter {
    /// Returns the text of a repository-relative file, for quoting lines.
    public typealias SourceLookup = @Sendable (String) -> SourceText?

    private let sources: SourceLookup
    private let style: TerminalStyle

    public init(sources: @escaping SourceLookup, colored: Bool) {
        self.sources = sources
        self.style = TerminalStyle(enabled: colored)
    }

    public func format(_ report: DiagnosticReport) -> String {
        var out = ""
        for diagnostic in report.diagnostics {
            out += format(diagnostic)
            out += "\n"
        }
        out += summary(report)
        return out
    }

    public func format(_ diagnostic: Diagnostic) -> String {
        let severityText = style.paint("\(diagnostic.severity.rawValue)[\(diagnostic.rule.id)]",
                                       diagnostic.severity == .error ? .red : diagnostic.severity == .warning ? .yellow : .cyan)
        var out = ""
        if let span = diagnostic.span {
            out += style.paint("\(span.file.escapingAllControlCharacters):\(span.start.line):\(span.start.column):", .bold) + " "
        }
        out += "\(severityText): \(style.paint(diagnostic.message, .bold))\n"
        if let span = diagnostic.span, let snippet = snippet(for: span) {
            out += snippet
        }
        for note in diagnostic.notes {
            if let span = note.span {
                out += "   = note: \(note.message) (\(span.file.escapingAllControlCharacters):\(span.start.line):\(span.start.column))\n"
            } else {
                out += "   = note: \(note.message)\n"
            }
        }
        if let help = diagnostic.help {
            out += "   = " + style.paint("help:", .cyan) + " \(help)\n"
        }
        return out
    }

    private func summary(_ report: DiagnosticReport) -> String {
        let products = "\(report.productCount) product\(report.productCount == 1 ? "" : "s")"
        let errors = "\(report.errorCount) error\(report.errorCount == 1 ? "" : "s")"
        let warnings = "\(report.warningCount) warning\(report.warningCount == 1 ? "" : "s")"
        let verdict = report.errorCount > 0 ? style.paint("check failed", .red) : style.paint("check passed", .green)
        return "\(verdict): \(products), \(errors), \(warnings)\n"
    }

    /// The quoted line and the caret row, with tabs expanded so the caret lines up.
    private func snippet(for span: SourceSpan) -> String? {
        guard span.start.line >= 1, let source = sources(span.file),
              let rawLine = source.line(span.start.line) else { return nil }
        var scalars = Array(rawLine.unicodeScalars)
        var span = span
        // Very long lines are shown as a window around the caret.
        let window = 100
        if scalars.count > window {
            let first = max(0, min(span.start.column - 1 - window / 4, scalars.count - window))
            let ellipsis: [Unicode.Scalar] = ["\u{2026}"]
            scalars = (first > 0 ? ellipsis : []) + Array(scalars[first..<min(scalars.count, first + window)])
                + (first + window < rawLine.unicodeScalars.count ? ellipsis : [])
            let shift = first > 0 ? first - 1 : 0
            span.start.column -= shift
            span.end.column -= shift
        }
        var shown = ""
        var caretOffset = 0
        var caretWidth = 0
        let startIndex = max(0, span.start.column - 1)
        let endIndex = span.end.line == span.start.line ? max(startIndex + 1, span.end.column - 1) : scalars.count
        for (index, scalar) in scalars.enumerated() {
            let width = scalar == "\t" ? 4 : 1
            if index < startIndex { caretOffset += width }
            else if index < endIndex { caretWidth += width }
            shown += scalar == "\t" ? "    " : String(scalar)
        }
        if startIndex >= scalars.count { caretOffset = displayWidth(shown) }
        caretWidth = max(1, caretWidth)
        let number = String(span.start.line)
        let gutter = String(repeating: " ", count: number.count + 1)
        var out = style.paint("\(gutter)|", .blue) + "\n"
        out += style.paint("\(number) |", .blue) + " \(shown)\n"
        out += style.paint("\(gutter)|", .blue) + " " + String(repeating: " ", count: caretOffset)
        out += style.paint(String(repeating: "^", count: caretWidth), .red) + "\n"
        return out
    }

    private func displayWidth(_ text: String) -> Int { text.unicodeScalars.count }
}

/// ANSI colours, used only on a terminal and never when NO_COLOR is set.
public struct TerminalStyle: Sendable {
    public enum Color: String, Sendable {
        case red = "31;1", yellow = "33;1", green = "32;1", cyan = "36;1", blue = "34;1", bold = "1"
    }

    public let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public func paint(_ text: String, _ color: Color) -> String {
        enabled ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }
}
