import AtriumCore

/// Recommendations are tracked by id within their product.
struct RecommendationRules {
    func check(_ product: Product, sink: DiagnosticSink) {
        var first: [String: SourceSpan] = [:]
        for recommendation in product.frontMatter["recommendations"]?.elements ?? [] {
            guard let node = recommendation["id"], let id = node.text else { continue }
            if let earlier = first[id] {
                sink.report(Diagnostic(rule: .recommendationDuplicate, message: "recommendation id `\(id)` is used twice in this product",
                                       span: node.span, help: "give each recommendation its own id (R1, R2, …)",
                                       notes: [.init("first used here", at: earlier)]))
            } else {
                first[id] = node.span
            }
        }
    }
}
