import AtriumCore

/// References between products resolve, agree both ways, and never lead from public to internal.
struct ReferenceRules {
    let context: RuleContext

    func check(_ product: Product, sink: DiagnosticSink) {
        let root = product.frontMatter
        var references: [(field: String, node: MetadataNode)] = []
        for field in ["related", "supersedes", "superseded_by", "translation_of"] {
            for node in root[field]?.elements ?? [] { references.append((field, node)) }
        }
        for item in root["planned"]?.elements ?? [] {
            if let node = item["delivered_as"] { references.append(("planned[].delivered_as", node)) }
        }
        for recommendation in root["recommendations"]?.elements ?? [] {
            if let node = recommendation["evidence"], !node.isURL { references.append(("recommendations[].evidence", node)) }
        }
        let isPublic = product.audience == "public"
        for (field, node) in references {
            guard case .scalar = node.value, let id = node.text else { continue }
            guard let target = context.productsByID[id] else {
                sink.report(Diagnostic(
                    rule: .referenceUnresolved, message: "`\(field)` names `\(id)`, which is no product's id", span: node.span,
                    help: context.suggestion(for: id).map { "did you mean `\($0)`?" } ?? "use the id of an existing product"))
                continue
            }
            if isPublic, target.audience == "internal", !field.hasPrefix("recommendations"), !field.hasPrefix("planned") {
                sink.report(Diagnostic(
                    rule: .referenceInternalFromPublic,
                    message: "public product refers to internal product `\(id)` in `\(field)`", span: node.span,
                    help: "remove the reference, or make `\(id)` public: the public portal must not reveal it"))
            }
        }
        checkSupersession(product, sink: sink)
    }

    private func checkSupersession(_ product: Product, sink: DiagnosticSink) {
        if let node = product.frontMatter["supersedes"], let oldID = node.text, let old = context.productsByID[oldID],
           old.frontMatter["superseded_by"]?.text != product.id {
            sink.report(Diagnostic(
                rule: .referenceSupersession, message: "`\(product.id)` supersedes `\(oldID)`, but `\(oldID)` does not say `superseded_by: \(product.id)`",
                span: node.span, help: "add `superseded_by: \(product.id)` (and `status: superseded`) to `\(old.path)`"))
        }
        if let node = product.frontMatter["superseded_by"], let newID = node.text, let new = context.productsByID[newID],
           new.frontMatter["supersedes"]?.text != product.id {
            sink.report(Diagnostic(
                rule: .referenceSupersession, message: "`\(product.id)` is superseded by `\(newID)`, but `\(newID)` does not say `supersedes: \(product.id)`",
                span: node.span, help: "add `supersedes: \(product.id)` to `\(new.path)`"))
        }
    }
}
