import AtriumContent
import AtriumCore

/// The validation stage: every product against its type's schema, then the rules that look
/// across products (unique ids, known taxonomy terms).
public struct RepositoryValidator: Sendable {
    private let schemas: SchemaSet
    private let fileSystem: FileSystem

    public init(schemas: SchemaSet, fileSystem: FileSystem = LocalFileSystem()) {
        self.schemas = schemas
        self.fileSystem = fileSystem
    }

    /// Both halves of validation. - Parameter now: today, for the future-date rule; nil skips it.
    public func validate(_ repository: KnowledgeRepository, now: CalendarDate? = nil, sink: DiagnosticSink) {
        validateSchemas(repository, sink: sink)
        checkRules(repository, now: now, sink: sink)
    }

    /// Every product against its type's schema, on every core (the sink sorts what they report).
    public func validateSchemas(_ repository: KnowledgeRepository, sink: DiagnosticSink, progress: (any StageProgress)? = nil) {
        // With no schemas at all the schemas folder was reported once; one error per product would bury it.
        guard !schemas.types.isEmpty else { return }
        progress?.begin("validating", total: repository.products.count)
        defer { progress?.end() }
        _ = ParallelMap.map(repository.products) { product in
            if let type = checkType(product, sink: sink) { schemas.validate(product, type: type, sink: sink) }
            progress?.advance(by: 1)
        }
    }

    /// The rules that look at bodies and across products.
    /// `bodyHook`: a build's renderer, handed each body it wants from the parse the link rules make.
    public func checkRules(_ repository: KnowledgeRepository, now: CalendarDate? = nil, sink: DiagnosticSink,
                           bodyHook: (any BodyRenderingHook)? = nil) {
        let taxonomy = TaxonomyRules(configuration: repository.configuration)
        let context = RuleContext(products: repository.products, configuration: repository.configuration,
                                  now: now ?? CalendarDate(year: 9999, month: 12, day: 31)!, root: repository.root, fileSystem: fileSystem,
                                  bodyHook: bodyHook)
        let references = ReferenceRules(context: context)
        let attachments = AttachmentRules(context: context)
        let timeliness = TimelinessRules(settings: repository.configuration.timeliness)
        let bodies = BodyRules(context: context)
        // Each product's rules read only shared, immutable context, so products are checked on
        // every core; the sink sorts what they report, so the order matches a serial run.
        _ = ParallelMap.map(repository.products) { product in
            bodies.check(product, sink: sink)
            references.check(product, sink: sink)
            attachments.check(product, sink: sink)
            QualityTrailRules().check(product, sink: sink)
            timeliness.check(product, sink: sink)
            RecommendationRules(now: now).check(product, sink: sink)
            if let now { FutureDateRules(now: now).check(product, sink: sink) }
            taxonomy.check(product, sink: sink)
        }
        IdentifierRules().check(repository.products, sink: sink)
    }

    /// The product's `type` picks its schema; a missing or unknown type is itself an error.
    private func checkType(_ product: Product, sink: DiagnosticSink) -> String? {
        guard let entry = product.frontMatter.entry("type") else {
            sink.report(Diagnostic(rule: .typeMissing, message: "product has no `type`", span: product.frontMatter.span,
                                   help: "add `type:` with one of: \(schemas.types.joined(separator: ", "))"))
            return nil
        }
        guard case .scalar = entry.value.value else {
            sink.report(Diagnostic(rule: .typeUnknown, message: "`type` must be a single product type, not a list or mapping",
                                   span: entry.value.span, help: "write one type, e.g. `type: \(schemas.types.first ?? "guidance-note")`"))
            return nil
        }
        guard let type = entry.value.text, schemas.types.contains(type) else {
            let written = entry.value.text ?? ""
            let suggestion = Suggestion.closest(to: written, among: schemas.types)
            sink.report(Diagnostic(
                rule: .typeUnknown, message: "unknown product type `\(written)`", span: entry.value.span,
                help: suggestion.map { "did you mean `\($0)`?" }
                    ?? (schemas.types.isEmpty ? "no schemas were found in the schemas folder" : "known types: \(schemas.types.joined(separator: ", "))")))
            return nil
        }
        return type
    }
}
