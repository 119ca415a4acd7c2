import AtriumContent
import AtriumCore

/// The validation stage: every product against its type's schema, then the rules that look
/// across products (unique ids, known taxonomy terms).
public struct RepositoryValidator: Sendable {
    private let catalog: SchemaCatalog

    public init(catalog: SchemaCatalog) {
        self.catalog = catalog
    }

    public func validate(_ repository: KnowledgeRepository, sink: DiagnosticSink) {
        let taxonomy = TaxonomyRules(configuration: repository.configuration)
        for product in repository.products {
            checkType(product, sink: sink)
            taxonomy.check(product, sink: sink)
        }
        IdentifierRules().check(repository.products, sink: sink)
    }

    /// The product's `type` picks its schema; a missing or unknown type is itself an error.
    private func checkType(_ product: Product, sink: DiagnosticSink) {
        guard let entry = product.frontMatter.entry("type") else {
            sink.report(Diagnostic(rule: .typeMissing, message: "product has no `type`", span: product.frontMatter.span,
                                   help: "add `type:` with one of: \(catalog.types.joined(separator: ", "))"))
            return
        }
        guard let type = entry.value.text, catalog.files[type] != nil else {
            let written = entry.value.text ?? ""
            let suggestion = Suggestion.closest(to: written, among: catalog.types)
            sink.report(Diagnostic(
                rule: .typeUnknown, message: "unknown product type `\(written)`", span: entry.value.span,
                help: suggestion.map { "did you mean `\($0)`?" } ?? "known types: \(catalog.types.joined(separator: ", "))"))
            return
        }
    }
}
