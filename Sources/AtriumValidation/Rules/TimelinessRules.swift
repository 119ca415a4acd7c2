import AtriumCore

/// Lessons captured late are lessons half lost.
struct TimelinessRules {
    let settings: TimelinessSettings

    func check(_ product: Product, sink: DiagnosticSink) {
        guard let date = product.date, let dateNode = product.frontMatter["date"] else { return }
        let root = product.frontMatter
        switch product.type {
        case "after-action-review":
            if let event = root["event"]?["date"]?.calendarDate {
                report(date: date, after: event, limit: settings.afterActionReviewDays, what: "its event", span: dateNode.span,
                       setting: "after_action_review_days", sink: sink)
            }
        case "end-of-assignment-report":
            if let end = root["assignment"]?["end"]?.calendarDate {
                report(date: date, after: end, limit: settings.endOfAssignmentReportDays, what: "the end of the assignment",
                       span: dateNode.span, setting: "end_of_assignment_report_days", sink: sink)
            }
        default:
            break
        }
    }

    private func report(date: CalendarDate, after start: CalendarDate, limit: Int, what: String, span: SourceSpan,
                        setting: String, sink: DiagnosticSink) {
        let days = date.daysSinceEpoch - start.daysSinceEpoch
        guard days > limit else { return }
        sink.report(Diagnostic(rule: .timeliness, message: "dated \(days) days after \(what) (\(start)); the limit is \(limit) days",
                               span: span, help: "capture lessons sooner; the limit is `timeliness.\(setting)` in atrium.yml"))
    }
}
