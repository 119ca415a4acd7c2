import AtriumCore
import Foundation

/// From lessons learned to lessons applied: every tracked recommendation, and per owning unit how
/// many were implemented. A lesson counts as learned only once its change is implemented.
///
/// JSON shape (stable): `{"now", "recommendations":[{"product","product_title","product_type","file","line",
/// "id","text","owner","due","status","evidence","overdue","days_overdue"}], "units":[{"unit","unit_name",
/// "total","open","in_progress","implemented","not_accepted","overdue","applied_rate"}], "totals":{…same counts}}`.
/// `applied_rate` is implemented ÷ (total − not accepted), null when nothing was accepted.
public struct LessonsReport: Sendable {
    public var now: CalendarDate
    /// Most overdue first, then by due date, product and id.
    public var recommendations: [TrackedRecommendation]
    /// One row per owning unit, by unit id.
    public var units: [LessonCounts]
    public var totals: LessonCounts

    /// Recommendations of every product that has them; `owner` keeps only those owned by that unit.
    public init(products: [Product], configuration: Configuration, now: CalendarDate, owner: String? = nil) {
        self.now = now
        var all: [TrackedRecommendation] = []
        for product in products {
            for node in product.frontMatter["recommendations"]?.elements ?? [] where node.isMapping {
                let recommendation = TrackedRecommendation(node, in: product, now: now)
                if owner == nil || recommendation.owner == owner { all.append(recommendation) }
            }
        }
        recommendations = all.sorted { a, b in
            if (a.daysOverdue ?? -1) != (b.daysOverdue ?? -1) { return (a.daysOverdue ?? -1) > (b.daysOverdue ?? -1) }
            if a.due != b.due { return (a.due?.description ?? "9999") < (b.due?.description ?? "9999") }
            return (a.product, a.id) < (b.product, b.id)
        }
        let names = Dictionary(configuration.taxonomies.units.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let byUnit = Dictionary(grouping: recommendations, by: { $0.owner ?? "" })
        units = byUnit.keys.sorted().map { unit in
            LessonCounts(unit: unit.isEmpty ? nil : unit, unitName: names[unit], byUnit[unit] ?? [])
        }
        totals = LessonCounts(unit: nil, unitName: nil, recommendations)
    }

    public func json() -> String {
        ReportText.json([
            "now": now.description,
            "recommendations": recommendations.map { item -> [String: Any] in
                ["product": item.product, "product_title": item.productTitle ?? NSNull(), "product_type": item.productType ?? NSNull(),
                 "file": item.file, "line": item.line, "id": item.id, "text": item.text, "owner": item.owner ?? NSNull(),
                 "due": item.due?.description ?? NSNull(), "status": item.status, "evidence": item.evidence ?? NSNull(),
                 "overdue": item.daysOverdue != nil, "days_overdue": item.daysOverdue ?? NSNull()]
            },
            "units": units.map { counts in
                counts.json().merging(["unit": counts.unit ?? NSNull(), "unit_name": counts.unitName ?? NSNull()]) { _, new in new }
            },
            "totals": totals.json(),
        ])
    }

    public var recommendationTable: ReportTable {
        ReportTable(columns: ["status", "overdue by", "due", "owner", "product", "id", "evidence", "recommendation"],
                    rows: recommendations.map { item in
                        [item.status, item.daysOverdue.map { "\($0) days" } ?? "-", item.due?.description ?? "-", item.owner ?? "-",
                         item.product, item.id, item.evidence ?? "-", item.text]
                    })
    }

    /// One row per recommendation with every field: the CSV form.
    public var csvTable: ReportTable {
        ReportTable(columns: ["product", "file", "line", "id", "owner", "due", "status", "evidence", "days_overdue", "text"],
                    rows: recommendations.map { item in
                        [item.product, item.file, String(item.line), item.id, item.owner ?? "", item.due?.description ?? "",
                         item.status, item.evidence ?? "", item.daysOverdue.map(String.init) ?? "", item.text]
                    })
    }

    public var unitTable: ReportTable {
        ReportTable(columns: ["unit", "total", "open", "in progress", "implemented", "not accepted", "overdue", "applied"],
                    rows: units.map { Self.row($0.unit ?? "(no owner)", $0) } + [Self.row("all units", totals)])
    }

    private static func row(_ label: String, _ counts: LessonCounts) -> [String] {
        let numbers: [Int] = [counts.total, counts.open, counts.inProgress, counts.implemented, counts.notAccepted, counts.overdue]
        return [label] + numbers.map(String.init) + [ReportText.percent(counts.appliedRate)]
    }

    public func text(markdown: Bool) -> String {
        let headline = "\(totals.total) recommendations, \(totals.implemented) implemented, \(totals.overdue) overdue; applied rate \(ReportText.percent(totals.appliedRate))"
        if markdown {
            return "# Lessons applied (\(now))\n\n\(headline).\n\n## By owner unit\n\n" + unitTable.markdown()
                + "\n## Recommendations\n\n" + recommendationTable.markdown()
        }
        return "Lessons applied on \(now): \(headline)\n\nBy owner unit\n" + unitTable.aligned()
            + "\nRecommendations, most overdue first\n" + recommendationTable.aligned()
    }
}

/// One recommendation as a tracked item.
public struct TrackedRecommendation: Sendable, Hashable {
    public var product: String
    public var productTitle: String?
    public var productType: String?
    public var file: String
    /// The line of the recommendation in its file.
    public var line: Int
    public var id: String
    public var text: String
    public var owner: String?
    public var due: CalendarDate?
    /// `open`, `in-progress`, `implemented` or `not-accepted` (as written, if the schema check failed).
    public var status: String
    public var evidence: String?
    /// Days past `due` for an open or in-progress recommendation; nil when not overdue.
    public var daysOverdue: Int?

    public init(_ node: MetadataNode, in product: Product, now: CalendarDate) {
        self.product = product.id
        productTitle = product.title
        productType = product.type
        file = product.path
        line = node.span.start.line
        id = node["id"]?.text ?? "?"
        text = node["text"]?.text ?? ""
        owner = node["owner"]?.text
        due = node["due"]?.text.flatMap { CalendarDate(iso: $0) }
        status = node["status"]?.text ?? "open"
        evidence = node["evidence"]?.text
        if let due, Self.pendingStatuses.contains(status), due < now {
            daysOverdue = now.daysSinceEpoch - due.daysSinceEpoch
        }
    }

    /// Statuses that still ask for action.
    public static let pendingStatuses: Set<String> = ["open", "in-progress"]
}

/// Counts of recommendations by status, for one unit or for all.
public struct LessonCounts: Sendable, Hashable {
    public let unit: String?
    public let unitName: String?
    public let total, open, inProgress, implemented, notAccepted, overdue: Int

    init(unit: String?, unitName: String?, _ items: [TrackedRecommendation]) {
        self.unit = unit
        self.unitName = unitName
        total = items.count
        open = items.count { $0.status == "open" }
        inProgress = items.count { $0.status == "in-progress" }
        implemented = items.count { $0.status == "implemented" }
        notAccepted = items.count { $0.status == "not-accepted" }
        overdue = items.count { $0.daysOverdue != nil }
    }

    /// Implemented ÷ accepted (everything but `not-accepted`); nil when nothing was accepted.
    public var appliedRate: Double? {
        let accepted = total - notAccepted
        return accepted > 0 ? Double(implemented) / Double(accepted) : nil
    }

    func json() -> [String: Any] {
        ["total": total, "open": open, "in_progress": inProgress, "implemented": implemented,
         "not_accepted": notAccepted, "overdue": overdue, "applied_rate": appliedRate ?? NSNull()]
    }
}
