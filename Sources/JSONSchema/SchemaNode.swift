import Foundation

/// Type bits for the `type` keyword.
struct TypeMask: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = TypeMask(rawValue: 1)
    static let boolean = TypeMask(rawValue: 2)
    static let integer = TypeMask(rawValue: 4)
    static let number = TypeMask(rawValue: 8)
    static let string = TypeMask(rawValue: 16)
    static let array = TypeMask(rawValue: 32)
    static let object = TypeMask(rawValue: 64)

    static func named(_ name: String) -> TypeMask? {
        switch name {
        case "null": return .null
        case "boolean": return .boolean
        case "integer": return .integer
        case "number": return .number
        case "string": return .string
        case "array": return .array
        case "object": return .object
        default: return nil
        }
    }

    var names: [String] {
        var out: [String] = []
        let all: [(TypeMask, String)] = [
            (.null, "null"), (.boolean, "boolean"), (.integer, "integer"), (.number, "number"),
            (.string, "string"), (.array, "array"), (.object, "object"),
        ]
        for (m, n) in all where contains(m) { out.append(n) }
        return out
    }

    @inline(__always)
    func admits(_ v: JSONValue) -> Bool {
        switch v {
        case .null: return contains(.null)
        case .bool: return contains(.boolean)
        case .number(let n): return contains(.number) || (contains(.integer) && n.isInteger)
        case .string: return contains(.string)
        case .array: return contains(.array)
        case .object: return contains(.object)
        }
    }
}

/// A schema resource at evaluation time (for the `$dynamicRef` dynamic scope).
final class CompiledResource: @unchecked Sendable {
    let uri: String
    var dynamicAnchors: [String: SchemaNode] = [:]
    init(uri: String) { self.uri = uri }
}

/// A format check: returns true when the string conforms.
typealias FormatCheck = @Sendable (String) -> Bool

/// One compiled keyword. Evaluated in array order; `unevaluated*` are kept separately and run last.
enum Keyword {
    case ref(SchemaNode)
    case dynamicRef(initial: SchemaNode, anchor: String)
    case type(TypeMask)
    case enumeration([JSONValue], Set<JSONValue>)
    case const(JSONValue)
    case multipleOf(JSONNumber)
    case minimum(JSONNumber)
    case exclusiveMinimum(JSONNumber)
    case maximum(JSONNumber)
    case exclusiveMaximum(JSONNumber)
    case minLength(Int)
    case maxLength(Int)
    case pattern(ECMARegex)
    case format(String, FormatCheck)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case prefixItems([SchemaNode])
    case items(SchemaNode, prefixCount: Int)
    case contains(SchemaNode, min: Int, max: Int?)
    case minProperties(Int)
    case maxProperties(Int)
    case required([String])
    case dependentRequired([(String, [String])])
    case properties([String: SchemaNode])
    case patternProperties([(ECMARegex, SchemaNode)])
    case additionalProperties(SchemaNode, declared: Set<String>, patterns: [ECMARegex])
    case propertyNames(SchemaNode)
    case dependentSchemas([(String, SchemaNode)])
    case allOf([SchemaNode])
    case anyOf([SchemaNode])
    case oneOf([SchemaNode])
    case not(SchemaNode)
    case conditional(if: SchemaNode, then: SchemaNode?, else: SchemaNode?)
}

/// A compiled (sub)schema. Immutable once compilation finishes.
final class SchemaNode: @unchecked Sendable {
    /// Non-nil for boolean schemas.
    var constant: Bool?
    var keywords: [Keyword] = []
    var unevaluatedItems: SchemaNode?
    var unevaluatedProperties: SchemaNode?
    var resource: CompiledResource?
    /// `<resource URI>#<pointer>` of this schema.
    let absoluteLocation: String
    /// True when this node has `unevaluated*` and so needs annotations from in-place applicators.
    var needsAnnotations: Bool { unevaluatedItems != nil || unevaluatedProperties != nil }

    init(absoluteLocation: String) { self.absoluteLocation = absoluteLocation }

    func absoluteKeywordLocation(_ keyword: String) -> String {
        absoluteLocation + "/" + JSONPointer.escape(keyword)
    }

    /// Field names declared by `properties` here and in in-place applicators (for "did you mean").
    func declaredPropertyNames() -> [String] {
        var seen = Set<ObjectIdentifier>()
        var names: [String] = []
        var nameSet = Set<String>()
        func visit(_ n: SchemaNode, _ depth: Int) {
            guard depth < 16, seen.insert(ObjectIdentifier(n)).inserted else { return }
            for k in n.keywords {
                switch k {
                case .properties(let map):
                    for key in map.keys.sorted() where nameSet.insert(key).inserted { names.append(key) }
                case .ref(let t): visit(t, depth + 1)
                case .dynamicRef(let t, _): visit(t, depth + 1)
                case .allOf(let s), .anyOf(let s), .oneOf(let s): s.forEach { visit($0, depth + 1) }
                case .conditional(_, let t, let e):
                    if let t { visit(t, depth + 1) }
                    if let e { visit(e, depth + 1) }
                case .dependentSchemas(let d): d.forEach { visit($0.1, depth + 1) }
                default: break
                }
            }
        }
        visit(self, 0)
        return names
    }

    /// Breaks reference cycles so the graph can be freed.
    func tearDown() {
        keywords = []
        unevaluatedItems = nil
        unevaluatedProperties = nil
        resource?.dynamicAnchors = [:]
        resource = nil
    }
}
