/// The organization's settings from `atrium.yml`: site, taxonomies, review intervals, rule severities.
/// Taxonomies live here, not in code, so each organization sets its own.
public struct Configuration: Sendable {
    public var site: SiteSettings
    public var contentDirectory: String
    public var schemasDirectory: String
    public var templateDirectory: String
    public var content: ContentSettings
    public var freshness: FreshnessSettings
    /// Default review interval per product type.
    public var reviewIntervals: [String: ReviewInterval]
    /// Allowed ISO 639-1 language codes.
    public var languages: [String]
    public var taxonomies: Taxonomies
    /// Severity overrides keyed by rule id.
    public var rules: [String: RuleLevel]
    public var timeliness: TimelinessSettings = TimelinessSettings()
    /// What `atrium new` writes into a new product where the author gives nothing.
    public var defaults: ProductDefaults = ProductDefaults()

    public init(site: SiteSettings = SiteSettings(), contentDirectory: String = "content",
                schemasDirectory: String = "schemas", templateDirectory: String = "site-template",
                content: ContentSettings = ContentSettings(), freshness: FreshnessSettings = FreshnessSettings(),
                reviewIntervals: [String: ReviewInterval] = [:], languages: [String] = [],
                taxonomies: Taxonomies = Taxonomies(), rules: [String: RuleLevel] = [:]) {
        self.site = site
        self.contentDirectory = contentDirectory
        self.schemasDirectory = schemasDirectory
        self.templateDirectory = templateDirectory
        self.content = content
        self.freshness = freshness
        self.reviewIntervals = reviewIntervals
        self.languages = languages
        self.taxonomies = taxonomies
        self.rules = rules
    }

    public var severityPolicy: SeverityPolicy { SeverityPolicy(overrides: rules) }
}

public struct SiteSettings: Sendable, Hashable {
    public var title: String
    public var baseURL: String

    public init(title: String = "Knowledge Portal", baseURL: String = "/") {
        self.title = title
        self.baseURL = baseURL
    }
}

/// How files under the content directory are read.
public struct ContentSettings: Sendable, Hashable {
    /// Glob patterns (relative to the content directory) of Markdown files that may omit front matter;
    /// they are pages, not products.
    public var frontMatterOptional: [String]
    /// Files larger than this many bytes are refused with `file/too-large`.
    public var maxFileSize: Int

    public init(frontMatterOptional: [String] = [], maxFileSize: Int = 10 * 1024 * 1024) {
        self.frontMatterOptional = frontMatterOptional
        self.maxFileSize = maxFileSize
    }
}

public struct FreshnessSettings: Sendable, Hashable {
    /// Commits listed here (one id per line, `#` comments) do not count as revisions.
    public var ignoreRevisionsFile: String
    /// A commit whose message carries this trailer does not count as a revision.
    public var nonSubstantiveTrailer: String
    /// A product is `due-soon` this long before it is due.
    public var dueSoonWindow: ReviewInterval

    public init(ignoreRevisionsFile: String = ".git-blame-ignore-revs",
                nonSubstantiveTrailer: String = "Atrium-Freshness: skip",
                dueSoonWindow: ReviewInterval = .every(60, .day)) {
        self.ignoreRevisionsFile = ignoreRevisionsFile
        self.nonSubstantiveTrailer = nonSubstantiveTrailer
        self.dueSoonWindow = dueSoonWindow
    }
}

/// One configured term: a unit, strategic area, support type, region or country.
public struct TaxonomyTerm: Sendable, Hashable {
    public var id: String
    public var name: String
    /// For units: `headquarters`, `regional-office`, `country-office`.
    public var kind: String?
    /// For units and countries: the region they belong to.
    public var region: String?

    public init(id: String, name: String, kind: String? = nil, region: String? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.region = region
    }
}

public struct Taxonomies: Sendable, Hashable {
    public var units: [TaxonomyTerm]
    public var strategicAreas: [TaxonomyTerm]
    public var supportTypes: [TaxonomyTerm]
    public var regions: [TaxonomyTerm]
    public var countries: [TaxonomyTerm]

    public init(units: [TaxonomyTerm] = [], strategicAreas: [TaxonomyTerm] = [], supportTypes: [TaxonomyTerm] = [],
                regions: [TaxonomyTerm] = [], countries: [TaxonomyTerm] = []) {
        self.units = units
        self.strategicAreas = strategicAreas
        self.supportTypes = supportTypes
        self.regions = regions
        self.countries = countries
    }
}

/// `defaults:` in atrium.yml: the owner and language `atrium new` writes into a new product.
public struct ProductDefaults: Sendable, Hashable {
    /// A unit id from `taxonomies.units`.
    public var owner: String?
    /// An ISO 639-1 code from `languages`; without it, the first configured language.
    public var language: String?

    public init(owner: String? = nil, language: String? = nil) {
        self.owner = owner
        self.language = language
    }
}

/// How soon lessons must be written down (`timeliness/late-capture`).
public struct TimelinessSettings: Sendable, Hashable {
    /// Most days between an after-action review's event and its `date`.
    public var afterActionReviewDays: Int
    /// Most days between the end of an assignment and its end-of-assignment report's `date`.
    public var endOfAssignmentReportDays: Int

    public init(afterActionReviewDays: Int = 30, endOfAssignmentReportDays: Int = 60) {
        self.afterActionReviewDays = afterActionReviewDays
        self.endOfAssignmentReportDays = endOfAssignmentReportDays
    }
}
