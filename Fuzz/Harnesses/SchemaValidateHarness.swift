import Foundation
import JSONSchema

/// A fuzzed JSON instance validated against one of a fixed set of real schemas: the first byte
/// picks the schema, the rest is the instance's JSON text.
///
/// The set is every product type's schema in `schemas/` (compiled as `atrium check` compiles
/// them, with format assertion), the draft 2020-12 meta-schema (so fuzzed instances are
/// themselves judged as schemas, through `$dynamicRef`), and the schemas in `Fuzz/schemas/`,
/// written after the test suite's hardest groups: unevaluated properties and items under
/// `allOf`/`if`/`dependentSchemas`, a `$dynamicRef` tree, patterns and formats, numbers.
public enum SchemaValidateHarness: FuzzHarness {
    public static let name = "schema-validate"

    public static func prepare() {
        _ = RepositorySchemas.shared
    }

    public static func check(_ input: [UInt8]) -> [String] {
        guard let selector = input.first else { return [] }
        let schemas = RepositorySchemas.shared.fixed
        let (_, schema) = schemas[Int(selector) % schemas.count]
        let text = String(decoding: input.dropFirst(), as: UTF8.self)
        let instance: JSONValue
        do {
            instance = try JSONValue(parsing: text)
        } catch {
            return []
        }
        return JSONRoundTrip.problems(instance) + consistency(schema, instance)
    }

    /// What any validation must satisfy: the fast and the reporting path agree, an invalid result
    /// says why, and every error points at a place that exists in the instance.
    static func consistency(_ schema: CompiledSchema, _ instance: JSONValue) -> [String] {
        let result = schema.validate(instance)
        var problems: [String] = []
        if result.isValid != result.errors.isEmpty {
            problems.append("isValid is \(result.isValid) with \(result.errors.count) errors")
        }
        if schema.isValid(instance) != result.isValid {
            problems.append("isValid(_:) says \(!result.isValid), validate(_:) says \(result.isValid)")
        }
        for error in result.errors {
            if error.message.isEmpty { problems.append("a `\(error.keyword)` error has no message") }
            if instance[error.instanceLocation] == nil {
                problems.append("a `\(error.keyword)` error points at \(error.instanceLocation), which the instance does not have")
            }
        }
        return problems
    }

    public static func seeds(_ sources: SeedSources) -> [Seed] {
        let names = RepositorySchemas.shared.fixed.map(\.name)
        var seeds: [Seed] = []
        func add(_ selector: Int, _ name: String, _ text: String) {
            seeds.append(Seed(name: name, bytes: [UInt8(selector)] + Array(text.utf8)))
        }
        // Real front matter, as JSON, against its own type's schema.
        for product in RepositorySchemas.contentProducts(sources) {
            if let selector = names.firstIndex(of: product.type) {
                add(selector, "content-\(product.type)-\(product.id).json", product.json.jsonText)
            }
        }
        // The suite's schemas against the meta-schema; its instances against the other schemas in turn.
        let meta = names.firstIndex(of: RepositorySchemas.metaSchemaName)!
        let others = names.indices.filter { $0 != meta }
        var turn = 0
        for group in sources.testSuiteGroups() {
            if let text = SeedSources.jsonText(group.schema) { add(meta, "suite-\(group.file)-\(group.index).json", text) }
            for (number, instance) in group.instances.enumerated() {
                guard let text = SeedSources.jsonText(instance) else { continue }
                add(others[turn % others.count], "suite-\(group.file)-\(group.index)-\(number).json", text)
                turn += 1
            }
        }
        return seeds
    }
}

extension SchemaValidateHarness {
    /// The fixed schemas' names, in selector order.
    public static var schemaNames: [String] { RepositorySchemas.shared.fixed.map(\.name) }
}
