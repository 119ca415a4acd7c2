import AtriumCore

/// One product's freshness with everything a report or a page shows about it.
public struct ProductFreshness: Sendable, Hashable {
    public var id: String
    public var path: String
    public var type: String?
    public var owner: String?
    public var status: String?
    public var title: String?
    public var lastReviewed: CalendarDate?
    public var history: FileHistory?
    public var assessment: FreshnessAssessment

    /// Builds the records for every product, from their front matter and their git histories.
    public static func assess(_ products: [Product], histories: [String: FileHistory], policy: FreshnessPolicy,
                              now: CalendarDate, fileDates: [String: CalendarDate] = [:]) -> [ProductFreshness] {
        products.map { product in
            let history = histories[product.path]
            let lastChanged = history?.lastSubstantiveCommit?.date ?? history?.createdCommit?.date
                ?? history?.lastCommit?.date ?? fileDates[product.path]
            let input = FreshnessInput(
                type: product.type, status: product.status,
                reviewIntervalOverride: product.frontMatter["review_interval"]?.text.flatMap(ReviewInterval.init(parsing:)),
                lastReviewed: product.frontMatter["last_reviewed"]?.text.flatMap { CalendarDate(iso: $0) },
                lastChanged: lastChanged,
                uncommitted: history?.uncommitted ?? (fileDates.isEmpty && !histories.isEmpty))
            return ProductFreshness(id: product.id, path: product.path, type: product.type, owner: product.owner,
                                    status: product.status, title: product.title, lastReviewed: input.lastReviewed,
                                    history: history, assessment: policy.assess(input, now: now))
        }
    }
}
