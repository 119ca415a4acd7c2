import AtriumCore
import JSONSchema

extension MetadataNode {
    /// The front matter as the JSON a schema validates: dates become `YYYY-MM-DD` strings,
    /// numbers keep their exactness.
    public var jsonValue: JSONValue {
        switch value {
        case .mapping(let entries):
            return .object(JSONObject(entries.map { (key: $0.key, value: $0.value.jsonValue) }))
        case .sequence(let elements):
            return .array(elements.map(\.jsonValue))
        case .scalar(let scalar):
            switch scalar.resolved {
            case .null: return .null
            case .bool(let flag): return .bool(flag)
            case .integer(let integer): return .number(JSONNumber(integer))
            case .double(let double):
                // JSON has no infinities or NaN; keep what the author wrote so the schema reports a type error.
                return double.isFinite ? .number(JSONNumber(double)) : .string(scalar.source)
            case .date(let text), .dateTime(let text), .string(let text): return .string(text)
            }
        }
    }

    /// The node a JSON Pointer names, or nil when the path leaves the document.
    func node(at pointer: JSONPointer) -> MetadataNode? {
        var node = self
        for token in pointer.tokens {
            switch node.value {
            case .mapping(let entries):
                guard let entry = entries.first(where: { $0.key == token }) else { return nil }
                node = entry.value
            case .sequence(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { return nil }
                node = elements[index]
            case .scalar:
                return nil
            }
        }
        return node
    }
}
