import Foundation
import JSONSchema

/// A fuzzed JSON text as a schema: parsed, compiled against the repository's schemas (so `$ref`s
/// to `common.schema.json` resolve), then used to validate a few instances, the schema itself
/// among them.
public enum SchemaCompileHarness: FuzzHarness {
    public static let name = "schema-compile"
    static let baseURI = URL(string: "https://atrium.dev/schemas/fuzzed.schema.json")!

    public static func prepare() {
        _ = RepositorySchemas.shared
    }

    public static func check(_ input: [UInt8]) -> [String] {
        let text = String(decoding: input, as: UTF8.self)
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch let error as JSONParseError {
            return error.line >= 1 && error.column >= 1 && !error.message.isEmpty ? [] : ["JSON syntax error without a place: \(error)"]
        } catch {
            return ["JSON parsing threw \(type(of: error)), not JSONParseError: \(error)"]
        }
        var problems = JSONRoundTrip.problems(document)

        // The last byte picks format assertion on or off, so both paths are fuzzed.
        let options = JSONSchemaCompiler.Options(formatAssertion: (input.last ?? 0) & 1 == 1)
        let compiler = JSONSchemaCompiler(registry: RepositorySchemas.shared.registry, options: options)
        let schema: CompiledSchema
        do {
            schema = try compiler.compile(document, baseURI: baseURI)
        } catch let error as SchemaCompilationError {
            return problems + (error.message.isEmpty ? ["a compilation error has no message"] : [])
        } catch {
            return problems + ["compilation threw \(type(of: error)), not SchemaCompilationError: \(error)"]
        }
        let instances: [JSONValue] = [
            document, .null, true, 0, 1.5, -7, "", "2024-02-30", [], [:], [document], ["a": document, "b": [1, "x"]],
        ]
        for instance in instances {
            problems += SchemaValidateHarness.consistency(schema, instance)
        }
        return problems
    }

    public static func seeds(_ sources: SeedSources) -> [Seed] {
        var seeds = sources.files(under: "schemas", suffix: ".json").compactMap { file in
            (try? Data(contentsOf: file)).map { Seed(name: sources.seedName(file), bytes: Array($0)) }
        }
        seeds += sources.files(under: "Fuzz/schemas", suffix: ".json").compactMap { file in
            (try? Data(contentsOf: file)).map { Seed(name: sources.seedName(file), bytes: Array($0)) }
        }
        for group in sources.testSuiteGroups() {
            guard let text = SeedSources.jsonText(group.schema) else { continue }
            seeds.append(Seed(name: "suite-\(group.file)-\(group.index).json", text: text))
        }
        return seeds
    }
}
