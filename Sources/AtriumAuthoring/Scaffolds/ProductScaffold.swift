import AtriumCore
import Foundation
import JSONSchema

/// `atrium new`: the first version of a product file, written from its type's schema. Every value
/// that can be derived is filled in (type, title, id, today's date, the default owner and language,
/// the audience and a `draft` status); every other required field is written empty under a
/// `# TODO` comment that says what to put there, so `atrium check` points at exactly the fields
/// still to fill (an empty value is never valid) until the author has filled them.
public struct ProductScaffold: Sendable {
    public struct Request: Sendable {
        public var type: String
        public var title: String
        public var id: String?
        public var owner: String?
        public var language: String?
        public var today: CalendarDate

        public init(type: String, title: String, id: String? = nil, owner: String? = nil, language: String? = nil, today: CalendarDate) {
            self.type = type
            self.title = title
            self.id = id
            self.owner = owner
            self.language = language
            self.today = today
        }
    }

    /// A request that cannot be met, said so that the author can fix the command.
    public struct RequestError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The file to create: its path relative to the repository root, and its text.
    public struct Draft: Sendable {
        public var path: String
        public var id: String
        public var text: String
        /// Top-level fields left for the author, in file order.
        public var placeholders: [String]
    }

    /// The audience a type gets when its schema does not fix one: the knowledge model's defaults.
    /// A type not listed here is internal, so that nothing new reaches the public portal by accident.
    static let defaultAudiences: [String: String] = [
        "guidance-note": "public", "practice-note": "public", "research-paper": "public", "training-module": "public",
        "programming-tool": "public", "country-profile": "public",
    ]

    /// Fields written first, in this order; the rest follow as the schemas declare them.
    static let leadingFields = ["title", "type", "id", "summary", "owner", "date", "audience", "status", "language"]
    /// Optional shared fields offered as commented lines, because most products should set them.
    static let suggestedFields = ["authors", "strategic_areas", "support_types", "regions", "countries", "tags"]

    let configuration: Configuration
    let library: SchemaLibrary

    public init(configuration: Configuration, library: SchemaLibrary) {
        self.configuration = configuration
        self.library = library
    }

    public func draft(_ request: Request) throws -> Draft {
        guard let shape = library.productShape(ofType: request.type) else {
            let known = library.types
            let suggestion = Suggestion.closest(to: request.type, among: known).map { "did you mean `\($0)`? " } ?? ""
            throw RequestError(description: "unknown product type `\(request.type)`; \(suggestion)the types with a schema are: \(known.joined(separator: ", "))")
        }
        let title = request.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard title.count >= 5, title.count <= 200 else {
            throw RequestError(description: "the title must be 5 to 200 characters long, got \(title.count)")
        }
        let id = try request.id ?? Self.slug(title)
        guard Self.isValidID(id) else {
            throw RequestError(description: "`\(id)` cannot be an id: use lowercase letters and digits in words joined by `-`, `_` or `.` (at most 120 characters), e.g. `--id gn-budget-guidance-2025`")
        }
        let units = configuration.taxonomies.units.map(\.id)
        if let owner = request.owner, !units.isEmpty, !units.contains(owner) {
            let suggestion = Suggestion.closest(to: owner, among: units).map { "did you mean `\($0)`? " } ?? ""
            throw RequestError(description: "`\(owner)` is not a unit in atrium.yml; \(suggestion)units: \(units.joined(separator: ", "))")
        }
        if let language = request.language, !configuration.languages.isEmpty, !configuration.languages.contains(language) {
            throw RequestError(description: "`\(language)` is not listed under `languages` in atrium.yml (\(configuration.languages.joined(separator: ", ")))")
        }
        let owner = request.owner ?? configuration.defaults.owner ?? (units.count == 1 ? units[0] : nil)
        let language = request.language ?? configuration.defaults.language ?? configuration.languages.first ?? "en"

        var derived: [String: String] = [
            "title": Self.quoted(title), "type": request.type, "id": id, "date": request.today.description,
            "language": language, "status": "draft",
        ]
        if let owner { derived["owner"] = owner }
        if let year = shape.property("year"), year.type == "integer" { derived["year"] = String(request.today.year) }

        var writer = FrontMatterWriter(configuration: configuration, defaultOwner: owner)
        writer.line("# A new \(shape.title?.lowercased() ?? request.type). Fill in every field marked TODO, then run `atrium check`.")
        writer.line("# Dates are YYYY-MM-DD; lists are written one `- item` a line.")
        var order = Self.leadingFields.filter { shape.property($0) != nil }
        order += shape.required.filter { !order.contains($0) }
        for name in order {
            guard let field = shape.property(name) else { continue }
            let required = shape.required.contains(name)
            if let value = derived[name] {
                writer.line("\(name): \(value)")
            } else if name == "audience" {
                let audience = field.constValue?.stringValue ?? field.defaultValue?.stringValue
                    ?? Self.defaultAudiences[request.type] ?? "internal"
                writer.line("audience: \(audience)" + (field.constValue == nil ? "   # public or internal" : "   # always internal for this type"))
            } else if required || name == "id" {
                writer.placeholder(name, field, indent: "", required: true)
            }
        }
        for (condition, fields) in shape.conditionalRequirements {
            let open = fields.filter { derived[$0] == nil }
            guard !open.isEmpty else { continue }
            writer.line("")
            writer.line("# Required once \(condition):")
            for name in open { writer.commented(name, shape.property(name)) }
        }
        let conditional = Set(shape.conditionalRequirements.flatMap(\.required))
        let own = library.schema(forType: request.type)?.value["properties"]?.objectValue?.keys ?? []
        var optional = own.filter { !order.contains($0) && !conditional.contains($0) }
        optional += Self.suggestedFields.filter { shape.property($0) != nil && !order.contains($0) && !optional.contains($0) && !conditional.contains($0) }
        if !optional.isEmpty {
            writer.line("")
            writer.line("# Optional: remove the `#` to use a field.")
            for name in optional { writer.commented(name, shape.property(name)) }
        }
        let text = "---\n" + writer.text + "---\n\n## Overview\n\n<!-- Write the product here in Markdown. Link to other products with their path or `atrium:ID`. -->\n"
        return Draft(path: configuration.contentDirectory + "/" + request.type + "/" + id + ".md", id: id, text: text,
                     placeholders: writer.placeholders)
    }

    // MARK: Ids

    /// A title as an id: lowercase ASCII words joined by hyphens, accents dropped.
    public static func slug(_ title: String) throws -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en"))
        var words: [String] = []
        var current = ""
        for scalar in folded.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var slug = ""
        for word in words where slug.count + word.count + 1 <= 80 {
            slug += (slug.isEmpty ? "" : "-") + word
        }
        guard !slug.isEmpty else {
            throw RequestError(description: "no id can be made from this title (it has no Latin letters or digits); give one with `--id`, e.g. `--id gn-budget-guidance-2025`")
        }
        return slug
    }

    static func isValidID(_ id: String) -> Bool {
        guard (1...120).contains(id.count) else { return false }
        return id.range(of: #"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"#, options: .regularExpression) != nil
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// Writes front-matter lines: derived values, empty placeholders under `# TODO` comments, and
/// commented-out optional fields.
struct FrontMatterWriter {
    let configuration: Configuration
    let defaultOwner: String?
    private(set) var text = ""
    private(set) var placeholders: [String] = []

    init(configuration: Configuration, defaultOwner: String?) {
        self.configuration = configuration
        self.defaultOwner = defaultOwner
    }

    mutating func line(_ line: String) {
        text += line + "\n"
    }

    /// `name:` left empty (or a list or mapping of empty items), under a comment saying what it takes.
    mutating func placeholder(_ name: String, _ field: FieldSchema, indent: String, required: Bool, listItem: Bool = false) {
        let key = (listItem ? "- " : "") + name + ":"
        let childIndent = indent + (listItem ? "    " : "  ")
        if let value = derivedValue(name, field) {
            line(indent + key + " " + value)
            return
        }
        if indent.isEmpty { placeholders.append(name) }
        for comment in comments(name, field, required: required) { line(indent + "# " + comment) }
        switch field.type {
        case "object":
            line(indent + key)
            for (child, schema) in field.properties where field.required.contains(child) {
                placeholder(child, schema, indent: childIndent, required: true)
            }
        case "array":
            line(indent + key)
            let item = field.items.first ?? FieldSchema()
            for _ in 0..<max(1, field.minItems ?? 1) {
                if item.type == "object" {
                    let required = item.properties.filter { item.required.contains($0.name) }
                    for (index, (child, schema)) in required.enumerated() {
                        let isFirst = index == 0
                        placeholder(child, schema, indent: isFirst ? childIndent : childIndent + "  ", required: true, listItem: isFirst)
                    }
                } else {
                    line(childIndent + "-")
                }
            }
        default:
            line(indent + key)
        }
    }

    /// An optional field, commented out, with an example value where the schema gives one.
    mutating func commented(_ name: String, _ field: FieldSchema?) {
        guard let field else { return }
        var description = field.title ?? name
        if let choices = choices(name, field) { description += " — " + choices }
        let example = field.examples.first ?? field.items.first?.examples.first.map { JSONValue.array([$0]) }
        line("# \(name): \(example.map(Self.flowYAML) ?? "")" + "   # " + description)
    }

    private func derivedValue(_ name: String, _ field: FieldSchema) -> String? {
        if let constant = field.constValue { return Self.flowYAML(constant) }
        if let value = field.defaultValue { return Self.flowYAML(value) }
        if field.definition == "unitId", name == "owner", let defaultOwner { return defaultOwner }
        return nil
    }

    private func comments(_ name: String, _ field: FieldSchema, required: Bool) -> [String] {
        var head = "TODO\(required ? " (required)" : ""): \(field.title ?? name)"
        if let description = field.description { head += " — " + description }
        var lines = Self.wrap(head, width: 96)
        if let choices = choices(name, field) {
            lines += Self.wrap(choices, width: 96)
        } else if let example = field.examples.first ?? field.items.first?.examples.first {
            lines += Self.wrap("e.g. " + Self.flowYAML(example), width: 96)
        }
        return lines
    }

    /// The allowed values of an enum or of a configured taxonomy.
    private func choices(_ name: String, _ field: FieldSchema) -> String? {
        let target = field.items.first ?? field
        let values = target.enumValues.compactMap(\.stringValue)
        if !values.isEmpty { return "one of: " + values.joined(separator: ", ") }
        let taxonomy = configuration.taxonomies
        let terms: [String]
        switch (target.definition, name) {
        case ("unitId", _): terms = taxonomy.units.map(\.id)
        case ("countryCode", _): terms = taxonomy.countries.map(\.id)
        case ("languageCode", _): terms = configuration.languages
        case (_, "strategic_areas"), (_, "strategic_area"): terms = taxonomy.strategicAreas.map(\.id)
        case (_, "support_types"): terms = taxonomy.supportTypes.map(\.id)
        case (_, "regions"): terms = taxonomy.regions.map(\.id)
        default: terms = []
        }
        guard !terms.isEmpty else { return nil }
        let shown = terms.prefix(30).joined(separator: ", ") + (terms.count > 30 ? ", … (see atrium.yml)" : "")
        return "one of: " + shown
    }

    /// A JSON value as YAML flow syntax: strings quoted only where YAML would misread them.
    static func flowYAML(_ value: JSONValue) -> String {
        switch value {
        case .string(let string):
            let plain = string.range(of: #"^[A-Za-z0-9][A-Za-z0-9 ._/@+-]*$"#, options: .regularExpression) != nil
                && !["yes", "no", "true", "false", "null", "on", "off", "y", "n"].contains(string.lowercased())
                && Double(string) == nil && !string.hasSuffix(" ")
            return plain ? string : ProductScaffold.quoted(string)
        case .array(let elements):
            return "[" + elements.map(flowYAML).joined(separator: ", ") + "]"
        default:
            return value.jsonText
        }
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + word.count + 1 > width {
                lines.append(current)
                current = String(word)
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
