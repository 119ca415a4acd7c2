/// Text made safe to place in HTML or XML content and quoted attribute values.
public enum MarkupText {
    /// Escapes `& < > " '` (the apostrophe as `&#39;`, which HTML and XML both read) and drops the
    /// control characters XML 1.0 cannot carry at all, so one function serves pages, feeds and sitemaps.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": continue
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
