import AtriumCore

/// The quality-assurance trail a published product must carry.
struct QualityTrailRules {
    func check(_ product: Product, sink: DiagnosticSink) {
        let root = product.frontMatter
        let published = product.status == "published"
        if published, product.type == "research-paper", (root["peer_reviewers"]?.elements ?? []).isEmpty {
            sink.report(Diagnostic(rule: .qualityTrail, message: "a published research paper needs `peer_reviewers`",
                                   span: root.entry("status")?.value.span ?? root.span,
                                   help: "list the peer reviewers, or set `status: in-review` until the review is done"))
        }
        if published, product.type == "guidance-note" {
            for field in ["approved_by", "approved_on"] where root[field] == nil {
                sink.report(Diagnostic(rule: .qualityTrail, message: "a published guidance note needs `\(field)`",
                                       span: root.entry("status")?.value.span ?? root.span,
                                       help: "add `\(field):`, or set `status: in-review` until it is approved"))
            }
        }
        if let approved = root["approved_on"], let approvedOn = approved.calendarDate, let date = product.date, approvedOn < date {
            sink.report(Diagnostic(rule: .qualityTrail, message: "`approved_on` (\(approvedOn)) is before the product's `date` (\(date))",
                                   span: approved.span, help: "a product is approved on or after its date of issue; correct one of them"))
        }
        let authors = Set((root["authors"]?.elements ?? []).compactMap { $0.text?.lowercased() })
        for reviewer in root["reviewers"]?.elements ?? [] {
            guard let name = reviewer.text, authors.contains(name.lowercased()) else { continue }
            sink.report(Diagnostic(rule: .qualityTrail, message: "`\(name)` is both an author and a reviewer", span: reviewer.span,
                                   help: "reviewers must be other people than the authors"))
        }
    }
}
