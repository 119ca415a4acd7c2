import AtriumCore
import Foundation

/// Bytes to text, with the exact place of the first byte that is not UTF-8. Products,
/// `atrium.yml` and the site's templates are all read through it.
public enum TextDecoding {
    public enum Outcome: Sendable {
        case text(String, hadBOM: Bool)
        case binary
        case invalidUTF8(line: Int, column: Int, byte: UInt8)
        /// Text in another Unicode encoding, named ("UTF-16 (little-endian)"): common from Windows editors.
        case otherUnicode(String)
    }

    public static func decode(_ data: Data) -> Outcome {
        let bytes = [UInt8](data)
        if let encoding = otherUnicodeEncoding(bytes) { return .otherUnicode(encoding) }
        if bytes.contains(0) { return .binary }
        var start = 0
        let hadBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if hadBOM { start = 3 }
        let body = bytes[start...]
        if let text = String(validating: body, as: UTF8.self) {
            return .text(text, hadBOM: hadBOM)
        }
        let offset = firstInvalidOffset(body)
        // Lines are counted as `SourceText` counts them (`\r\n`, `\r` and `\n` each end one), so
        // the place is right in files saved with old Mac line endings too; the column counts
        // scalars of the valid part of that line.
        var line = 1
        var lineStart = body.startIndex
        var index = body.startIndex
        while index < offset {
            let byte = body[index]
            if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                if byte == UInt8(ascii: "\r"), index + 1 < offset, body[index + 1] == UInt8(ascii: "\n") { index += 1 }
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        let prefix = String(decoding: body[lineStart..<offset], as: UTF8.self)
        return .invalidUTF8(line: line, column: prefix.unicodeScalars.count + 1, byte: body[offset])
    }

    /// UTF-32 or UTF-16 by byte-order mark, or UTF-16 without one by the zero bytes Latin text
    /// has in every other position; nil for anything else.
    static func otherUnicodeEncoding(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32 (little-endian)" }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32 (big-endian)" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16 (little-endian)" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16 (big-endian)" }
        let sample = Array(bytes.prefix(512))
        guard sample.count >= 4, sample.count % 2 == 0 else { return nil }
        let even = stride(from: 0, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
        let odd = stride(from: 1, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
        let half = sample.count / 2
        // Nearly all odd bytes zero and no even one: ASCII-range text as UTF-16 little-endian.
        if odd * 10 >= half * 9, even == 0 { return "UTF-16 (little-endian)" }
        if even * 10 >= half * 9, odd == 0 { return "UTF-16 (big-endian)" }
        return nil
    }

    /// Index of the first byte that starts an invalid sequence.
    private static func firstInvalidOffset(_ bytes: ArraySlice<UInt8>) -> Int {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.endIndex else { return index }
            let sequence = bytes[index..<(index + length)]
            if length > 1, String(validating: sequence, as: UTF8.self) == nil { return index }
            index += length
        }
        return bytes.endIndex
    }
}
