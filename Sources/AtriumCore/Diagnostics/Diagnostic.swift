/// One problem found in the repository. Diagnostics are data: stages produce them,
/// renderers (text, JSON, GitHub annotations, SARIF) print them.
public struct Diagnostic: Hashable, Sendable {
    /// A secondary place that explains the primary one ("first defined here").
    public struct Note: Hashable, Sendable {
        public var message: String
        public var span: SourceSpan?

        public init(_ message: String, at span: SourceSpan? = nil) {
            self.message = message
            self.span = span
        }
    }

    public var rule: RuleID
    public var severity: Severity
    public var message: String
    /// Where it is; nil only for problems with no file (a missing configuration directory, say).
    public var span: SourceSpan?
    /// How to fix it, in one sentence.
    public var help: String?
    public var notes: [Note]

    public init(rule: RuleID, severity: Severity? = nil, message: String, span: SourceSpan?,
                help: String? = nil, notes: [Note] = []) {
        self.rule = rule
        self.severity = severity ?? rule.defaultSeverity
        self.message = message.escapingControlCharacters
        self.span = span
        self.help = help?.escapingControlCharacters
        self.notes = notes
    }
}

extension Diagnostic: Comparable {
    /// Diagnostics sort by file, then position, then rule, so output is stable whatever order stages ran in.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        let l = (lhs.span?.file ?? "", lhs.span?.start.line ?? 0, lhs.span?.start.column ?? 0)
        let r = (rhs.span?.file ?? "", rhs.span?.start.line ?? 0, rhs.span?.start.column ?? 0)
        if l != r { return l < r }
        if lhs.rule.id != rhs.rule.id { return lhs.rule.id < rhs.rule.id }
        return lhs.message < rhs.message
    }
}

extension String {
    /// Control characters shown as `\u{…}`, so a NUL or an escape sequence in an author's value
    /// cannot corrupt a terminal or a CI log when it is quoted in a message.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: { $0.isControl && $0 != "\n" }) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            if scalar.isControl && scalar != "\n" {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    /// Every control character shown as `\u{…}`, line breaks included: for file names, which go
    /// on one line (`file:line:col`, a GitHub annotation's `file=`) and may hold anything but `/`.
    public var escapingAllControlCharacters: String {
        guard unicodeScalars.contains(where: \.isControl) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            if scalar.isControl {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Unicode.Scalar {
    /// General category Cc, which Unicode fixes for good as U+0000–U+001F and U+007F–U+009F:
    /// compared as numbers, without a look-up in the character database for every scalar.
    public var isControl: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}
