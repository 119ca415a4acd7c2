import AtriumCore
import AtriumFreshness
import Foundation

/// Who a build is for.
public enum SiteAudience: String, Sendable, CaseIterable {
    /// Published public products only: nothing internal in any form.
    case `public`
    /// Everything, with internal products and unpublished drafts marked.
    case `internal`
}

/// What every page of one build shares: the products this audience may see, their URLs and
/// freshness, and the labels of every taxonomy term.
struct SiteContext {
    let configuration: Configuration
    let audience: SiteAudience
    /// Absolute, with a trailing slash.
    let baseURL: String
    let now: CalendarDate
    /// The products of this build, newest first (date, then title, then id).
    let products: [Product]
    let productsByID: [String: Product]
    let productsByPath: [String: Product]
    private(set) var freshnessByPath: [String: ProductFreshness]
    private(set) var datesAreLowerBounds: Bool
    let taxonomies: [TaxonomyKind: [String: TaxonomyTerm]]
    /// The repository's root folder, for attachments and linked files.
    let repositoryRoot: String
    /// For `supersedes`, `superseded_by` and `translation_of`: target id → ids of the products
    /// of this build that name it, in product order. Relations show on both ends.
    let namedBy: [String: [String: [String]]]
    /// Which product each repository file belongs to, over every product (not only this build's).
    let files: FileOwnership
    /// Every page's `site`: made once, shared by every page's model.
    var siteModel: [String: Any] { site.model }
    private let site: SiteModel

    /// Unchecked: like `ProductPage`'s, the model holds only value types and is never mutated.
    private struct SiteModel: @unchecked Sendable {
        let model: [String: Any]
    }

    static let reverseFields = ["supersedes", "superseded_by", "translation_of"]

    /// Statuses a public reader may see; drafts and products in review stay in the internal build.
    static let publicStatuses: Set<String> = ["published", "archived", "superseded"]
    /// The language of the portal's own words: navigation, labels, notices.
    static let interfaceLanguage = "en"

    init(repositoryRoot: String, configuration: Configuration, audience: SiteAudience, baseURL: String, now: CalendarDate, products all: [Product],
         freshness: [ProductFreshness], datesAreLowerBounds: Bool) {
        self.configuration = configuration
        self.audience = audience
        self.baseURL = baseURL
        self.now = now
        var seen = Set<String>()
        let selected = all.filter { product in
            guard seen.insert(product.id).inserted else { return false }
            return Self.isVisible(product, to: audience)
        }
        // The keys are made once per product, not once per comparison, and indices are sorted
        // rather than the products themselves (large values, copied at every move).
        let keys = selected.map { (date: $0.date?.description ?? "", title: $0.title ?? "", id: $0.id) }
        products = selected.indices.sorted { i, j in
            let (a, b) = (keys[i], keys[j])
            if a.date != b.date { return a.date > b.date }
            if a.title != b.title { return a.title < b.title }
            return a.id < b.id
        }.map { selected[$0] }
        productsByID = Dictionary(products.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        productsByPath = Dictionary(products.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        freshnessByPath = Dictionary(freshness.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        self.datesAreLowerBounds = datesAreLowerBounds
        self.repositoryRoot = repositoryRoot
        files = FileOwnership(products: all, contentDirectory: configuration.contentDirectory)
        var namedBy: [String: [String: [String]]] = [:]
        for product in products {
            for field in Self.reverseFields {
                for node in product.frontMatter[field]?.elements ?? [] {
                    if let target = node.text { namedBy[field, default: [:]][target, default: []].append(product.id) }
                }
            }
        }
        self.namedBy = namedBy
        let taxonomy = configuration.taxonomies
        func index(_ terms: [TaxonomyTerm]) -> [String: TaxonomyTerm] {
            Dictionary(terms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
        taxonomies = [.unit: index(taxonomy.units), .area: index(taxonomy.strategicAreas), .support: index(taxonomy.supportTypes),
                      .region: index(taxonomy.regions), .country: index(taxonomy.countries)]
        let count = products.count
        site = SiteModel(model: [
            "title": configuration.site.title,
            "lang": Self.interfaceLanguage, "dir": LanguageText.direction(Self.interfaceLanguage),
            "baseURL": baseURL,
            "isInternal": audience == .internal,
            "productCount": count,
            "productCountLabel": "\(count) product\(count == 1 ? "" : "s")",
            "builtOn": now.description,
            "builtOnDisplay": DateText.display(now),
        ])
    }

    /// This context with the freshness the check assessed: the body hook's context is made
    /// before the assessment, and everything else in it is what the build would make again.
    func with(freshness: [ProductFreshness], datesAreLowerBounds: Bool) -> SiteContext {
        var context = self
        context.freshnessByPath = Dictionary(freshness.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        context.datesAreLowerBounds = datesAreLowerBounds
        return context
    }

    static func isVisible(_ product: Product, to audience: SiteAudience) -> Bool {
        switch audience {
        case .internal: return true
        case .public: return product.audience == "public" && publicStatuses.contains(product.status ?? "")
        }
    }

    /// Why this build leaves a repository file out of the site, or nil when it may copy it.
    enum Withholding: Equatable {
        /// A hidden file (`.mailmap`, `.git/…`): tooling, never content.
        case hidden
        /// A file of a product this audience does not get (its name alone may say what the product is).
        case product(String)
        /// A web page or script, which would run on the portal's address (`ActiveContent`).
        case activeDocument
    }

    func withholding(file path: String) -> Withholding? {
        let isVisible = { (id: String) in productsByID[id] != nil }
        if FileOwnership.isHidden(path) { return .hidden }
        if !files.mayPublish(path, isVisible: isVisible) {
            return .product(files.withholdingOwner(of: path, isVisible: isVisible) ?? "")
        }
        if ActiveContent.isActiveDocument(path) { return .activeDocument }
        return nil
    }

    // MARK: URLs

    /// A product's page, relative to the site root: `products/<id>/`.
    func url(of product: Product) -> String { "products/" + Self.urlSegment(product.id) + "/" }

    /// A listing's page: `areas/<term>/`.
    func url(of kind: TaxonomyKind, term: String) -> String { kind.folder + "/" + Self.urlSegment(term) + "/" }

    /// A path segment as it goes in an `href`: percent-encoded outside unreserved ASCII.
    static func urlSegment(_ text: String) -> String {
        // Ids and terms are nearly always unreserved already: answered without Foundation's
        // encoder, which copies the string through CoreFoundation.
        if text.utf8.allSatisfy(isUnreserved) { return text }
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }

    /// The same characters as `isUnreserved`, for Foundation's encoder.
    private static let unreserved = CharacterSet(charactersIn: String(String.UnicodeScalarView(
        (UInt8(0)..<0x80).filter(isUnreserved).map(Unicode.Scalar.init))))

    /// The file a page URL is written to: `products/x/` → `products/x/index.html`, decoded.
    static func file(for url: String) -> String {
        let decoded = url.utf8.contains(UInt8(ascii: "%")) ? url.removingPercentEncoding ?? url : url
        return decoded.isEmpty ? "index.html" : (decoded.hasSuffix("/") ? decoded + "index.html" : decoded)
    }

    /// From a page at `url` back to the site root: `products/x/` → `../../`.
    static func root(for url: String) -> String {
        let depth = url.split(separator: "/", omittingEmptySubsequences: true).count
        return depth == 0 ? "./" : String(repeating: "../", count: depth)
    }

    // MARK: Labels

    func label(_ kind: TaxonomyKind, _ id: String) -> String {
        if kind == .type { return Self.typeLabel(id) }
        if kind == .freshness { return FreshnessText.label(FreshnessState(rawValue: id) ?? .current) }
        return taxonomies[kind]?[id]?.name ?? id
    }

    /// `guidance-note` → `Guidance note`.
    static func typeLabel(_ type: String) -> String {
        let words = type.split(separator: "-").map(String.init)
        guard let first = words.first else { return type }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst()).joined(separator: " ")
    }

    /// The terms of one taxonomy a product carries, as written in its front matter.
    func terms(_ kind: TaxonomyKind, of product: Product) -> [String] {
        switch kind {
        case .type: return product.type.map { [$0] } ?? []
        case .unit: return product.owner.map { [$0] } ?? []
        case .freshness: return [freshnessByPath[product.path]?.assessment.state.rawValue ?? FreshnessState.current.rawValue]
        default: return (product.frontMatter[kind.field]?.elements ?? []).compactMap(\.text)
        }
    }
}

/// The ways the portal groups products.
enum TaxonomyKind: String, CaseIterable, Sendable {
    case type, area, support, region, country, unit, freshness

    /// The front matter field the terms come from.
    var field: String {
        switch self {
        case .type: return "type"
        case .area: return "strategic_areas"
        case .support: return "support_types"
        case .region: return "regions"
        case .country: return "countries"
        case .unit: return "owner"
        case .freshness: return ""
        }
    }

    /// The site folder of its listings.
    var folder: String {
        switch self {
        case .type: return "types"
        case .area: return "areas"
        case .support: return "support"
        case .region: return "regions"
        case .country: return "countries"
        case .unit: return "units"
        case .freshness: return "freshness"
        }
    }

    var title: String {
        switch self {
        case .type: return "Product types"
        case .area: return "Strategic areas"
        case .support: return "Types of support"
        case .region: return "Regions"
        case .country: return "Countries"
        case .unit: return "Owning units"
        case .freshness: return "Freshness"
        }
    }

    var singular: String {
        switch self {
        case .type: return "Product type"
        case .area: return "Strategic area"
        case .support: return "Type of support"
        case .region: return "Region"
        case .country: return "Country"
        case .unit: return "Owning unit"
        case .freshness: return "Freshness"
        }
    }

    /// Taxonomies with listing pages (freshness is a search facet only).
    static let browsable: [TaxonomyKind] = [.type, .area, .support, .region, .country, .unit]
}

/// Words for freshness states, shared by pages, cards and the search index.
enum FreshnessText {
    static func label(_ state: FreshnessState) -> String {
        switch state {
        case .current: return "Current"
        case .dueSoon: return "Review due soon"
        case .overdue: return "Overdue for review"
        case .exempt: return "Not reviewed (archival)"
        case .uncommitted: return "Uncommitted changes"
        }
    }

    static func description(_ record: ProductFreshness?) -> String {
        guard let record else { return "No review information." }
        let due = record.assessment.due.map(DateText.display) ?? "?"
        switch record.assessment.state {
        case .current: return "Within its review interval; next review by \(due)."
        case .dueSoon: return "Due for review by \(due)."
        case .overdue: return "Was due for review on \(due)."
        case .exempt:
            switch record.status {
            case "archived": return "Archived: kept for the record, no longer reviewed."
            case "superseded": return "Superseded: kept for the record, no longer reviewed."
            default: return "Not subject to periodic review."
            }
        case .uncommitted: return "Has changes that are not committed yet."
        }
    }
}

enum DateText {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                         "November", "December"]

    /// `2023-01-30` → `30 January 2023`.
    static func display(_ date: CalendarDate) -> String { "\(date.day) \(months[date.month - 1]) \(date.year)" }
}

/// Languages by ISO 639-1 code, named in themselves (a reader looks for their own language's name).
enum LanguageText {
    static let names: [String: String] = [
        "en": "English", "fr": "Français", "es": "Español", "ar": "العربية", "ru": "Русский", "pt": "Português",
        "zh": "中文", "de": "Deutsch", "it": "Italiano", "sw": "Kiswahili", "fa": "فارسی", "ur": "اردو", "he": "עברית",
        "tr": "Türkçe", "uk": "Українська", "hi": "हिन्दी", "bn": "বাংলা", "id": "Bahasa Indonesia", "ne": "नेपाली",
        "am": "አማርኛ", "so": "Soomaali", "ps": "پښتو", "ja": "日本語", "ko": "한국어", "vi": "Tiếng Việt", "th": "ไทย",
    ]

    /// Scripts written right to left.
    static let rightToLeft: Set<String> = ["ar", "he", "fa", "ur", "ps", "dv", "yi", "ckb", "sd", "ug"]

    static func name(_ code: String) -> String { names[code] ?? code }
    static func direction(_ code: String) -> String { rightToLeft.contains(code) ? "rtl" : "ltr" }
}
