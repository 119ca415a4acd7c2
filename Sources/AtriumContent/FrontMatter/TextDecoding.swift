import AtriumCore
import Foundation

/// Bytes to text, with the exact place of the first byte that is not UTF-8.
enum TextDecoding {
    enum Outcome {
        case text(String, hadBOM: Bool)
        case binary
        case invalidUTF8(line: Int, column: Int, byte: UInt8)
    }

    static func decode(_ data: Data) -> Outcome {
        let bytes = [UInt8](data)
        if bytes.contains(0) { return .binary }
        var start = 0
        let hadBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if hadBOM { start = 3 }
        let body = bytes[start...]
        if let text = String(validating: body, as: UTF8.self) {
            return .text(text, hadBOM: hadBOM)
        }
        let offset = firstInvalidOffset(body)
        // The line is counted in newline bytes; the column in scalars of the valid part of that line.
        let lineStart = body[..<offset].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? body.startIndex
        let line = body[..<offset].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let prefix = String(decoding: body[lineStart..<offset], as: UTF8.self)
        return .invalidUTF8(line: line, column: prefix.unicodeScalars.count + 1, byte: body[offset])
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
