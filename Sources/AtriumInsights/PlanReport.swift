import AtriumCore
import Foundation

/// Planned products matched to what was delivered.
///
/// An item is delivered when its `delivered_as` names a product; *delivered late* when that product's
/// `date` falls after the end of the planned quarter; *late* when it is undelivered and its quarter
/// has ended; *planned* while its quarter has not ended; *unresolved* when `delivered_as` names no
/// product. For undelivered items a product of the same type whose title is close is offered as a
/// suggestion, never counted as delivered.
///
/// JSON shape (stable): `{"now","items":[{"plan","file","line","unit","year","title","type","strategic_area",
/// "quarter","due","delivered_as","delivered_on","state","suggestion":{"id","title","similarity"}|null}],
/// "units":[{"unit","year","planned","delivered","delivered_late","undelivered","late"}]}`.
public struct PlanReport: Sendable {
    public struct Item: Sendable, Hashable {
        public var plan: String
        public var file: String
        public var line: Int
        public var unit: String
        public var year: Int
        public var title: String
        public var type: String
        public var strategicArea: String?
        public var quarter: String
        /// The last day of the planned quarter.
        public var due: CalendarDate?
        public var deliveredAs: String?
        public var deliveredOn: CalendarDate?
        public var state: State
        public var suggestion: Suggestion?
    }

    public enum State: String, Sendable, CaseIterable {
        case delivered, deliveredLate = "delivered-late", planned, late, unresolved

        public var isDelivered: Bool { self == .delivered || self == .deliveredLate }
    }

    public struct Suggestion: Sendable, Hashable {
        public var id: String
        public var title: String
        /// Word overlap of the titles (Dice coefficient), 0 to 1.
        public var similarity: Double
    }

    public struct UnitYear: Sendable, Hashable {
        public var unit: String
        public var year: Int
        public var planned = 0, delivered = 0, deliveredLate = 0, undelivered = 0, late = 0
    }

    public var now: CalendarDate
    public var items: [Item]
    public var units: [UnitYear]

    /// Titles at least this similar are offered as suggestions.
    public static let suggestionThreshold = 0.5

    public init(products: [Product], now: CalendarDate, owner: String? = nil) {
        self.now = now
        let byID = Dictionary(products.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let claimed = Set(products.flatMap { product in
            (product.frontMatter["planned"]?.elements ?? []).compactMap { $0["delivered_as"]?.text }
        })
        var items: [Item] = []
        for plan in products where plan.type == "knowledge-product-plan" {
            let unit = plan.frontMatter["unit"]?.text ?? plan.owner ?? ""
            guard owner == nil || unit == owner else { continue }
            let year = plan.frontMatter["year"].flatMap { Int($0.text ?? "") } ?? plan.date?.year ?? 0
            for node in plan.frontMatter["planned"]?.elements ?? [] where node.isMapping {
                let quarter = node["quarter"]?.text ?? ""
                let due = Self.endOfQuarter(quarter, year: year)
                let deliveredAs = node["delivered_as"]?.text
                var item = Item(plan: plan.id, file: plan.path, line: node.span.start.line, unit: unit, year: year,
                                title: node["title"]?.text ?? "", type: node["type"]?.text ?? "",
                                strategicArea: node["strategic_area"]?.text, quarter: quarter, due: due,
                                deliveredAs: deliveredAs, deliveredOn: nil, state: .planned, suggestion: nil)
                if let deliveredAs {
                    if let product = byID[deliveredAs] {
                        item.deliveredOn = product.date
                        let late = due.flatMap { due in product.date.map { $0 > due } } ?? false
                        item.state = late ? State.deliveredLate : State.delivered
                    } else {
                        item.state = State.unresolved
                    }
                } else {
                    item.state = (due.map { now > $0 } ?? false) ? State.late : State.planned
                    item.suggestion = Self.suggestion(for: item, among: products, claimed: claimed)
                }
                items.append(item)
            }
        }
        self.items = items.sorted { ($0.unit, $0.year, $0.plan, $0.line) < ($1.unit, $1.year, $1.plan, $1.line) }
        var units: [String: UnitYear] = [:]
        for item in self.items {
            let key = "\(item.unit)\u{0}\(item.year)"
            var row = units[key] ?? UnitYear(unit: item.unit, year: item.year)
            row.planned += 1
            switch item.state {
            case .delivered: row.delivered += 1
            case .deliveredLate: row.delivered += 1; row.deliveredLate += 1
            case .late: row.undelivered += 1; row.late += 1
            case .planned, .unresolved: row.undelivered += 1
            }
            units[key] = row
        }
        self.units = units.values.sorted { ($0.unit, $0.year) < ($1.unit, $1.year) }
    }

    /// `Q3` of 2025 → 2025-09-30.
    public static func endOfQuarter(_ quarter: String, year: Int) -> CalendarDate? {
        guard quarter.count == 2, quarter.hasPrefix("Q"), let number = Int(quarter.dropFirst()), (1...4).contains(number) else { return nil }
        let month = number * 3
        return CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))
    }

    /// The product of the item's type, not delivering another item, dated in the plan's year or
    /// later, whose title shares the most words with the planned title.
    static func suggestion(for item: Item, among products: [Product], claimed: Set<String>) -> Suggestion? {
        let planned = TitleWords(item.title)
        var best: Suggestion?
        for product in products where product.type == item.type && !claimed.contains(product.id) {
            if let date = product.date, date.year < item.year { continue }
            let similarity = planned.similarity(to: TitleWords(product.title ?? ""))
            guard similarity >= suggestionThreshold else { continue }
            if best == nil || similarity > best!.similarity || (similarity == best!.similarity && product.id < best!.id) {
                best = Suggestion(id: product.id, title: product.title ?? product.id, similarity: similarity)
            }
        }
        return best
    }

    public func json() -> String {
        ReportText.json([
            "now": now.description,
            "items": items.map { item -> [String: Any] in
                ["plan": item.plan, "file": item.file, "line": item.line, "unit": item.unit, "year": item.year, "title": item.title,
                 "type": item.type, "strategic_area": item.strategicArea ?? NSNull(), "quarter": item.quarter,
                 "due": item.due?.description ?? NSNull(), "delivered_as": item.deliveredAs ?? NSNull(),
                 "delivered_on": item.deliveredOn?.description ?? NSNull(), "state": item.state.rawValue,
                 "suggestion": item.suggestion.map { ["id": $0.id, "title": $0.title, "similarity": ($0.similarity * 100).rounded() / 100] as [String: Any] } ?? NSNull()]
            },
            "units": units.map { row -> [String: Any] in
                ["unit": row.unit, "year": row.year, "planned": row.planned, "delivered": row.delivered,
                 "delivered_late": row.deliveredLate, "undelivered": row.undelivered, "late": row.late]
            },
        ])
    }

    public var itemTable: ReportTable {
        ReportTable(columns: ["unit", "year", "quarter", "state", "type", "planned title", "delivered as", "suggestion"],
                    rows: items.map { item in
                        [item.unit, String(item.year), item.quarter, item.state.rawValue, item.type, item.title, item.deliveredAs ?? "-",
                         item.suggestion.map { "\($0.id)?" } ?? "-"]
                    })
    }

    /// One row per planned item with every field: the CSV form.
    public var csvTable: ReportTable {
        ReportTable(columns: ["plan", "file", "line", "unit", "year", "quarter", "due", "type", "strategic_area", "title", "state",
                              "delivered_as", "delivered_on", "suggestion", "similarity"],
                    rows: items.map { item in
                        [item.plan, item.file, String(item.line), item.unit, String(item.year), item.quarter, item.due?.description ?? "",
                         item.type, item.strategicArea ?? "", item.title, item.state.rawValue, item.deliveredAs ?? "",
                         item.deliveredOn?.description ?? "", item.suggestion?.id ?? "",
                         item.suggestion.map { String(format: "%.2f", $0.similarity) } ?? ""]
                    })
    }

    public var unitTable: ReportTable {
        ReportTable(columns: ["unit", "year", "planned", "delivered", "delivered late", "undelivered", "late"],
                    rows: units.map { [$0.unit, String($0.year), String($0.planned), String($0.delivered), String($0.deliveredLate),
                                       String($0.undelivered), String($0.late)] })
    }

    public func text(markdown: Bool) -> String {
        let delivered = items.count { $0.state.isDelivered }, late = items.count { $0.state == .late }
        let headline = "\(items.count) planned products, \(delivered) delivered, \(late) late and undelivered"
        var out = markdown ? "# Knowledge product plans (\(now))\n\n\(headline).\n\n## By unit and year\n\n" + unitTable.markdown()
                           : "Plans on \(now): \(headline)\n\nBy unit and year\n" + unitTable.aligned()
        out += markdown ? "\n## Planned products\n\n" + itemTable.markdown() : "\nPlanned products\n" + itemTable.aligned()
        let suggestions = items.filter { $0.suggestion != nil }
        if !suggestions.isEmpty {
            out += markdown ? "\n## Possible matches\n\n" : "\nPossible matches (set `delivered_as` if right)\n"
            for item in suggestions {
                let suggestion = item.suggestion!
                out += (markdown ? "- " : "  ") + "\(item.file):\(item.line): “\(item.title)” may be `\(suggestion.id)` (“\(suggestion.title)”, "
                    + "\(Int((suggestion.similarity * 100).rounded()))% of words shared); if so, add `delivered_as: \(suggestion.id)`\n"
            }
        }
        return out
    }
}

/// The words of a title that carry meaning: folded, without short and common words.
struct TitleWords {
    let words: Set<String>

    static let common: Set<String> = ["the", "and", "for", "with", "from", "into", "about", "its", "their", "of", "on", "in", "to", "a", "an", "at", "by"]

    init(_ title: String) {
        let folded = ReportText.foldedName(title)
        words = Set(folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            .filter { $0.count > 2 && !Self.common.contains($0) })
    }

    /// Dice coefficient: 2·|A∩B| ÷ (|A|+|B|).
    func similarity(to other: TitleWords) -> Double {
        let total = words.count + other.words.count
        return total == 0 ? 0 : 2 * Double(words.intersection(other.words).count) / Double(total)
    }
}
