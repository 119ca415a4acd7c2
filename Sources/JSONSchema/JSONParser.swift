import Foundation

/// A JSON syntax error with a 1-based line and column (column counts Unicode scalars).
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    /// Byte offset into the UTF-8 text.
    public var offset: Int

    public var description: String { "JSON syntax error at line \(line), column \(column): \(message)" }
}

extension JSONValue {
    /// Parses strict RFC 8259 JSON text (no comments, no trailing commas, no NaN).
    public init(parsing jsonText: String) throws {
        var text = jsonText
        self = try text.withUTF8 { buffer in
            var parser = JSONParser(buffer)
            return try parser.parseDocument()
        }
    }

    /// Parses strict RFC 8259 JSON from UTF-8 data.
    public init(parsing data: Data) throws {
        guard let text = String(data: data, encoding: .utf8) else {
            throw JSONParseError(message: "the data is not valid UTF-8", line: 1, column: 1, offset: 0)
        }
        try self.init(parsing: text)
    }
}

struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    var depth = 0
    static let maxDepth = 512
    /// Looked up once nesting is deep enough for the stack to matter.
    var stackGuard: StackGuard?

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func parseDocument() throws -> JSONValue {
        // Skip a UTF-8 BOM if present.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
        skipWhitespace()
        guard pos < bytes.count else { throw error("the document is empty") }
        let v = try parseValue()
        skipWhitespace()
        if pos < bytes.count { throw error("unexpected \(describeByte(at: pos)) after the end of the document") }
        return v
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        let off = min(offset ?? pos, bytes.count)
        var line = 1
        var column = 1
        var i = 0
        while i < off {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") {
                line += 1; column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return JSONParseError(message: message, line: line, column: column, offset: off)
    }

    func describeByte(at i: Int) -> String {
        guard i < bytes.count else { return "end of input" }
        let b = bytes[i]
        if b >= 0x20 && b < 0x7F { return "character '\(Character(UnicodeScalar(b)))'" }
        return String(format: "byte 0x%02X", b)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < bytes.count {
            let b = bytes[pos]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 } else { break }
        }
    }

    mutating func parseValue() throws -> JSONValue {
        guard pos < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw error("unexpected \(describeByte(at: pos)), expected a value")
        }
    }

    mutating func expectLiteral(_ word: StaticString) throws {
        let start = pos
        let p = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount {
            guard pos < bytes.count, bytes[pos] == p[k] else {
                throw error("invalid literal, expected '\(word)'", at: start)
            }
            pos += 1
        }
    }

    mutating func enter() throws {
        depth += 1
        if depth > JSONParser.maxDepth { throw error("nesting is deeper than \(JSONParser.maxDepth) levels") }
        if depth > 4 {
            if stackGuard == nil { stackGuard = StackGuard() }
            if stackGuard?.hasRoom() == false { throw error("nesting is deeper than this thread's stack allows (\(depth) levels)") }
        }
    }

    mutating func parseObject() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var entries: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(JSONObject()) }
        var duplicates = false
        while true {
            skipWhitespace()
            guard pos < bytes.count else { throw error("unexpected end of input inside an object") }
            guard bytes[pos] == UInt8(ascii: "\"") else {
                throw error("expected a quoted member name, found \(describeByte(at: pos))")
            }
            let key = try parseString()
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
                throw error("expected ':' after member name, found \(describeByte(at: pos))")
            }
            pos += 1
            skipWhitespace()
            let value = try parseValue()
            if !duplicates && entries.count < 64 {
                for e in entries where JSONValue.sameScalars(e.key, key) { duplicates = true; break }
            } else if !duplicates {
                duplicates = true  // too many to check cheaply: fall back to the de-duplicating initializer
            }
            entries.append((key: key, value: value))
            skipWhitespace()
            guard pos < bytes.count else { throw error("unexpected end of input inside an object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; break }
            throw error("expected ',' or '}' in object, found \(describeByte(at: pos))")
        }
        return .object(duplicates ? JSONObject(entries) : JSONObject(uniqueEntries: entries))
    }

    mutating func parseArray() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard pos < bytes.count else { throw error("unexpected end of input inside an array") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
            throw error("expected ',' or ']' in array, found \(describeByte(at: pos))")
        }
        return .array(items)
    }

    mutating func parseNumber() throws -> JSONNumber {
        let start = pos
        while pos < bytes.count {
            let b = bytes[pos]
            if (b >= 48 && b <= 57) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
                || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
            {
                pos += 1
            } else {
                break
            }
        }
        let slice = ArraySlice(bytes[start..<pos])
        guard let n = JSONNumber.parseLiteral(slice) else {
            throw error("invalid number '\(String(decoding: slice, as: UTF8.self))'", at: start)
        }
        // Beyond a Double's range every literal would become the same infinity, which compares
        // equal to any other and cannot be written back as JSON.
        guard n.doubleValue.isFinite else {
            throw error("number '\(String(decoding: slice, as: UTF8.self))' is too large; numbers must lie within ±1.8e308", at: start)
        }
        return n
    }

    mutating func parseString() throws -> String {
        let openQuote = pos
        pos += 1
        let start = pos
        // Fast path: no escapes.
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("unescaped control character in string (use \\n, \\t or \\u00XX)") }
            pos += 1
        }
        guard pos < bytes.count else { throw error("unterminated string", at: openQuote) }
        var buffer = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<pos]))
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if b < 0x20 { throw error("unescaped control character in string (use \\n, \\t or \\u00XX)") }
            if b != UInt8(ascii: "\\") { buffer.append(b); pos += 1; continue }
            let escStart = pos
            pos += 1
            guard pos < bytes.count else { break }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var code = try parseHex4(escStart)
                if code >= 0xD800 && code < 0xDC00 {
                    // High surrogate: expect a low surrogate escape.
                    if pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                        let save = pos
                        pos += 2
                        let low = try parseHex4(save)
                        if low >= 0xDC00 && low < 0xE000 {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            pos = save
                            code = 0xFFFD
                        }
                    } else {
                        code = 0xFFFD
                    }
                } else if code >= 0xDC00 && code < 0xE000 {
                    code = 0xFFFD
                }
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw error("invalid escape sequence '\\\(Character(UnicodeScalar(e)))'", at: escStart)
            }
        }
        throw error("unterminated string", at: openQuote)
    }

    mutating func parseHex4(_ escStart: Int) throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard pos < bytes.count else { throw error("incomplete \\u escape", at: escStart) }
            let b = bytes[pos]
            let d: UInt32
            switch b {
            case 48...57: d = UInt32(b - 48)
            case 65...70: d = UInt32(b - 55)
            case 97...102: d = UInt32(b - 87)
            default: throw error("invalid \\u escape", at: escStart)
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }
}
