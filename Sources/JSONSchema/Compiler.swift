import Foundation

/// A schema that cannot be compiled.
public struct SchemaCompilationError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case unresolvableReference(String)
        case invalidRegex(String)
        case unsupportedDialect(String)
        case unknownRequiredVocabulary(String)
        case invalidKeywordValue(String)
        case invalidSchema
        case loaderFailed(String)
    }
    public var reason: Reason
    /// Human-readable explanation.
    public var message: String
    /// Absolute location of the offending schema (`<uri>#<pointer>`).
    public var schemaLocation: String

    public var description: String { "\(message) (at \(schemaLocation))" }
}

/// Which vocabularies are active for a schema resource.
struct Vocabularies: OptionSet, Hashable, Sendable {
    let rawValue: UInt16
    static let applicator = Vocabularies(rawValue: 1)
    static let unevaluated = Vocabularies(rawValue: 2)
    static let validation = Vocabularies(rawValue: 4)
    static let formatAnnotation = Vocabularies(rawValue: 8)
    static let formatAssertion = Vocabularies(rawValue: 16)
    static let content = Vocabularies(rawValue: 32)
    static let metaData = Vocabularies(rawValue: 64)
    static let standard: Vocabularies = [.applicator, .unevaluated, .validation, .formatAnnotation, .content, .metaData]
}

/// Compiles JSON Schema (draft 2020-12) documents into `CompiledSchema`s.
///
/// Remote references resolve through, in order: documents embedded in the schema,
/// the `registry`, the built-in 2020-12 meta-schemas, then the `loader`. Nothing else.
public struct JSONSchemaCompiler: Sendable {
    public struct Options: Sendable {
        /// When true, `format` is validated (for the formats listed in `FormatValidators.supportedFormats`).
        /// When false (the default), `format` is an annotation only, unless the schema's meta-schema
        /// enables the format-assertion vocabulary.
        public var formatAssertion: Bool
        /// Base URI for a root schema without an absolute `$id` when no `baseURI` is passed.
        public var defaultBaseURI: String
        /// Maximum nesting of schema evaluation (guards against runaway recursion).
        public var maxEvaluationDepth: Int

        public init(formatAssertion: Bool = false, defaultBaseURI: String = "https://json-schema.invalid/root.json",
                    maxEvaluationDepth: Int = 256) {
            self.formatAssertion = formatAssertion
            self.defaultBaseURI = defaultBaseURI
            self.maxEvaluationDepth = maxEvaluationDepth
        }
    }

    public var options: Options
    public let loader: (any SchemaLoader)?
    public let registry: SchemaRegistry?

    public init(loader: (any SchemaLoader)? = nil, registry: SchemaRegistry? = nil, options: Options = Options()) {
        self.loader = loader
        self.registry = registry
        self.options = options
    }

    /// Compiles `schema`. `baseURI` is the document's retrieval URI (used to resolve a relative `$id` and `$ref`s).
    public func compile(_ schema: JSONValue, baseURI: URL? = nil) throws -> CompiledSchema {
        let session = CompilationSession(compiler: self)
        let base = baseURI?.absoluteString ?? options.defaultBaseURI
        let root = try session.compileRoot(schema, uri: URIReference.split(base).0)
        return CompiledSchema(root: root, nodes: session.allNodes, options: options)
    }

    /// Parses and compiles a JSON text.
    public func compile(jsonText: String, baseURI: URL? = nil) throws -> CompiledSchema {
        try compile(JSONValue(parsing: jsonText), baseURI: baseURI)
    }

    /// Compiles the schema found at `uri` through the registry / loader.
    public func compile(uri: URL) throws -> CompiledSchema {
        let session = CompilationSession(compiler: self)
        let key = URIReference.split(uri.absoluteString).0
        guard let document = try session.fetch(key) else {
            throw SchemaCompilationError(reason: .unresolvableReference(key),
                                         message: "no schema could be loaded from \(key)", schemaLocation: key)
        }
        let root = try session.compileRoot(document, uri: key)
        return CompiledSchema(root: root, nodes: session.allNodes, options: options)
    }
}

// MARK: - Compilation session

final class CompilationSession {
    let compiler: JSONSchemaCompiler

    final class Document {
        let index: Int
        let root: JSONValue
        var locations: [[String]: Location] = [:]
        init(index: Int, root: JSONValue) { self.index = index; self.root = root }
    }

    struct Location {
        var base: String
        var resource: Resource
        var vocab: Vocabularies
    }

    final class Resource {
        var uri: String
        let document: Int
        let pointer: [String]
        var anchors: [String: [String]] = [:]
        var dynamicAnchors: [String: [String]] = [:]
        var compiled: CompiledResource?
        init(uri: String, document: Int, pointer: [String]) {
            self.uri = uri
            self.document = document
            self.pointer = pointer
        }
    }

    struct NodeKey: Hashable {
        let document: Int
        let pointer: [String]
    }

    var documents: [Document] = []
    var documentByURI: [String: Int] = [:]
    var resources: [String: Resource] = [:]
    var nodes: [NodeKey: SchemaNode] = [:]
    var allNodes: [SchemaNode] = []
    var pendingDynamicAnchors: [(CompiledResource, String, Int, [String])] = []
    var vocabularyCache: [String: Vocabularies] = [:]

    init(compiler: JSONSchemaCompiler) { self.compiler = compiler }

    func error(_ reason: SchemaCompilationError.Reason, _ message: String, _ location: String) -> SchemaCompilationError {
        SchemaCompilationError(reason: reason, message: message, schemaLocation: location)
    }

    func compileRoot(_ schema: JSONValue, uri: String) throws -> SchemaNode {
        let doc = try addDocument(schema, uri: uri)
        let root = try compileNode(document: doc, pointer: [])
        try drainPending()
        return root
    }

    func drainPending() throws {
        while let (resource, name, doc, pointer) = pendingDynamicAnchors.popLast() {
            resource.dynamicAnchors[name] = try compileNode(document: doc, pointer: pointer)
        }
    }

    // MARK: Documents and scanning

    /// Raw document lookup: registry, built-in meta-schemas, loader.
    func fetch(_ uri: String) throws -> JSONValue? {
        if let doc = compiler.registry?.document(for: uri) { return doc }
        if let doc = MetaSchemas.documents[uri] { return doc }
        if let loader = compiler.loader, let url = URL(string: uri) {
            do {
                return try loader.loadSchema(at: url)
            } catch {
                throw self.error(.loaderFailed(uri), "the schema loader failed for \(uri): \(error)", uri)
            }
        }
        return nil
    }

    @discardableResult
    func addDocument(_ root: JSONValue, uri: String) throws -> Int {
        if let existing = documentByURI[uri] { return existing }
        let index = documents.count
        let doc = Document(index: index, root: root)
        documents.append(doc)
        documentByURI[uri] = index
        let resource = Resource(uri: uri, document: index, pointer: [])
        if resources[uri] == nil { resources[uri] = resource }
        try scan(doc, pointer: [], value: root, base: uri, resource: resource, vocab: .standard, isDocumentRoot: true)
        return index
    }

    func loadResource(_ uri: String, from location: String) throws -> Resource {
        if let r = resources[uri] { return r }
        guard let document = try fetch(uri) else {
            throw error(.unresolvableReference(uri),
                        "the reference to \(uri) cannot be resolved (no such embedded schema, registered document or loader result)",
                        location)
        }
        try addDocument(document, uri: uri)
        guard let r = resources[uri] else {
            throw error(.unresolvableReference(uri), "the document loaded from \(uri) does not define it", location)
        }
        return r
    }

    static let singleSchemaKeywords = [
        "additionalProperties", "items", "contains", "propertyNames", "not", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema",
    ]
    static let arraySchemaKeywords = ["allOf", "anyOf", "oneOf", "prefixItems"]
    static let mapSchemaKeywords = ["$defs", "properties", "patternProperties", "dependentSchemas", "definitions", "dependencies"]

    func scan(_ doc: Document, pointer: [String], value: JSONValue, base: String, resource: Resource,
              vocab: Vocabularies, isDocumentRoot: Bool = false) throws {
        guard case .object(let obj) = value else {
            doc.locations[pointer] = Location(base: base, resource: resource, vocab: vocab)
            return
        }
        var base = base
        var resource = resource
        var vocab = vocab
        let here = { resource.uri + "#" + JSONPointer(tokens: Array(pointer.dropFirst(resource.pointer.count))).uriFragment }
        if let id = obj["$id"] {
            guard case .string(let idString) = id else {
                throw error(.invalidKeywordValue("$id"), "$id must be a string", here())
            }
            let resolved = URIReference.resolve(idString, against: base)
            let (noFragment, fragment) = URIReference.split(resolved)
            if let fragment, !fragment.isEmpty {
                throw error(.invalidKeywordValue("$id"),
                            "$id '\(idString)' must not contain a fragment; use $anchor for plain-name identifiers", here())
            }
            base = noFragment
            if isDocumentRoot {
                resource.uri = noFragment
                resources[noFragment] = resource
            } else {
                let r = Resource(uri: noFragment, document: doc.index, pointer: pointer)
                resources[noFragment] = r
                resource = r
            }
        }
        if let schemaURI = obj["$schema"], isDocumentRoot || obj["$id"] != nil {
            guard case .string(let s) = schemaURI else {
                throw error(.invalidKeywordValue("$schema"), "$schema must be a string", here())
            }
            vocab = try vocabularies(forMetaSchema: s, at: here())
        }
        doc.locations[pointer] = Location(base: base, resource: resource, vocab: vocab)
        if let anchor = obj["$anchor"] {
            guard case .string(let name) = anchor, Self.isValidAnchor(name) else {
                throw error(.invalidKeywordValue("$anchor"), "$anchor must be a plain name like 'item'", here())
            }
            resource.anchors[name] = pointer
        }
        if let anchor = obj["$dynamicAnchor"] {
            guard case .string(let name) = anchor, Self.isValidAnchor(name) else {
                throw error(.invalidKeywordValue("$dynamicAnchor"), "$dynamicAnchor must be a plain name like 'meta'", here())
            }
            resource.dynamicAnchors[name] = pointer
            if resource.anchors[name] == nil { resource.anchors[name] = pointer }
        }
        for key in Self.singleSchemaKeywords {
            if let sub = obj[key] {
                try scan(doc, pointer: pointer + [key], value: sub, base: base, resource: resource, vocab: vocab)
            }
        }
        for key in Self.arraySchemaKeywords {
            if case .array(let subs)? = obj[key] {
                for (i, sub) in subs.enumerated() {
                    try scan(doc, pointer: pointer + [key, String(i)], value: sub, base: base, resource: resource, vocab: vocab)
                }
            }
        }
        for key in Self.mapSchemaKeywords {
            if case .object(let subs)? = obj[key] {
                for (name, sub) in subs {
                    try scan(doc, pointer: pointer + [key, name], value: sub, base: base, resource: resource, vocab: vocab)
                }
            }
        }
    }

    static func isValidAnchor(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII,
            first.properties.isAlphabetic || first == "_"
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == ".")
        }
    }

    /// Determines the active vocabularies for a `$schema` value.
    func vocabularies(forMetaSchema uri: String, at location: String) throws -> Vocabularies {
        let (key, fragment) = URIReference.split(uri)
        if fragment != nil && fragment != "" {
            throw error(.unsupportedDialect(uri), "$schema '\(uri)' must not have a fragment", location)
        }
        if key == MetaSchemas.draft202012 { return .standard }
        if let cached = vocabularyCache[key] { return cached }
        let historic = [
            "http://json-schema.org/draft-03/schema", "http://json-schema.org/draft-04/schema",
            "http://json-schema.org/draft-06/schema", "http://json-schema.org/draft-07/schema",
            "https://json-schema.org/draft/2019-09/schema",
        ]
        if historic.contains(key) {
            throw error(.unsupportedDialect(uri), "$schema '\(uri)' is not supported; only draft 2020-12 schemas can be validated", location)
        }
        guard let meta = try fetch(key) else {
            throw error(.unsupportedDialect(uri),
                        "unknown $schema dialect '\(uri)': it is not draft 2020-12 and no meta-schema could be loaded for it", location)
        }
        vocabularyCache[key] = .standard  // guards self-referencing meta-schemas
        var result: Vocabularies = []
        if case .object(let declared)? = meta["$vocabulary"] {
            for (vocabURI, requiredValue) in declared {
                switch vocabURI {
                case MetaSchemas.vocabCore: break
                case MetaSchemas.vocabApplicator: result.insert(.applicator)
                case MetaSchemas.vocabUnevaluated: result.insert(.unevaluated)
                case MetaSchemas.vocabValidation: result.insert(.validation)
                case MetaSchemas.vocabMetaData: result.insert(.metaData)
                case MetaSchemas.vocabFormatAnnotation: result.insert(.formatAnnotation)
                case MetaSchemas.vocabFormatAssertion: result.insert(.formatAssertion)
                case MetaSchemas.vocabContent: result.insert(.content)
                default:
                    if requiredValue.boolValue == true {
                        throw error(.unknownRequiredVocabulary(vocabURI),
                                    "the meta-schema \(key) requires the vocabulary \(vocabURI), which this validator does not support",
                                    location)
                    }
                }
            }
        } else if let parent = meta["$schema"]?.stringValue, parent != uri {
            result = try vocabularies(forMetaSchema: parent, at: location)
        } else {
            result = .standard
        }
        vocabularyCache[key] = result
        return result
    }

    // MARK: Node compilation

    func location(in doc: Document, pointer: [String]) throws -> Location {
        if let loc = doc.locations[pointer] { return loc }
        // A reference into a place the scanner did not visit (e.g. an unknown keyword):
        // inherit from the nearest scanned ancestor and scan the subtree on demand.
        var ancestor = pointer
        while !ancestor.isEmpty {
            ancestor.removeLast()
            if let loc = doc.locations[ancestor] {
                if let value = doc.root[JSONPointer(tokens: pointer)] {
                    try scan(doc, pointer: pointer, value: value, base: loc.base, resource: loc.resource, vocab: loc.vocab)
                }
                return doc.locations[pointer] ?? loc
            }
        }
        throw error(.invalidSchema, "internal error: unscanned schema location", JSONPointer(tokens: pointer).description)
    }

    func compiledResource(_ r: Resource) -> CompiledResource {
        if let c = r.compiled { return c }
        let c = CompiledResource(uri: r.uri)
        r.compiled = c
        for (name, pointer) in r.dynamicAnchors {
            pendingDynamicAnchors.append((c, name, r.document, pointer))
        }
        return c
    }

    func compileNode(document docIndex: Int, pointer: [String]) throws -> SchemaNode {
        let key = NodeKey(document: docIndex, pointer: pointer)
        if let existing = nodes[key] { return existing }
        let doc = documents[docIndex]
        let loc = try location(in: doc, pointer: pointer)
        let relative = JSONPointer(tokens: Array(pointer.dropFirst(loc.resource.pointer.count)))
        let absolute = loc.resource.uri + "#" + relative.uriFragment
        guard let value = doc.root[JSONPointer(tokens: pointer)] else {
            throw error(.unresolvableReference(absolute), "the referenced location does not exist", absolute)
        }
        let node = SchemaNode(absoluteLocation: absolute)
        node.resource = compiledResource(loc.resource)
        nodes[key] = node
        allNodes.append(node)
        switch value {
        case .bool(let b):
            node.constant = b
        case .object(let obj):
            try fill(node, obj, doc: doc, pointer: pointer, loc: loc)
        default:
            throw error(.invalidSchema, "a schema must be an object or a boolean, found \(value.typeName)", absolute)
        }
        return node
    }

    func fill(_ node: SchemaNode, _ obj: JSONObject, doc: Document, pointer: [String], loc: Location) throws {
        let here = node.absoluteLocation
        let vocab = loc.vocab
        var kws: [Keyword] = []

        func sub(_ path: String...) throws -> SchemaNode {
            try compileNode(document: doc.index, pointer: pointer + path)
        }
        func bad(_ keyword: String, _ what: String) -> SchemaCompilationError {
            error(.invalidKeywordValue(keyword), "'\(keyword)' \(what)", here + "/" + JSONPointer.escape(keyword))
        }
        func nonNegativeInt(_ keyword: String) throws -> Int? {
            guard let v = obj[keyword] else { return nil }
            guard case .number(let n) = v, let i = n.intValue, i >= 0 else {
                if case .number(let n) = v, n.isInteger, n.doubleValue > 0 { return Int.max }
                throw bad(keyword, "must be a non-negative integer")
            }
            return i
        }
        func number(_ keyword: String) throws -> JSONNumber? {
            guard let v = obj[keyword] else { return nil }
            guard case .number(let n) = v else { throw bad(keyword, "must be a number") }
            return n
        }
        func schemaArray(_ keyword: String) throws -> [SchemaNode]? {
            guard let v = obj[keyword] else { return nil }
            guard case .array(let a) = v, !a.isEmpty else { throw bad(keyword, "must be a non-empty array of schemas") }
            return try a.indices.map { try sub(keyword, String($0)) }
        }
        func schemaMap(_ keyword: String) throws -> [(String, SchemaNode)]? {
            guard let v = obj[keyword] else { return nil }
            guard case .object(let o) = v else { throw bad(keyword, "must be an object whose values are schemas") }
            return try o.keys.map { ($0, try sub(keyword, $0)) }
        }
        func regex(_ source: String, _ keyword: String) throws -> ECMARegex {
            do { return try ECMARegex(source) } catch {
                throw self.error(.invalidRegex(source), "\(error)", here + "/" + JSONPointer.escape(keyword))
            }
        }
        func stringArray(_ keyword: String, _ value: JSONValue) throws -> [String] {
            guard case .array(let a) = value else { throw bad(keyword, "must be an array of strings") }
            return try a.map {
                guard case .string(let s) = $0 else { throw bad(keyword, "must be an array of strings") }
                return s
            }
        }

        // Core: references.
        if let ref = obj["$ref"] {
            guard case .string(let s) = ref else { throw bad("$ref", "must be a string") }
            kws.append(.ref(try resolveReference(s, base: loc.base, from: here + "/$ref")))
        }
        if let ref = obj["$dynamicRef"] {
            guard case .string(let s) = ref else { throw bad("$dynamicRef", "must be a string") }
            let target = try resolveReference(s, base: loc.base, from: here + "/$dynamicRef")
            let fragment = URIReference.split(s).1?.removingPercentEncoding ?? ""
            if !fragment.isEmpty, !fragment.hasPrefix("/"), try targetHasDynamicAnchor(s, base: loc.base, name: fragment) {
                kws.append(.dynamicRef(initial: target, anchor: fragment))
            } else {
                kws.append(.ref(target))
            }
        }

        // Validation vocabulary.
        if vocab.contains(.validation) {
            if let t = obj["type"] {
                var mask = TypeMask()
                let names: [JSONValue]
                if case .array(let a) = t { names = a } else { names = [t] }
                for n in names {
                    guard case .string(let s) = n, let m = TypeMask.named(s) else {
                        throw bad("type", "must be one of null, boolean, integer, number, string, array, object (or an array of them)")
                    }
                    mask.insert(m)
                }
                kws.append(.type(mask))
            }
            if let c = obj["const"] { kws.append(.const(c)) }
            if let e = obj["enum"] {
                guard case .array(let values) = e else { throw bad("enum", "must be an array") }
                kws.append(.enumeration(values, Set(values)))
            }
            if let n = try number("multipleOf") {
                guard n.doubleValue > 0 else { throw bad("multipleOf", "must be greater than 0") }
                kws.append(.multipleOf(n))
            }
            if let n = try number("minimum") { kws.append(.minimum(n)) }
            if let n = try number("exclusiveMinimum") { kws.append(.exclusiveMinimum(n)) }
            if let n = try number("maximum") { kws.append(.maximum(n)) }
            if let n = try number("exclusiveMaximum") { kws.append(.exclusiveMaximum(n)) }
            if let n = try nonNegativeInt("minLength") { kws.append(.minLength(n)) }
            if let n = try nonNegativeInt("maxLength") { kws.append(.maxLength(n)) }
            if let p = obj["pattern"] {
                guard case .string(let s) = p else { throw bad("pattern", "must be a string") }
                kws.append(.pattern(try regex(s, "pattern")))
            }
            if let n = try nonNegativeInt("minItems") { kws.append(.minItems(n)) }
            if let n = try nonNegativeInt("maxItems") { kws.append(.maxItems(n)) }
            if let u = obj["uniqueItems"] {
                guard case .bool(let b) = u else { throw bad("uniqueItems", "must be true or false") }
                if b { kws.append(.uniqueItems) }
            }
            if let r = obj["required"] { kws.append(.required(try stringArray("required", r))) }
            if let n = try nonNegativeInt("minProperties") { kws.append(.minProperties(n)) }
            if let n = try nonNegativeInt("maxProperties") { kws.append(.maxProperties(n)) }
            if let d = obj["dependentRequired"] {
                guard case .object(let o) = d else { throw bad("dependentRequired", "must be an object") }
                kws.append(.dependentRequired(try o.map { ($0.key, try stringArray("dependentRequired", $0.value)) }))
            }
        }

        // Format.
        if let f = obj["format"], case .string(let name) = f {
            let asserting = vocab.contains(.formatAssertion) || compiler.options.formatAssertion
            if asserting, let check = FormatValidators.checker(for: name) {
                kws.append(.format(name, check))
            }
        }

        // Applicator vocabulary.
        if vocab.contains(.applicator) {
            var prefixCount = 0
            if let prefix = try schemaArray("prefixItems") {
                prefixCount = prefix.count
                kws.append(.prefixItems(prefix))
            }
            if obj["items"] != nil { kws.append(.items(try sub("items"), prefixCount: prefixCount)) }
            if obj["contains"] != nil {
                var minC = 1
                var maxC: Int?
                if vocab.contains(.validation) {
                    minC = try nonNegativeInt("minContains") ?? 1
                    maxC = try nonNegativeInt("maxContains")
                }
                kws.append(.contains(try sub("contains"), min: minC, max: maxC))
            }
            var declared = Set<String>()
            if let props = try schemaMap("properties") {
                var map: [String: SchemaNode] = [:]
                for (k, n) in props { map[k] = n; declared.insert(k) }
                kws.append(.properties(map))
            }
            var patterns: [ECMARegex] = []
            if let pp = try schemaMap("patternProperties") {
                var list: [(ECMARegex, SchemaNode)] = []
                for (p, n) in pp {
                    let r = try regex(p, "patternProperties")
                    patterns.append(r)
                    list.append((r, n))
                }
                kws.append(.patternProperties(list))
            }
            if obj["additionalProperties"] != nil {
                kws.append(.additionalProperties(try sub("additionalProperties"), declared: declared, patterns: patterns))
            }
            if obj["propertyNames"] != nil { kws.append(.propertyNames(try sub("propertyNames"))) }
            if let ds = try schemaMap("dependentSchemas") { kws.append(.dependentSchemas(ds)) }
            if case .object(let deps)? = obj["dependencies"] {
                // Pre-2019 `dependencies` keyword, accepted for compatibility.
                var required: [(String, [String])] = []
                var schemas: [(String, SchemaNode)] = []
                for (k, value) in deps {
                    if case .array = value {
                        required.append((k, try stringArray("dependencies", value)))
                    } else {
                        schemas.append((k, try sub("dependencies", k)))
                    }
                }
                if !required.isEmpty { kws.append(.dependentRequired(required)) }
                if !schemas.isEmpty { kws.append(.dependentSchemas(schemas)) }
            }
            if let s = try schemaArray("allOf") { kws.append(.allOf(s)) }
            if let s = try schemaArray("anyOf") { kws.append(.anyOf(s)) }
            if let s = try schemaArray("oneOf") { kws.append(.oneOf(s)) }
            if obj["not"] != nil { kws.append(.not(try sub("not"))) }
            if obj["if"] != nil {
                let thenNode = obj["then"] != nil ? try sub("then") : nil
                let elseNode = obj["else"] != nil ? try sub("else") : nil
                let ifNode = try sub("if")
                if thenNode != nil || elseNode != nil {
                    kws.append(.conditional(if: ifNode, then: thenNode, else: elseNode))
                } else {
                    // `if` alone still produces annotations when it passes.
                    kws.append(.conditional(if: ifNode, then: nil, else: nil))
                }
            }
        }
        if vocab.contains(.unevaluated) {
            if obj["unevaluatedItems"] != nil { node.unevaluatedItems = try sub("unevaluatedItems") }
            if obj["unevaluatedProperties"] != nil { node.unevaluatedProperties = try sub("unevaluatedProperties") }
        }
        node.keywords = kws
    }

    /// Resolves a `$ref`-style URI reference to a compiled node.
    func resolveReference(_ reference: String, base: String, from location: String) throws -> SchemaNode {
        let (doc, pointer) = try resolveLocation(reference, base: base, from: location)
        return try compileNode(document: doc, pointer: pointer)
    }

    func resolveLocation(_ reference: String, base: String, from location: String) throws -> (Int, [String]) {
        let absolute = URIReference.resolve(reference, against: base)
        let (uri, fragment) = URIReference.split(absolute)
        let resource = try loadResource(uri, from: location)
        guard let fragment, !fragment.isEmpty else { return (resource.document, resource.pointer) }
        if fragment.hasPrefix("/") {
            guard let p = JSONPointer(uriFragment: fragment) else {
                throw error(.unresolvableReference(absolute), "'\(reference)' has a malformed JSON pointer fragment", location)
            }
            return (resource.document, resource.pointer + p.tokens)
        }
        let name = fragment.removingPercentEncoding ?? fragment
        guard let pointer = resource.anchors[name] else {
            throw error(.unresolvableReference(absolute),
                        "the reference '\(reference)' names the anchor '\(name)', which \(uri) does not define", location)
        }
        return (resource.document, pointer)
    }

    func targetHasDynamicAnchor(_ reference: String, base: String, name: String) throws -> Bool {
        let (doc, pointer) = try resolveLocation(reference, base: base, from: base)
        return documents[doc].root[JSONPointer(tokens: pointer)]?["$dynamicAnchor"]?.stringValue == name
    }
}
