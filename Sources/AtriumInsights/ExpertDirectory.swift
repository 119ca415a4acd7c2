import AtriumCore
import Foundation

/// Who knows what: people from expert profiles, product authors and git contributors (after
/// `.mailmap`), joined by name (ignoring case and accents) and by e-mail address against a
/// profile's `contact`.
///
/// Last activity is the latest of: the dates of products the person wrote, and the dates of the
/// commits known to be theirs (a file's creating, last and last substantive commits).
///
/// JSON shape (stable): `{"experts":[{"name","unit","units","profile","contact","emails","expertise","areas",
/// "authored","contributed","languages","last_activity","sources"}]}`; `sources` holds `profile`,
/// `author` and `git`. This is internal data: it carries e-mail addresses.
public struct ExpertDirectory: Sendable {
    public struct Expert: Sendable, Hashable {
        public var name: String
        /// The unit of the person's profile.
        public var unit: String?
        /// Units owning the products the person wrote or changed, and the profile's unit.
        public var units: [String]
        public var profile: String?
        public var contact: String?
        /// Addresses from git, after `.mailmap`.
        public var emails: [String]
        public var expertise: [String]
        /// Strategic areas of the person's products, most frequent first.
        public var areas: [String]
        /// Products naming the person in `authors`.
        public var authored: [String]
        /// Products the person changed in git without being named an author.
        public var contributed: [String]
        public var languages: [String]
        public var lastActivity: CalendarDate?
        public var sources: [String]
    }

    public var experts: [Expert]

    public init(products: [Product], histories: [String: FileHistory], owner: String? = nil) {
        final class Entry {
            var names: [String: Int] = [:]
            var profileName: String?
            var unit: String?
            var units: Set<String> = []
            var profile: String?
            var contact: String?
            var emails: Set<String> = []
            var expertise: [String] = []
            var areas: [String: Int] = [:]
            var authored: Set<String> = []
            var touched: Set<String> = []
            var languages: [String] = []
            var last: CalendarDate?
            var sources: Set<String> = []

            func saw(_ date: CalendarDate?) {
                if let date, last == nil || date > last! { last = date }
            }
        }
        var entries: [String: Entry] = [:]
        var byEmail: [String: String] = [:]
        func entry(named name: String) -> Entry {
            let key = ReportText.foldedName(name)
            if let existing = entries[key] { return existing }
            let created = Entry()
            entries[key] = created
            return created
        }
        func areas(of product: Product) -> [String] { (product.frontMatter["strategic_areas"]?.elements ?? []).compactMap(\.text) }

        // Profiles first, so their names and contact addresses anchor the joins.
        for product in products where product.type == "expert-profile" {
            guard let person = product.frontMatter["person"]?.text else { continue }
            let expert = entry(named: person)
            expert.profileName = person
            expert.profile = product.id
            expert.unit = product.frontMatter["unit"]?.text
            expert.contact = product.frontMatter["contact"]?.text
            expert.expertise = (product.frontMatter["expertise"]?.elements ?? []).compactMap(\.text)
            expert.languages = (product.frontMatter["languages"]?.elements ?? []).compactMap(\.text)
            expert.sources.insert("profile")
            if let unit = expert.unit { expert.units.insert(unit) }
            if let contact = expert.contact { byEmail[contact.lowercased()] = ReportText.foldedName(person) }
        }
        for product in products {
            for name in (product.frontMatter["authors"]?.elements ?? []).compactMap(\.text) {
                let expert = entry(named: name)
                expert.names[name, default: 0] += 1
                expert.authored.insert(product.id)
                expert.sources.insert("author")
                if let owner = product.owner { expert.units.insert(owner) }
                for area in areas(of: product) { expert.areas[area, default: 0] += 1 }
                expert.saw(product.date)
            }
        }
        for product in products {
            guard let history = histories[product.path] else { continue }
            for person in history.contributors {
                let key = byEmail[person.email.lowercased()] ?? ReportText.foldedName(person.name)
                let expert = entries[key] ?? entry(named: person.name)
                expert.names[person.name, default: 0] += 1
                expert.emails.insert(person.email)
                expert.sources.insert("git")
                if !expert.touched.contains(product.id) && !expert.authored.contains(product.id) {
                    for area in areas(of: product) { expert.areas[area, default: 0] += 1 }
                    if let owner = product.owner { expert.units.insert(owner) }
                }
                expert.touched.insert(product.id)
                for commit in [history.lastSubstantiveCommit, history.lastCommit, history.createdCommit].compactMap({ $0 })
                where commit.author == person {
                    expert.saw(commit.date)
                }
            }
        }
        experts = entries.values.map { entry in
            let name = entry.profileName ?? entry.names.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "?"
            return Expert(name: name, unit: entry.unit, units: entry.units.sorted(), profile: entry.profile, contact: entry.contact,
                          emails: entry.emails.sorted(), expertise: entry.expertise,
                          areas: entry.areas.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key),
                          authored: entry.authored.sorted(), contributed: entry.touched.subtracting(entry.authored).sorted(),
                          languages: entry.languages, lastActivity: entry.last, sources: entry.sources.sorted())
        }
        .filter { owner == nil || $0.unit == owner || $0.units.contains(owner!) }
        .sorted { (ReportText.foldedName($0.name), $0.name) < (ReportText.foldedName($1.name), $1.name) }
    }

    public func json() -> String {
        ReportText.json(["experts": experts.map { expert -> [String: Any] in
            ["name": expert.name, "unit": expert.unit ?? NSNull(), "units": expert.units, "profile": expert.profile ?? NSNull(),
             "contact": expert.contact ?? NSNull(), "emails": expert.emails, "expertise": expert.expertise, "areas": expert.areas,
             "authored": expert.authored, "contributed": expert.contributed, "languages": expert.languages,
             "last_activity": expert.lastActivity?.description ?? NSNull(), "sources": expert.sources]
        }])
    }

    public var table: ReportTable {
        ReportTable(columns: ["name", "unit", "profile", "expertise and areas", "products", "last activity", "contact"],
                    rows: experts.map { expert in
                        [expert.name, expert.unit ?? Self.abbreviated(expert.units, 1), expert.profile ?? "-",
                         Self.abbreviated(expert.expertise + expert.areas.filter { !expert.expertise.contains($0) }, 3),
                         String(expert.authored.count + expert.contributed.count), expert.lastActivity?.description ?? "-",
                         expert.contact ?? expert.emails.first ?? "-"]
                    })
    }

    /// One row per person with every field: the CSV form.
    public var fullTable: ReportTable {
        ReportTable(columns: ["name", "unit", "units", "profile", "contact", "emails", "expertise", "areas", "authored", "contributed",
                              "languages", "last_activity", "sources"],
                    rows: experts.map { expert in
                        [expert.name, expert.unit ?? "", expert.units.joined(separator: " "), expert.profile ?? "", expert.contact ?? "",
                         expert.emails.joined(separator: " "), expert.expertise.joined(separator: "; "), expert.areas.joined(separator: " "),
                         expert.authored.joined(separator: " "), expert.contributed.joined(separator: " "),
                         expert.languages.joined(separator: " "), expert.lastActivity?.description ?? "", expert.sources.joined(separator: " ")]
                    })
    }

    /// The first `limit` values, then how many more: `a; b; c (+2)`.
    static func abbreviated(_ values: [String], _ limit: Int) -> String {
        guard values.count > limit else { return values.isEmpty ? "-" : values.joined(separator: "; ") }
        return values.prefix(limit).joined(separator: "; ") + " (+\(values.count - limit))"
    }

    public func text(markdown: Bool) -> String {
        let profiles = experts.count { $0.profile != nil }
        let headline = "\(experts.count) people, \(profiles) with an expert profile"
        return markdown ? "# Expertise locator\n\n\(headline).\n\n" + table.markdown() : "Expertise locator: \(headline)\n\n" + table.aligned()
    }
}
