import Foundation

/// An immutable JSON document tree.
///
/// Objects keep their key order (for messages and round-tripping) but compare
/// as unordered maps; numbers compare numerically (`1 == 1.0`).
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    // MARK: Convenience accessors

    public var isNull: Bool { if case .null = self { return true }; return false }

    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }

    public var numberValue: JSONNumber? { if case .number(let n) = self { return n }; return nil }

    public var doubleValue: Double? { numberValue?.doubleValue }

    /// The exact integer value (also for `1.0`), if this is an integral number in `Int` range.
    public var intValue: Int? { numberValue?.intValue }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }

    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }

    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }

    /// Member lookup on objects; nil for other kinds or missing keys.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// Element lookup on arrays; nil for other kinds or out-of-range indices.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, index >= 0, index < a.count { return a[index] }
        return nil
    }

    /// Resolves a JSON Pointer against this value.
    public subscript(pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                guard let i = JSONPointer.arrayIndex(token), i < a.count else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }

    /// The JSON Schema type name: "null", "boolean", "integer", "number", "string", "array" or "object".
    /// Integral numbers report "integer".
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let n): return n.isInteger ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// Compact JSON serialization.
    public var jsonText: String {
        var out = ""
        JSONValue.write(self, into: &out)
        return out
    }

    static func write(_ v: JSONValue, into out: inout String) {
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.description
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            out += "["
            for (i, e) in a.enumerated() {
                if i > 0 { out += "," }
                write(e, into: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, e) in o.entries.enumerated() {
                if i > 0 { out += "," }
                writeString(e.key, into: &out)
                out += ":"
                write(e.value, into: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension JSONValue {
    /// Structural equality per JSON Schema: numbers compare numerically, strings compare by
    /// Unicode code points (not canonical equivalence), objects ignore member order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return JSONValue.sameScalars(a, b)
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case .bool(let b): hasher.combine(1 as UInt8); hasher.combine(b)
        case .number(let n): hasher.combine(2 as UInt8); hasher.combine(n)
        case .string(let s):
            hasher.combine(3 as UInt8)
            JSONValue.hashScalars(s, into: &hasher)
        case .array(let a):
            hasher.combine(4 as UInt8)
            hasher.combine(a.count)
            for e in a { hasher.combine(e) }
        case .object(let o): hasher.combine(5 as UInt8); hasher.combine(o)
        }
    }

    /// Code-point (byte-exact UTF-8) string equality; Swift's `==` uses canonical equivalence.
    @inline(__always)
    static func sameScalars(_ a: String, _ b: String) -> Bool {
        let ua = a.utf8, ub = b.utf8
        guard ua.count == ub.count else { return false }
        if let r = ua.withContiguousStorageIfAvailable({ pa in
            ub.withContiguousStorageIfAvailable { pb in
                pa.count == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0
            }
        }), let result = r {
            return result
        }
        return ua.elementsEqual(ub)
    }

    static func hashScalars(_ s: String, into hasher: inout Hasher) {
        var copy = s
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { jsonText }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(floatLiteral value: Double) { self = .number(JSONNumber(floatLiteral: value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
    }
}

/// An ordered JSON object. Equality and hashing ignore member order.
/// Duplicate keys are not kept: the last value wins, at the first key's position.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: JSONValue)

    /// Members in document order.
    public private(set) var entries: [Element]

    public init() { entries = [] }

    public init(_ entries: [Element]) {
        self.entries = []
        self.entries.reserveCapacity(entries.count)
        for e in entries { self[e.key] = e.value }
    }

    /// Internal fast initializer: caller guarantees unique keys.
    init(uniqueEntries: [Element]) { entries = uniqueEntries }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get {
            for e in entries where JSONValue.sameScalars(e.key, key) { return e.value }
            return nil
        }
        set {
            if let i = entries.firstIndex(where: { JSONValue.sameScalars($0.key, key) }) {
                if let v = newValue { entries[i].value = v } else { entries.remove(at: i) }
            } else if let v = newValue {
                entries.append((key: key, value: v))
            }
        }
    }

    public func contains(key: String) -> Bool {
        for e in entries where JSONValue.sameScalars(e.key, key) { return true }
        return false
    }

    public func makeIterator() -> IndexingIterator<[Element]> { entries.makeIterator() }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for e in lhs.entries {
            guard let other = rhs[e.key], other == e.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes commutatively.
        var acc = 0
        for e in entries {
            var h = Hasher()
            JSONValue.hashScalars(e.key, into: &h)
            h.combine(e.value)
            acc = acc &+ h.finalize()
        }
        hasher.combine(entries.count)
        hasher.combine(acc)
    }
}
