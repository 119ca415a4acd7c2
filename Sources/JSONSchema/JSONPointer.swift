import Foundation

/// An RFC 6901 JSON Pointer.
///
/// `description` renders the escaped string form (`~` → `~0`, `/` → `~1`),
/// e.g. `/recommendations/0/status`; the root pointer renders as the empty string.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// Unescaped reference tokens.
    public var tokens: [String]

    public static let root = JSONPointer(tokens: [])

    public init(tokens: [String]) { self.tokens = tokens }

    public init(arrayLiteral elements: String...) { tokens = elements }

    /// Errors thrown when a pointer string is malformed.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        public var pointer: String
        public var reason: String
        public var description: String { "invalid JSON pointer '\(pointer)': \(reason)" }
    }

    /// Parses the string form (`""` or `/a/b~1c`). Throws on a missing leading `/` or a bad `~` escape.
    public init(_ string: String) throws {
        if string.isEmpty { tokens = []; return }
        guard string.first == "/" else { throw SyntaxError(pointer: string, reason: "must start with '/'") }
        var result: [String] = []
        for raw in string.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let t = JSONPointer.unescape(raw) else {
                throw SyntaxError(pointer: string, reason: "'~' must be followed by 0 or 1")
            }
            result.append(t)
        }
        tokens = result
    }

    /// Parses a URI fragment (without `#`) holding a percent-encoded JSON pointer.
    init?(uriFragment: String) {
        guard let decoded = uriFragment.removingPercentEncoding, let p = try? JSONPointer(decoded) else { return nil }
        self = p
    }

    public var description: String {
        var out = ""
        for t in tokens {
            out += "/"
            out += JSONPointer.escape(t)
        }
        return out
    }

    /// The pointer as a URI fragment (percent-encoded as needed), without the leading `#`.
    public var uriFragment: String {
        var allowed = CharacterSet.urlFragmentAllowed
        allowed.remove(charactersIn: "%")
        return description.addingPercentEncoding(withAllowedCharacters: allowed) ?? description
    }

    public var isRoot: Bool { tokens.isEmpty }
    public var lastToken: String? { tokens.last }
    public var parent: JSONPointer? { tokens.isEmpty ? nil : JSONPointer(tokens: Array(tokens.dropLast())) }

    public func appending(_ token: String) -> JSONPointer { JSONPointer(tokens: tokens + [token]) }
    public func appending(index: Int) -> JSONPointer { JSONPointer(tokens: tokens + [String(index)]) }
    public func appending(_ other: JSONPointer) -> JSONPointer { JSONPointer(tokens: tokens + other.tokens) }

    static func escape(_ token: String) -> String {
        if !token.contains("~") && !token.contains("/") { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func unescape<S: StringProtocol>(_ raw: S) -> String? {
        if !raw.contains("~") { return String(raw) }
        var out = ""
        var it = raw.makeIterator()
        while let c = it.next() {
            if c == "~" {
                switch it.next() {
                case "0": out.append("~")
                case "1": out.append("/")
                default: return nil
                }
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Parses an array index token per RFC 6901 (no leading zeros, no sign).
    static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if token.count > 1 && token.first == "0" { return nil }
        return Int(token)
    }
}
