import AtriumContent
import AtriumCore
import Foundation
import JSONSchema

/// The compiled metadata standards: one validator per product type, compiled once per run from
/// the schemas folder, with `$ref`s resolved only among those files (never the network).
public final class SchemaSet: Sendable {
    /// Product types that have a schema, sorted.
    public let types: [String]
    private let validators: [String: CompiledSchema]
    /// Field names each type's schema declares (its own and those of the schemas it `$ref`s in
    /// place), to tell a misspelt field from a cascade of a failed shared definition.
    private let declaredFields: [String: Set<String>]
    /// The schema documents, for what a schema says about a field that broke it.
    private let registry: SchemaRegistry?

    init(validators: [String: CompiledSchema], declaredFields: [String: Set<String>], types: [String], registry: SchemaRegistry? = nil) {
        self.validators = validators
        self.declaredFields = declaredFields
        self.types = types
        self.registry = registry
    }

    /// Reads, registers and compiles every schema of a repository, reporting broken ones.
    public static func load(root: String, configuration: Configuration, fileSystem: FileSystem, sink: DiagnosticSink) -> SchemaSet {
        let catalog = SchemaCatalog.discover(root: root, configuration: configuration, fileSystem: fileSystem, sink: sink)
        let directory = configuration.schemasDirectory
        let registry = SchemaRegistry()
        var documents: [String: (JSONValue, URL)] = [:]   // repository-relative file → (document, base URI)
        for name in catalog.names where [".json", ".yaml", ".yml"].contains(where: name.hasSuffix) {
            let path = directory + "/" + name
            guard let document = readDocument(root + "/" + path, file: path, fileSystem: fileSystem, sink: sink) else { continue }
            let fileURL = URL(fileURLWithPath: root + "/" + path)
            let base = document["$id"]?.stringValue.flatMap { URL(string: $0) } ?? fileURL
            do {
                try registry.add(document, uri: base)
                if base != fileURL { try registry.add(document, uri: fileURL) }
            } catch {
                sink.report(Diagnostic(rule: .schemaInvalid, message: "schema `\(name)` cannot be registered: \(error)",
                                       span: .wholeFile(path), help: "give every schema a distinct `$id`"))
            }
            documents[path] = (document, base)
        }
        let compiler = JSONSchemaCompiler(registry: registry, options: .init(formatAssertion: true))
        var validators: [String: CompiledSchema] = [:]
        var declared: [String: Set<String>] = [:]
        for type in catalog.types {
            guard let file = catalog.files[type], let (document, base) = documents[file] else { continue }
            do {
                validators[type] = try compiler.compile(document, baseURI: base)
                declared[type] = declaredFieldNames(document, base: base, registry: registry)
            } catch {
                sink.report(Diagnostic(rule: .schemaInvalid, message: "schema for `\(type)` cannot be compiled: \(error)",
                                       span: .wholeFile(file), help: "fix the schema; products of this type are not checked until then"))
            }
        }
        return SchemaSet(validators: validators, declaredFields: declared, types: catalog.types, registry: registry)
    }

    /// Validates one product's front matter against its type's schema. Returns false when the type has no usable schema.
    @discardableResult
    public func validate(_ product: Product, type: String, sink: DiagnosticSink) -> Bool {
        guard let validator = validators[type] else { return false }
        let result = validator.validate(product.frontMatter.jsonValue)
        guard !result.isValid else { return true }
        let hasOtherErrors = result.errors.contains { !Self.isUnknownField($0) }
        for error in result.errors {
            if case .unevaluatedProperty(let name) = error.kind, hasOtherErrors, declaredFields[type]?.contains(name) == true {
                // A shared definition failed, so its fields went unevaluated: the real error is reported instead.
                continue
            }
            if case .format("date") = error.kind, isAlreadyReportedDate(product.frontMatter.node(at: error.instanceLocation)) {
                continue
            }
            sink.report(diagnostic(for: error, product: product, type: type))
        }
        return true
    }

    // MARK: Mapping errors back to the file

    private func diagnostic(for error: ValidationError, product: Product, type: String) -> Diagnostic {
        let root = product.frontMatter
        let target = root.node(at: error.instanceLocation)
        var span = target?.span ?? root.span
        var help: String?
        switch error.kind {
        case .required(let missing):
            help = "add `\(missing):` to \(error.instanceLocation.tokens.isEmpty ? "the front matter" : "`\(error.instanceLocation.tokens.joined(separator: "."))`")"
        case .additionalProperty(let name), .unevaluatedProperty(let name):
            if let entry = target?.entry(name) { span = entry.keySpan }
            help = error.suggestion.map { "rename it to `\($0)`" }
                ?? "remove it; the `\(type)` schema does not define this field"
        case .enumMismatch(_, _, let suggestion):
            help = (suggestion ?? error.suggestion).map { "change it to `\($0)`" }
        case .format("date"):
            help = "write dates as YYYY-MM-DD, e.g. 2024-02-14"
        case .type where Self.isEmpty(target):
            help = "this field is still empty: write its value after the colon (`atrium new` leaves such fields under a `# TODO` comment)"
        default:
            help = error.suggestion.map { "did you mean `\($0)`?" } ?? schemaGuidance(for: error)
        }
        return Diagnostic(rule: .schema(error.keyword), message: error.message, span: span, help: help)
    }

    /// What the organization's schema says of the field whose keyword failed: the first sentence
    /// of its `description` and its first example. A pattern quoted in the message tells an author
    /// little; `gn-gender-responsive-budgeting-2025` tells them what to write.
    private func schemaGuidance(for error: ValidationError) -> String? {
        guard let registry, let location = error.absoluteKeywordLocation, let hash = location.firstIndex(of: "#"),
              let document = registry.document(for: String(location[..<hash])) else { return nil }
        let fragment = String(location[location.index(after: hash)...])
        guard let pointer = try? JSONPointer(fragment.removingPercentEncoding ?? fragment), !pointer.tokens.isEmpty,
              let schema = document[JSONPointer(tokens: Array(pointer.tokens.dropLast()))] else { return nil }
        var parts: [String] = []
        if let description = schema["description"]?.stringValue {
            let sentence = description.range(of: ". ").map { String(description[..<$0.lowerBound]) + "." } ?? description
            parts.append(sentence)
        }
        if let example = schema["examples"]?.arrayValue?.first?.stringValue { parts.append("For example: `\(example)`.") }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    private static func isEmpty(_ node: MetadataNode?) -> Bool {
        guard let node, case .scalar(let scalar) = node.value else { return false }
        return scalar.resolved == .null && scalar.source.isEmpty
    }

    private static func isUnknownField(_ error: ValidationError) -> Bool {
        if case .unevaluatedProperty = error.kind { return true }
        return false
    }

    /// A plain `2024-02-30` already got `date/invalid` from the parser.
    private func isAlreadyReportedDate(_ node: MetadataNode?) -> Bool {
        guard let node, case .scalar(let scalar) = node.value, !scalar.isQuoted,
              let (year, month, day) = CalendarDate.components(scalar.source) else { return false }
        return CalendarDate(year: year, month: month, day: day) == nil
    }

    // MARK: Reading schema files

    /// One schema file as JSON (JSON or YAML), its problems reported to `sink` at their positions.
    public static func readDocument(_ absolute: String, file: String, fileSystem: FileSystem, sink: DiagnosticSink) -> JSONValue? {
        // A schema linked to a file elsewhere on the machine is not read: parse errors would quote it.
        if absolute.hasSuffix("/" + file), let root = fileSystem.resolvedPath(String(absolute.dropLast(file.count + 1))),
           let resolved = fileSystem.resolvedPath(absolute), !resolved.hasPrefix(root + "/") {
            sink.report(Diagnostic(rule: .fileOutsideRepository, message: "`\(file)` is a symbolic link to a place outside the repository; it was not read",
                                   span: .wholeFile(file), help: "copy the schema into the repository instead of linking to it"))
            return nil
        }
        guard let data = try? fileSystem.readFile(atPath: absolute) else {
            sink.report(Diagnostic(rule: .schemaInvalid, message: "schema file cannot be read", span: .wholeFile(file)))
            return nil
        }
        let text = String(decoding: data, as: UTF8.self)
        if file.hasSuffix(".json") {
            do {
                return try JSONValue(parsing: text)
            } catch let error as JSONParseError {
                sink.report(Diagnostic(rule: .schemaInvalid, message: "schema is not valid JSON: \(error.message)",
                                       span: SourceSpan(file: file, line: error.line, column: error.column, length: 1)))
                return nil
            } catch {
                sink.report(Diagnostic(rule: .schemaInvalid, message: "schema is not valid JSON: \(error)", span: .wholeFile(file)))
                return nil
            }
        }
        let parsed = FrontMatterParser(maximumNodes: 1_000_000, maximumDepth: 128).parse(text, firstLine: 1, path: file)
        sink.report(contentsOf: parsed.diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            diagnostic.rule = .schemaInvalid
            // The parser speaks of front matter; here the YAML is a schema.
            diagnostic.message = diagnostic.message.replacingOccurrences(of: "front matter is", with: "the schema is")
                .replacingOccurrences(of: "front matter", with: "the schema")
            if diagnostic.message.contains("not a set of fields") {
                diagnostic.message = "the schema must be a mapping of keywords (`type:`, `properties:`, …), not a list or a single value"
                diagnostic.help = "write the schema as JSON Schema keywords, one `name: value` per line"
            }
            return diagnostic
        })
        return parsed.root?.jsonValue
    }

    /// Names under `properties` of a schema and of the schemas it applies in place (`allOf`, `$ref`).
    private static func declaredFieldNames(_ schema: JSONValue, base: URL, registry: SchemaRegistry, depth: Int = 0) -> Set<String> {
        guard depth < 8, case .object(let object) = schema else { return [] }
        var names = Set(object["properties"]?.objectValue?.keys ?? [])
        for branch in object["allOf"]?.arrayValue ?? [] {
            names.formUnion(declaredFieldNames(branch, base: base, registry: registry, depth: depth + 1))
        }
        if let reference = object["$ref"]?.stringValue, let url = URL(string: reference, relativeTo: base)?.absoluteURL {
            let documentURL = url.absoluteString.split(separator: "#", maxSplits: 1).first.map(String.init) ?? url.absoluteString
            if let document = registry.document(for: documentURL) {
                var target = document
                if let fragment = url.fragment, let pointer = try? JSONPointer(fragment.removingPercentEncoding ?? fragment),
                   let resolved = document[pointer] {
                    target = resolved
                }
                names.formUnion(declaredFieldNames(target, base: url, registry: registry, depth: depth + 1))
            }
        }
        return names
    }
}
