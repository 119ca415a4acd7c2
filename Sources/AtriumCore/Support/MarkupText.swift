/// Text made safe to place in HTML or XML content and quoted attribute values.
public enum MarkupText {
    /// Escapes `& < > " '` (the apostrophe as `&#39;`, which HTML and XML both read) and drops the
    /// control characters XML 1.0 cannot carry at all, so one function serves pages, feeds and sitemaps.
    ///
    /// Works on UTF-8 bytes: every character it changes is ASCII, or U+FFFE/U+FFFF (`EF BF BE`/`EF BF BF`),
    /// so a text with none of them (most titles and summaries) is returned as it is, without copying.
    public static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: needsWork) else { return nil }
            var escaped: [UInt8] = []
            escaped.reserveCapacity(bytes.count + 16)
            escaped.append(contentsOf: bytes[..<first])
            var index = first
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "&"): escaped.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): escaped.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): escaped.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""): escaped.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): escaped.append(contentsOf: "&#39;".utf8)
                case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F: continue
                case 0xEF where index + 1 < bytes.count && bytes[index] == 0xBF && (bytes[index + 1] == 0xBE || bytes[index + 1] == 0xBF):
                    index += 2
                default: escaped.append(byte)
                }
            }
            return String(decoding: escaped, as: UTF8.self)
        } ?? text
    }

    private static func needsWork(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"),
             0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0xEF: true
        default: false
        }
    }
}
