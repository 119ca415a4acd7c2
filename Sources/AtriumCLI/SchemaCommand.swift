import ArgumentParser
import AtriumAuthoring
import Foundation

/// `atrium schema …`: the metadata standards, for tools other than Atrium.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Work with the repository's JSON Schemas.",
        discussion: """
        Examples:
          atrium schema export                      into .vscode/atrium-schemas/
          atrium schema export --out editor/schemas
        """,
        subcommands: [SchemaExportCommand.self])
}

/// `atrium schema export`: self-contained schemas with the taxonomies inlined, for editors.
struct SchemaExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the effective JSON Schema of every product type for editors, with a README on wiring them in.",
        discussion: """
        Each file is complete in itself (shared definitions copied in, no reference leaves the file), merges the \
        common fields into the type's own, and lists the values atrium.yml allows for units, strategic areas, \
        types of support, regions, countries and languages, so an editor can complete them. README.md beside \
        them shows how to use them in VS Code: front matter inside Markdown files needs a front-matter-aware \
        linter, because VS Code's YAML extension validates YAML files only.

        Files in DIR that this command wrote before are replaced; nothing else in DIR is touched.

        Exit status: 0 written, 1 a file could not be written, 2 unusable atrium.yml or schemas.

        Examples:
          atrium schema export
          atrium schema export --out editor/schemas
        """)

    @Option(name: .long, help: ArgumentHelp("The folder to write to, relative to the repository root unless absolute.", valueName: "DIR"))
    var out = ".vscode/atrium-schemas"

    @Option(name: .long, help: ArgumentHelp(
        "The knowledge repository's root folder (default: the nearest folder upwards that holds atrium.yml).", valueName: "DIR"))
    var root: String?

    func run() throws {
        let root = self.root ?? RepositoryOptions.nearestRoot()
        let (configuration, library) = try RepositoryConfiguration.loadWithSchemas(root: root)
        let files = EditorSchemaExporter(library: library, configuration: configuration).export()
        guard !files.isEmpty else { throw CommandFailure.unusable("`\(configuration.schemasDirectory)/` holds no product type schemas to export") }
        let folder = out.hasPrefix("/") ? URL(fileURLWithPath: out) : URL(fileURLWithPath: root).appendingPathComponent(out)
        let relative = Self.relativePath(of: folder.standardizedFileURL.path, to: URL(fileURLWithPath: root).standardizedFileURL.path) ?? folder.path
        let readme = EditorSchemaReadme.text(folder: relative, types: files.map { String($0.name.dropLast(".schema.json".count)) },
                                             configuration: configuration)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in files + [("README.md", readme)] {
                try Data(text.utf8).write(to: folder.appendingPathComponent(name), options: .atomic)
            }
        } catch {
            throw CommandFailure.failed("cannot write to `\(folder.path)`: \(error.localizedDescription)")
        }
        print("wrote \(files.count) schemas and README.md to `\(NewCommand.displayPath(folder.path))`; README.md says how to use them in VS Code")
    }

    static func relativePath(of path: String, to root: String) -> String? {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : nil
    }
}
