import JSONSchema

/// What a schema says about one field, with `$ref` and `allOf` followed and merged, for writing
/// front matter (`atrium new`) rather than validating it. The nearest definition wins for every
/// keyword, so a type's own `audience: {const: internal}` shadows the shared `audience` enum.
public struct FieldSchema: Sendable {
    public var title: String?
    public var description: String?
    /// The JSON type: `string`, `integer`, `array`, `object`, …
    public var type: String?
    public var enumValues: [JSONValue] = []
    public var constValue: JSONValue?
    public var defaultValue: JSONValue?
    public var examples: [JSONValue] = []
    public var minItems: Int?
    /// The schema of array items (none or one).
    public var items: [FieldSchema] = []
    /// Fields of an object, in the order the schemas declare them.
    public var properties: [(name: String, schema: FieldSchema)] = []
    public var required: [String] = []
    /// Requirements that apply only under a condition, e.g. "status is published" → approved_by.
    public var conditionalRequirements: [(condition: String, required: [String])] = []
    /// The name of the shared definition this field uses (`unitId`, `date`, `countryCode`, …).
    public var definition: String?

    public init() {}

    public func property(_ name: String) -> FieldSchema? {
        properties.first { $0.name == name }?.schema
    }

    /// Fills what this schema leaves open from `other` (a definition further away).
    func filling(from other: FieldSchema) -> FieldSchema {
        var merged = self
        merged.title = title ?? other.title
        merged.description = description ?? other.description
        merged.type = type ?? other.type
        if merged.enumValues.isEmpty { merged.enumValues = other.enumValues }
        merged.constValue = constValue ?? other.constValue
        merged.defaultValue = defaultValue ?? other.defaultValue
        if merged.examples.isEmpty { merged.examples = other.examples }
        merged.minItems = minItems ?? other.minItems
        if merged.items.isEmpty {
            merged.items = other.items
        } else if let near = merged.items.first, let far = other.items.first {
            merged.items = [near.filling(from: far)]
        }
        for (name, schema) in other.properties {
            if let index = merged.properties.firstIndex(where: { $0.name == name }) {
                merged.properties[index].schema = merged.properties[index].schema.filling(from: schema)
            } else {
                merged.properties.append((name, schema))
            }
        }
        for name in other.required where !merged.required.contains(name) { merged.required.append(name) }
        merged.conditionalRequirements += other.conditionalRequirements
        merged.definition = definition ?? other.definition
        return merged
    }
}

extension SchemaLibrary {
    /// The merged view of a product type's schema: every field it allows, which are required, and when.
    public func productShape(ofType type: String) -> FieldSchema? {
        guard let schema = schema(forType: type) else { return nil }
        return field(schema.value, file: schema.file, depth: 0)
    }

    func field(_ value: JSONValue, file: String, depth: Int) -> FieldSchema {
        var field = FieldSchema()
        guard depth < 16, case .object(let object) = value else { return field }
        field.title = object["title"]?.stringValue
        field.description = object["description"]?.stringValue
        field.type = object["type"]?.stringValue
        field.enumValues = object["enum"]?.arrayValue ?? []
        field.constValue = object["const"]
        field.defaultValue = object["default"]
        field.examples = object["examples"]?.arrayValue ?? []
        field.minItems = object["minItems"]?.intValue
        if let items = object["items"] { field.items = [self.field(items, file: file, depth: depth + 1)] }
        for entry in object["properties"]?.objectValue?.entries ?? [] {
            field.properties.append((entry.key, self.field(entry.value, file: file, depth: depth + 1)))
        }
        field.required = (object["required"]?.arrayValue ?? []).compactMap(\.stringValue)
        for branch in object["allOf"]?.arrayValue ?? [] {
            field = field.filling(from: self.field(branch, file: file, depth: depth + 1))
        }
        if let condition = object["if"], let then = object["then"] {
            field.conditionalRequirements.append((Self.conditionText(condition), (then["required"]?.arrayValue ?? []).compactMap(\.stringValue)))
        }
        if let reference = object["$ref"]?.stringValue, let target = resolve(reference, from: file) {
            if field.definition == nil, let range = reference.range(of: "#/$defs/") {
                field.definition = String(reference[range.upperBound...]).split(separator: "/").first.map(String.init)
            }
            field = field.filling(from: self.field(target.value, file: target.file, depth: depth + 1))
        }
        return field
    }

    /// `{"properties": {"status": {"const": "published"}}}` → "status is published".
    private static func conditionText(_ condition: JSONValue) -> String {
        let parts = (condition["properties"]?.objectValue?.entries ?? []).compactMap { entry -> String? in
            guard let value = entry.value["const"] else { return nil }
            return "`\(entry.key)` is \(value.stringValue ?? value.jsonText)"
        }
        return parts.isEmpty ? "in some cases" : parts.joined(separator: " and ")
    }
}
