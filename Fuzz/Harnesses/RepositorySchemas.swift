import AtriumContent
import AtriumCore
import AtriumValidation
import Foundation
import JSONSchema

/// The real schemas the schema fuzzers work against, read and compiled once per process.
final class RepositorySchemas: Sendable {
    static let shared = RepositorySchemas(root: PackageLocation.root)
    static let metaSchemaName = "meta-schema"

    /// Every file of `schemas/`, under its `$id`, for `$ref`s between them.
    let registry: SchemaRegistry
    /// The schemas an instance can be validated against, by name; the order is the selector.
    let fixed: [(name: String, schema: CompiledSchema)]

    init(root: URL) {
        let registry = SchemaRegistry()
        var types: [(String, JSONValue, URL)] = []
        for file in SeedSources.files(under: root.appendingPathComponent("schemas"), suffix: ".schema.json") {
            guard let data = try? Data(contentsOf: file), let document = try? JSONValue(parsing: data) else {
                fatalError("fuzz harness: cannot read \(file.path)")
            }
            let base = document["$id"]?.stringValue.flatMap { URL(string: $0) } ?? file
            try! registry.add(document, uri: base)
            let type = file.lastPathComponent.replacingOccurrences(of: ".schema.json", with: "")
            if type != "common" { types.append((type, document, base)) }
        }
        let compiler = JSONSchemaCompiler(registry: registry, options: .init(formatAssertion: true))
        var fixed: [(String, CompiledSchema)] = types.map { type, document, base in
            (type, try! compiler.compile(document, baseURI: base))
        }
        fixed.append((Self.metaSchemaName, try! compiler.compile(uri: URL(string: "https://json-schema.org/draft/2020-12/schema")!)))
        for file in SeedSources.files(under: root.appendingPathComponent("Fuzz/schemas"), suffix: ".json") {
            guard let data = try? Data(contentsOf: file), let document = try? JSONValue(parsing: data) else {
                fatalError("fuzz harness: cannot read \(file.path)")
            }
            fixed.append((file.deletingPathExtension().lastPathComponent, try! compiler.compile(document, baseURI: file)))
        }
        self.registry = registry
        self.fixed = fixed
    }

    /// The front matter of every product in `content/`, as the JSON its schema validates.
    static func contentProducts(_ sources: SeedSources) -> [(type: String, id: String, json: JSONValue)] {
        let reader = ProductFileReader(configuration: Configuration())
        return sources.files(under: "content", suffix: ".md").compactMap { file in
            guard let data = try? Data(contentsOf: file),
                  case .product(let product) = reader.read(data, path: "content/" + file.lastPathComponent).result,
                  let type = product.frontMatter["type"]?.text else { return nil }
            return (type, product.id, product.frontMatter.jsonValue)
        }
    }
}
