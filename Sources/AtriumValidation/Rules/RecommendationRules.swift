import AtriumCore

/// Recommendations are tracked by id within their product, until they are implemented.
struct RecommendationRules {
    /// Today, for `lessons/overdue`; nil skips that rule.
    let now: CalendarDate?

    func check(_ product: Product, sink: DiagnosticSink) {
        var first: [String: SourceSpan] = [:]
        for recommendation in product.frontMatter["recommendations"]?.elements ?? [] {
            checkOverdue(recommendation, sink: sink)
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

extension RecommendationRules {
    /// An open or in-progress recommendation past its due date.
    private func checkOverdue(_ recommendation: MetadataNode, sink: DiagnosticSink) {
        guard let now, let dueNode = recommendation["due"], let due = dueNode.calendarDate, due < now,
              let status = recommendation["status"]?.text, status == "open" || status == "in-progress" else { return }
        let days = now.daysSinceEpoch - due.daysSinceEpoch
        let id = recommendation["id"]?.text.map { "`\($0)`" } ?? "a recommendation"
        let owner = recommendation["owner"]?.text.map { " (owner `\($0)`)" } ?? ""
        sink.report(Diagnostic(
            rule: .lessonsOverdue,
            message: "recommendation \(id)\(owner) was due \(due) and is still \(status): \(days) day\(days == 1 ? "" : "s") overdue",
            span: dueNode.span,
            help: "once implemented, set `status: implemented` and add `evidence`; otherwise agree a new `due` date with the owner, or set `status: not-accepted` and explain why in the body"))
    }
}
