import AtriumCore
import Foundation

/// `atrium report freshness` in its four formats. The JSON shape is stable and documented:
/// `{"products":[{"id","file","type","owner","status","state","last_commit","last_commit_date",
/// "last_reviewed","reference_date","due","revisions","contributors"}]}`.
public enum FreshnessReport {
    /// Most overdue first; products with no due date (exempt) last; ties by id.
    public static func sorted(_ records: [ProductFreshness]) -> [ProductFreshness] {
        records.sorted { a, b in
            let left = a.assessment.daysOverdue ?? Int.min, right = b.assessment.daysOverdue ?? Int.min
            if left != right { return left > right }
            return a.id < b.id
        }
    }

    public static func json(_ records: [ProductFreshness]) -> String {
        let products: [[String: Any]] = records.map { record in
            let commit = record.history?.lastSubstantiveCommit
            return [
                "id": record.id,
                "file": record.path,
                "type": record.type ?? NSNull(),
                "owner": record.owner ?? NSNull(),
                "status": record.status ?? NSNull(),
                "state": record.assessment.state.rawValue,
                "last_commit": commit?.id ?? NSNull(),
                "last_commit_date": commit.map { $0.date.description } ?? NSNull(),
                "last_reviewed": record.lastReviewed?.description ?? NSNull(),
                "reference_date": record.assessment.referenceDate?.description ?? NSNull(),
                "due": record.assessment.due?.description ?? NSNull(),
                "revisions": record.history?.revisions ?? 0,
                "contributors": (record.history?.contributors ?? []).map(\.name),
            ]
        }
        return ReportText.json(["products": products])
    }

    public static func csv(_ records: [ProductFreshness]) -> String {
        var out = "id,file,type,owner,status,state,due,days_overdue,last_commit,last_commit_date,last_reviewed,reference_date,revisions,contributors\n"
        for record in records {
            let commit = record.history?.lastSubstantiveCommit
            let fields: [String] = [
                record.id, record.path, record.type ?? "", record.owner ?? "", record.status ?? "",
                record.assessment.state.rawValue, record.assessment.due?.description ?? "",
                record.assessment.daysOverdue.map(String.init) ?? "", commit?.id ?? "", commit?.date.description ?? "",
                record.lastReviewed?.description ?? "", record.assessment.referenceDate?.description ?? "",
                String(record.history?.revisions ?? 0), (record.history?.contributors ?? []).map(\.name).joined(separator: "; "),
            ]
            out += fields.map(ReportText.csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    public static func markdown(_ records: [ProductFreshness], now: CalendarDate) -> String {
        var out = "# Freshness report (\(now))\n\n" + summaryLine(records) + "\n"
        for (owner, group) in grouped(records) {
            out += "\n## \(owner)\n\n| state | product | due | overdue by | last change | last reviewed |\n|---|---|---|---|---|---|\n"
            for record in group {
                let cells = [record.assessment.state.rawValue, "`\(record.id)` \(record.title.map { "— " + $0 } ?? "")",
                             record.assessment.due?.description ?? "—", overdueText(record),
                             record.history?.lastSubstantiveCommit?.date.description ?? record.assessment.referenceDate?.description ?? "—",
                             record.lastReviewed?.description ?? "—"]
                out += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    public static func table(_ records: [ProductFreshness], now: CalendarDate) -> String {
        var out = "Freshness on \(now): " + summaryLine(records) + "\n"
        for (owner, group) in grouped(records) {
            out += "\n\(owner)\n"
            let rows = group.map { record in
                [record.assessment.state.rawValue, record.id, record.assessment.due?.description ?? "-", overdueText(record),
                 record.history?.lastSubstantiveCommit?.date.description ?? record.assessment.referenceDate?.description ?? "-"]
            }
            out += ReportTable(columns: ["state", "product", "due", "overdue by", "last change"], rows: rows).aligned()
        }
        return out
    }

    // MARK: Helpers

    private static func grouped(_ records: [ProductFreshness]) -> [(String, [ProductFreshness])] {
        var order: [String] = []
        var groups: [String: [ProductFreshness]] = [:]
        for record in records {
            let owner = record.owner ?? "(no owner)"
            if groups[owner] == nil { order.append(owner) }
            groups[owner, default: []].append(record)
        }
        return order.map { ($0, groups[$0]!) }
    }

    private static func summaryLine(_ records: [ProductFreshness]) -> String {
        let counts = Dictionary(grouping: records, by: \.assessment.state).mapValues(\.count)
        return "\(records.count) products — " + FreshnessState.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
    }

    private static func overdueText(_ record: ProductFreshness) -> String {
        guard record.assessment.state == .overdue, let days = record.assessment.daysOverdue else { return "-" }
        return "\(days) day\(days == 1 ? "" : "s")"
    }
}
