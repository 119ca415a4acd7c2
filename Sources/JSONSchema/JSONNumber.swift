import Foundation

/// A JSON number that keeps the exactness JSON Schema validation needs.
///
/// Integers that fit into `Int64` are stored exactly. Other literals are kept
/// as a `Decimal` (38 significant digits, so `0.0075`, `1e-4` and large
/// integers compare and divide exactly) together with the nearest `Double`.
/// Values outside `Decimal`'s range (for example `1e308`) fall back to `Double`.
///
/// Equality is numeric: `1`, `1.0` and `1e0` are equal and hash identically.
public struct JSONNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    @usableFromInline
    enum Storage: Sendable {
        case int(Int64)
        case decimal(Decimal, Double)
        case double(Double)
    }

    @usableFromInline
    let storage: Storage

    @inlinable
    public init(_ value: Int) { storage = .int(Int64(value)) }

    @inlinable
    public init(_ value: Int64) { storage = .int(value) }

    public init(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 9.0e18 {
            storage = .int(Int64(value))
        } else {
            storage = .double(value)
        }
    }

    public init(_ value: Decimal) {
        if let i = JSONNumber.exactInt64(value) {
            storage = .int(i)
        } else {
            storage = .decimal(value, JSONNumber.toDouble(value))
        }
    }

    /// Creates a number from a JSON number literal (assumed to match the RFC 8259 grammar).
    /// Returns nil when the literal is not a valid JSON number.
    public init?(literal: String) {
        guard let parsed = JSONNumber.parseLiteral(Array(literal.utf8)[...]) else { return nil }
        self = parsed
    }

    // MARK: Accessors

    /// The nearest `Double`.
    public var doubleValue: Double {
        switch storage {
        case .int(let i): return Double(i)
        case .decimal(_, let d): return d
        case .double(let d): return d
        }
    }

    /// The exact value as `Int64`, when it is an integer in range.
    public var int64Value: Int64? {
        switch storage {
        case .int(let i): return i
        case .decimal(let d, _): return JSONNumber.exactInt64(d)
        case .double(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 9.2e18 { return Int64(d) }
            return nil
        }
    }

    /// The exact value as `Int`, when it is an integer in range.
    public var intValue: Int? { int64Value.map { Int($0) } }

    /// The exact decimal value when representable as `Decimal`.
    public var decimalValue: Decimal? {
        switch storage {
        case .int(let i): return Decimal(i)
        case .decimal(let d, _): return d
        case .double(let d):
            if !d.isFinite || abs(d) > 1e120 || (d != 0 && abs(d) < 1e-120) { return nil }
            return Decimal(string: String(d), locale: Locale(identifier: "en_US_POSIX"))
        }
    }

    /// True when the value is mathematically an integer (`1.0` counts).
    public var isInteger: Bool {
        switch storage {
        case .int: return true
        case .decimal(let d, _): return JSONNumber.decimalIsInteger(d)
        case .double(let d): return d.isFinite && d == d.rounded()
        }
    }

    public var description: String {
        switch storage {
        case .int(let i): return String(i)
        case .decimal(let d, _): return d.description
        case .double(let d):
            if d.isFinite && d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        }
    }

    // MARK: Comparison

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        compare(lhs, rhs) == 0
    }

    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        compare(lhs, rhs) < 0
    }

    public func hash(into hasher: inout Hasher) {
        if let i = int64Value {
            hasher.combine(0 as UInt8)
            hasher.combine(i)
        } else {
            let d = doubleValue
            hasher.combine(1 as UInt8)
            hasher.combine(d == 0 ? 0 : d)
        }
    }

    /// Returns -1, 0 or 1.
    @usableFromInline
    static func compare(_ a: JSONNumber, _ b: JSONNumber) -> Int {
        switch (a.storage, b.storage) {
        case (.int(let x), .int(let y)):
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.double, _), (_, .double):
            let x = a.doubleValue, y = b.doubleValue
            return x < y ? -1 : (x == y ? 0 : 1)
        default:
            let x = a.decimalValue!, y = b.decimalValue!
            return x < y ? -1 : (x == y ? 0 : 1)
        }
    }

    /// Whether `self` is an integer multiple of `divisor` (divisor > 0).
    func isMultiple(of divisor: JSONNumber) -> Bool {
        if case .int(let x) = storage, case .int(let y) = divisor.storage {
            if y == 0 { return false }
            let (r, overflow) = x.remainderReportingOverflow(dividingBy: y)
            return overflow || r == 0
        }
        if case .double = storage {} else if case .double = divisor.storage {} else {
            if let x = decimalValue, let y = divisor.decimalValue, y != 0 {
                var q = x / y
                if q.isNaN { return false }
                var rounded = Decimal()
                NSDecimalRound(&rounded, &q, 0, .plain)
                return rounded == q
            }
        }
        let x = doubleValue, y = divisor.doubleValue
        if y == 0 || !x.isFinite || !y.isFinite { return false }
        if x == x.rounded() {
            let inv = 1 / y
            if inv.isFinite && inv == inv.rounded() { return true }
        }
        let q = x / y
        if !q.isFinite { return false }
        return q == q.rounded()
    }

    // MARK: Helpers

    static func exactInt64(_ d: Decimal) -> Int64? {
        guard decimalIsInteger(d) else { return nil }
        if d > Decimal(Int64.max) || d < Decimal(Int64.min) { return nil }
        return Int64(truncatingIfNeeded: (d as NSDecimalNumber).int64Value)
    }

    static func decimalIsInteger(_ d: Decimal) -> Bool {
        if d.isNaN { return false }
        if d.exponent >= 0 { return true }
        var x = d
        var r = Decimal()
        NSDecimalRound(&r, &x, 0, .plain)
        return r == d
    }

    static func toDouble(_ d: Decimal) -> Double {
        Double(d.description) ?? (d as NSDecimalNumber).doubleValue
    }

    /// Parses a JSON number literal given as UTF-8 bytes.
    static func parseLiteral(_ bytes: ArraySlice<UInt8>) -> JSONNumber? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        var negative = false
        if i < end && bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var intDigits: [UInt8] = []
        var fracDigits: [UInt8] = []
        guard i < end, isDigit(bytes[i]) else { return nil }
        if bytes[i] == UInt8(ascii: "0") {
            intDigits.append(0); i += 1
            if i < end && isDigit(bytes[i]) { return nil }
        } else {
            while i < end && isDigit(bytes[i]) { intDigits.append(bytes[i] - 48); i += 1 }
        }
        var hasFraction = false
        if i < end && bytes[i] == UInt8(ascii: ".") {
            hasFraction = true
            i += 1
            guard i < end, isDigit(bytes[i]) else { return nil }
            while i < end && isDigit(bytes[i]) { fracDigits.append(bytes[i] - 48); i += 1 }
        }
        var exponent = 0
        var hasExponent = false
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            hasExponent = true
            i += 1
            var expNegative = false
            if i < end && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) {
                expNegative = bytes[i] == UInt8(ascii: "-"); i += 1
            }
            guard i < end, isDigit(bytes[i]) else { return nil }
            while i < end && isDigit(bytes[i]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] - 48) }
                i += 1
            }
            if expNegative { exponent = -exponent }
        }
        guard i == end else { return nil }

        if !hasFraction && !hasExponent && intDigits.count <= 18 {
            var v: Int64 = 0
            for d in intDigits { v = v * 10 + Int64(d) }
            return JSONNumber(storage: .int(negative ? -v : v))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let dbl = Double(text) ?? (negative ? -Double.infinity : Double.infinity)
        // Build an exact decimal: significand digits and a base-10 exponent.
        var digits = intDigits + fracDigits
        var exp10 = exponent - fracDigits.count
        while digits.count > 1 && digits.first == 0 { digits.removeFirst() }
        while digits.count > 1 && digits.last == 0 { digits.removeLast(); exp10 += 1 }
        if digits == [0] { return JSONNumber(storage: .int(0)) }
        if digits.count > 38 {
            exp10 += digits.count - 38
            digits = Array(digits.prefix(38))
            while digits.count > 1 && digits.last == 0 { digits.removeLast(); exp10 += 1 }
        }
        let totalExp = exp10 + digits.count
        if exp10 < -127 || exp10 > 127 || totalExp > 160 || totalExp < -120 {
            return JSONNumber(storage: .double(dbl))
        }
        var significand = Decimal(0)
        for d in digits { significand = significand * 10 + Decimal(Int(d)) }
        let dec = Decimal(sign: negative ? .minus : .plus, exponent: exp10, significand: significand)
        // Decimal's exponent is a signed byte: a long significand scaled near its edge overflows
        // to NaN (found by fuzz-schema-validate), where the nearest Double is still right.
        if dec.isNaN { return JSONNumber(storage: .double(dbl)) }
        if let i = exactInt64(dec) { return JSONNumber(storage: .int(i)) }
        return JSONNumber(storage: .decimal(dec, dbl))
    }

    @usableFromInline
    init(storage: Storage) { self.storage = storage }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
}

extension JSONNumber: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
    public init(floatLiteral value: Double) {
        if let n = JSONNumber(literal: String(value)) { self = n } else { self.init(value) }
    }
}
