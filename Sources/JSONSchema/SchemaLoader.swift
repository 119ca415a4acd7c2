import Foundation

/// Supplies schema documents for remote `$ref`s and custom `$schema` meta-schemas.
///
/// The validator never touches the network or the file system by itself: every
/// document that is not embedded in the schema being compiled, pre-registered in a
/// `SchemaRegistry`, or one of the built-in draft 2020-12 meta-schemas must come
/// from a loader supplied by the caller. Return `nil` for "not found".
public protocol SchemaLoader: Sendable {
    func loadSchema(at uri: URL) throws -> JSONValue?
}

/// A `SchemaLoader` backed by a closure.
public struct ClosureSchemaLoader: SchemaLoader {
    let body: @Sendable (URL) throws -> JSONValue?

    public init(_ body: @escaping @Sendable (URL) throws -> JSONValue?) { self.body = body }

    public func loadSchema(at uri: URL) throws -> JSONValue? { try body(uri) }
}

/// A thread-safe set of pre-registered schema documents keyed by absolute URI
/// (the fragment is ignored). Also usable as a `SchemaLoader`.
public final class SchemaRegistry: SchemaLoader, @unchecked Sendable {
    private let lock = NSLock()
    private var documents: [String: JSONValue] = [:]

    public enum RegistrationError: Error, Sendable, CustomStringConvertible {
        case missingIdentifier
        case relativeIdentifier(String)

        public var description: String {
            switch self {
            case .missingIdentifier:
                return "cannot register a schema without a URI: pass one or give the document an absolute $id"
            case .relativeIdentifier(let id):
                return "cannot register a schema under the relative URI '\(id)'"
            }
        }
    }

    public init() {}

    /// Registers `document` under `uri`, or under its own top-level `$id` when `uri` is nil.
    /// When both exist, the document is reachable under both.
    public func add(_ document: JSONValue, uri: URL?) throws {
        var keys: [String] = []
        if let uri { keys.append(uri.absoluteString) }
        if let id = document["$id"]?.stringValue {
            let resolved = uri.map { URIReference.resolve(id, against: $0.absoluteString) } ?? id
            keys.append(resolved)
        }
        guard !keys.isEmpty else { throw RegistrationError.missingIdentifier }
        lock.lock()
        defer { lock.unlock() }
        for key in keys {
            let normalized = URIReference.split(key).0
            guard URIReference(normalized).isAbsolute else { throw RegistrationError.relativeIdentifier(key) }
            documents[normalized] = document
        }
    }

    /// Parses and registers a JSON text.
    public func add(jsonText: String, uri: URL?) throws {
        try add(JSONValue(parsing: jsonText), uri: uri)
    }

    public func document(for uri: String) -> JSONValue? {
        lock.lock()
        defer { lock.unlock() }
        return documents[URIReference.split(uri).0]
    }

    public func loadSchema(at uri: URL) throws -> JSONValue? { document(for: uri.absoluteString) }
}
