/// Front matter as parsed, with the source span of every key and value, so any later stage
/// (schemas, cross-file rules) can point an author at the exact place in the file.
public struct MetadataNode: Sendable, Hashable {
    public indirect enum Value: Sendable, Hashable {
        case mapping([MetadataEntry])
        case sequence([MetadataNode])
        case scalar(MetadataScalar)
    }

    public var value: Value
    /// Where the value is written: for a scalar its text, for a collection its first token.
    public var span: SourceSpan

    public init(_ value: Value, span: SourceSpan) {
        self.value = value
        self.span = span
    }

    /// The entry for `key` when this node is a mapping.
    public func entry(_ key: String) -> MetadataEntry? {
        guard case .mapping(let entries) = value else { return nil }
        return entries.first { $0.key == key }
    }

    /// The value at `key` when this node is a mapping.
    public subscript(key: String) -> MetadataNode? { entry(key)?.value }

    /// The scalar's text when this node is a string-like scalar (strings, dates, plain words).
    public var text: String? {
        guard case .scalar(let scalar) = value else { return nil }
        switch scalar.resolved {
        case .string(let text), .date(let text), .dateTime(let text): return text
        case .integer, .double, .bool, .null: return scalar.source
        }
    }

    /// The elements when this node is a sequence; a lone scalar counts as a one-element list
    /// for reading purposes only (the schema still reports it).
    public var elements: [MetadataNode] {
        switch value {
        case .sequence(let nodes): return nodes
        case .scalar: return [self]
        case .mapping: return []
        }
    }

    public var isMapping: Bool {
        if case .mapping = value { return true }
        return false
    }
}

/// One `key: value` pair of a mapping, keeping the key's own span.
public struct MetadataEntry: Sendable, Hashable {
    public var key: String
    public var keySpan: SourceSpan
    public var value: MetadataNode

    public init(key: String, keySpan: SourceSpan, value: MetadataNode) {
        self.key = key
        self.keySpan = keySpan
        self.value = value
    }
}

/// A scalar with its source text and what it resolved to under the YAML 1.2 core schema
/// (plus dates, which front matter uses everywhere).
public struct MetadataScalar: Sendable, Hashable {
    public enum Resolved: Sendable, Hashable {
        case null
        case bool(Bool)
        case integer(Int)
        case double(Double)
        /// A calendar date, normalized to `YYYY-MM-DD`.
        case date(String)
        /// A timestamp with a time, kept as written (ISO 8601).
        case dateTime(String)
        case string(String)
    }

    /// The value as written, without quotes.
    public var source: String
    public var resolved: Resolved
    /// True when the author quoted the value or used a block scalar: then it is always a string.
    public var isQuoted: Bool

    public init(source: String, resolved: Resolved, isQuoted: Bool) {
        self.source = source
        self.resolved = resolved
        self.isQuoted = isQuoted
    }
}
