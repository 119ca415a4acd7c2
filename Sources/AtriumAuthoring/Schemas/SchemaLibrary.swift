import AtriumContent
import AtriumCore
import AtriumValidation
import Foundation
import JSONSchema

/// The schema documents of a repository as data, for the tools that read them rather than
/// validate with them: `atrium new` (which fields a type requires, and what they mean) and
/// `atrium schema export` (self-contained schemas for editors). `$ref`s resolve only among the
/// files of the schemas folder, by `$id` or by file name, as in the check.
public struct SchemaLibrary: Sendable {
    /// One schema file.
    public struct Document: Sendable {
        /// The file name inside the schemas folder, e.g. `guidance-note.schema.json`.
        public var fileName: String
        public var value: JSONValue
    }

    /// Documents by file name.
    public let documents: [String: Document]
    /// Product type → file name of its schema.
    public let typeFiles: [String: String]

    public var types: [String] { typeFiles.keys.sorted() }

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads every schema of the repository at `root`; a file that cannot be read or parsed is an
    /// error naming it (run `atrium check` for its exact position).
    public static func load(root: String, configuration: Configuration, fileSystem: FileSystem = LocalFileSystem()) throws -> SchemaLibrary {
        let sink = DiagnosticSink()
        /// The first error reported, with its place, as the reason loading stops.
        func firstError() -> LoadError? {
            guard let problem = sink.diagnostics.first(where: { $0.severity == .error }) else { return nil }
            let place = problem.span.map { "\($0.file):\($0.start.line):\($0.start.column): " } ?? ""
            return LoadError(description: place + problem.message + (problem.help.map { "; \($0)" } ?? ""))
        }
        let catalog = SchemaCatalog.discover(root: root, configuration: configuration, fileSystem: fileSystem, sink: sink)
        if let error = firstError() { throw error }
        var documents: [String: Document] = [:]
        for name in catalog.names where [".json", ".yaml", ".yml"].contains(where: name.hasSuffix) {
            // Read as the check reads them, with the same limits and the same diagnostics.
            let path = configuration.schemasDirectory + "/" + name
            let value = SchemaSet.readDocument(root + "/" + path, file: path, fileSystem: fileSystem, sink: sink)
            if let error = firstError() { throw error }
            guard let value else { throw LoadError(description: "`\(path)` is not a readable schema; `atrium check` shows where") }
            documents[name] = Document(fileName: name, value: value)
        }
        let typeFiles = catalog.files.mapValues { ($0 as NSString).lastPathComponent }
        return SchemaLibrary(documents: documents, typeFiles: typeFiles)
    }

    public init(documents: [String: Document], typeFiles: [String: String]) {
        self.documents = documents
        self.typeFiles = typeFiles
    }

    /// The schema of a product type.
    public func schema(forType type: String) -> SchemaReference? {
        guard let file = typeFiles[type], let document = documents[file] else { return nil }
        return SchemaReference(file: file, value: document.value)
    }

    /// A schema node with the file it lives in, so its `$ref`s can be followed.
    public struct SchemaReference: Sendable {
        public var file: String
        public var value: JSONValue
    }

    /// Follows `reference` (`common.schema.json#/$defs/date`, `#/$defs/x`, or an absolute `$id`)
    /// written in `file`.
    public func resolve(_ reference: String, from file: String) -> SchemaReference? {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let location = parts.first.map(String.init) ?? ""
        let fragment = parts.count > 1 ? String(parts[1]) : ""
        let target: String
        if location.isEmpty {
            target = file
        } else if let byName = documents[(location as NSString).lastPathComponent] {
            target = byName.fileName
        } else if let byID = documents.values.first(where: { $0.value["$id"]?.stringValue == location }) {
            target = byID.fileName
        } else {
            return nil
        }
        guard let document = documents[target] else { return nil }
        guard !fragment.isEmpty else { return SchemaReference(file: target, value: document.value) }
        guard let pointer = try? JSONPointer(fragment.removingPercentEncoding ?? fragment),
              let value = document.value[pointer] else { return nil }
        return SchemaReference(file: target, value: value)
    }
}
