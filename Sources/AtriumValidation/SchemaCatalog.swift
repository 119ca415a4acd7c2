import AtriumCore
import Foundation

/// The organization's metadata standards: one JSON Schema per product type in the schemas folder,
/// named `<type>.schema.json` (or `.schema.yaml`/`.schema.yml`), compiled once per run.
public struct SchemaCatalog: Sendable {
    /// Product types that have a schema, sorted.
    public let types: [String]
    /// Schema file by type, repository-relative.
    public let files: [String: String]
    /// Every file name in the schemas folder, sorted (shared definitions included).
    public let names: [String]

    public init(types: [String: String], names: [String] = []) {
        self.files = types
        self.types = types.keys.sorted()
        self.names = names
    }

    /// Lists the schema files of a repository.
    public static func discover(root: String, configuration: Configuration, fileSystem: FileSystem, sink: DiagnosticSink) -> SchemaCatalog {
        let directory = configuration.schemasDirectory
        let listed: [String]
        do {
            listed = try fileSystem.contentsOfDirectory(atPath: root + "/" + directory)
        } catch {
            sink.report(Diagnostic(rule: .configInvalid, message: "schemas folder `\(directory)` cannot be read",
                                   span: nil, help: "create it with one `<type>.schema.json` per product type, or set `schemas_dir` in atrium.yml"))
            return SchemaCatalog(types: [:])
        }
        var files: [String: String] = [:]
        let names = listed.sorted()
        for name in names {
            for suffix in [".schema.json", ".schema.yaml", ".schema.yml"] where name.hasSuffix(suffix) {
                let type = String(name.dropLast(suffix.count))
                if type != "common" { files[type] = directory + "/" + name }
            }
        }
        return SchemaCatalog(types: files, names: names)
    }
}
