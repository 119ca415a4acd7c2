import AtriumCore

/// Dates that describe the past cannot lie in the future.
struct FutureDateRules {
    let now: CalendarDate

    func check(_ product: Product, sink: DiagnosticSink) {
        let root = product.frontMatter
        let candidates: [(String, MetadataNode?)] = [
            ("date", root["date"]), ("approved_on", root["approved_on"]), ("last_reviewed", root["last_reviewed"]),
            ("event.date", root["event"]?["date"]), ("assignment.end", root["assignment"]?["end"]),
        ]
        for (field, node) in candidates {
            guard let node, let date = node.calendarDate, date > now else { continue }
            sink.report(Diagnostic(rule: .dateInFuture, message: "`\(field)` is \(date), which is in the future (today is \(now))",
                                   span: node.span, help: "correct the date; if it is planned, write it when it has happened"))
        }
    }
}
