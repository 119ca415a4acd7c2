import AtriumCore

/// Units, strategic areas, support types, regions, countries and languages must be terms
/// configured in `atrium.yml`; a misspelling gets the nearest term as a suggestion.
struct TaxonomyRules {
    private struct Vocabulary {
        let field: String
        let label: String
        let terms: [String]
        let known: Set<String>
        let nested: String?
    }

    /// Which configured list each front-matter field draws from, built once for all products.
    private let vocabularies: [Vocabulary]

    init(configuration: Configuration) {
        vocabularies = Self.vocabularies(configuration).map { field, label, terms, nested in
            Vocabulary(field: field, label: label, terms: terms, known: Set(terms), nested: nested)
        }
    }

    private static func vocabularies(_ configuration: Configuration) -> [(String, String, [String], String?)] {
        let taxonomies = configuration.taxonomies
        let units = taxonomies.units.map(\.id)
        var fields: [(String, String, [String], String?)] = [
            ("owner", "unit", units, nil),
            ("unit", "unit", units, nil),
            ("office", "unit", units, nil),
            ("compared", "unit", units, nil),
            ("strategic_areas", "strategic area", taxonomies.strategicAreas.map(\.id), nil),
            ("support_types", "type of support", taxonomies.supportTypes.map(\.id), nil),
            ("regions", "region", taxonomies.regions.map(\.id), nil),
            ("countries", "country", taxonomies.countries.map(\.id), nil),
            ("country", "country", taxonomies.countries.map(\.id), nil),
            ("recommendations", "unit", units, "owner"),
            ("planned", "strategic area", taxonomies.strategicAreas.map(\.id), "strategic_area"),
        ]
        if !configuration.languages.isEmpty {
            fields.append(("language", "language", configuration.languages, nil))
            fields.append(("languages", "language", configuration.languages, nil))
        }
        return fields
    }

    func check(_ product: Product, sink: DiagnosticSink) {
        for vocabulary in vocabularies where !vocabulary.terms.isEmpty {
            guard let node = product.frontMatter[vocabulary.field] else { continue }
            let values: [MetadataNode]
            if let nested = vocabulary.nested {
                values = node.elements.compactMap { $0[nested] }
            } else {
                values = node.elements
            }
            for value in values {
                // An empty value is the schema's to report (`must be text — got null`), once.
                guard case .scalar(let scalar) = value.value, scalar.resolved != .null, let term = value.text,
                      !vocabulary.known.contains(term) else { continue }
                let suggestion = Suggestion.closest(to: term, among: vocabulary.terms)
                let field = vocabulary.nested.map { "\(vocabulary.field)[].\($0)" } ?? vocabulary.field
                sink.report(Diagnostic(
                    rule: .taxonomyUnknown,
                    message: "`\(term)` is not a configured \(vocabulary.label) (in `\(field)`)",
                    span: value.span,
                    help: suggestion.map { "did you mean `\($0)`?" }
                        ?? "use one of the \(vocabulary.label) ids listed in atrium.yml, or add `\(term)` there"))
            }
        }
    }
}
