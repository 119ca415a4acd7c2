import Foundation
import TestSupport

/// A random knowledge repository for the leak property test. Every product the public build must
/// leave out (internal, or public but not yet published) carries its own canary: a random word
/// written into its id, title, summary, tags, body, type-specific fields, attachment names, the
/// taxonomy terms only it uses, the commit messages and author e-mail addresses of commits that
/// touch it. Public products point at those products in every way the model allows: `related`,
/// supersession both ways, translations, recommendation evidence, plans' `delivered_as`, body
/// links by id, by path and as autolinks, links to their attachments, and to `.mailmap`.
/// Expert profiles and communities of practice name people who also author public products.
///
/// The repository is committed with `git fast-import` in one go (one process, not one per commit).
struct CanaryRepository {
    /// One generated product.
    struct Item {
        var id: String
        var type: String
        var hidden: Bool
        /// Lowercase letters and digits; set on hidden products only.
        var canary: String?
        var audience: String
        var status: String
        var language: String
        var date: Day
        var title: String
        var summary: String
        var owner: String
        var authors: [String]
        var tags: [String]
        var areas: [String]
        var supportTypes: [String]
        var regions: [String]
        var countries: [String]
        var related: [String] = []
        var supersedes: String?
        var supersededBy: String?
        var translationOf: String?
        /// YAML lines of the type's own fields.
        var typeFields: [String] = []
        var body: String
        /// Repository files this product lists in `attachments`, path → contents.
        var attachments: [(String, String)] = []
        /// Lines appended by later commits.
        var revisions: [String] = []

        var path: String { "content/\(type)/\(id).md" }
    }

    /// A calendar day as days since 1970-01-01, printed as YYYY-MM-DD.
    struct Day: Comparable {
        var number: Int
        static func < (a: Day, b: Day) -> Bool { a.number < b.number }
        func adding(_ days: Int) -> Day { Day(number: number + days) }
        var iso: String {
            // Civil from days (Howard Hinnant's algorithm).
            let z = number + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            let day = doy - (153 * mp + 2) / 5 + 1
            let month = mp < 10 ? mp + 3 : mp - 9
            let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
            return String(format: "%04d-%02d-%02d", year, month, day)
        }
        var unixTime: Int { number * 86_400 + 10 * 3_600 }
    }

    /// "Today" for the check and the build.
    static let now = "2025-06-01"
    static let nowDay = Day(number: 20_240)  // 2025-06-01

    let seed: UInt64
    let root: URL
    private(set) var items: [Item] = []
    /// Every canary, lowercase.
    private(set) var canaries: [String] = []
    /// Every e-mail address that appears in the git history or `.mailmap`, lowercase: none may reach the public build.
    private(set) var emails: Set<String> = []
    /// Extra taxonomy terms that only hidden products use: (taxonomy, YAML line).
    private var privateTerms: [(String, String)] = []
    private var random: SplitMix64
    private var files: [String: String] = [:]

    static let sharedAuthors = ["Amina Odhiambo", "Jonas Lindqvist", "Grace Nakato", "Lucía Restrepo", "Samir Haddad"]
    static let publicUnits = ["hq-policy", "hq-knowledge", "co-ke"]
    static let areas = ["peace-and-security", "economic-empowerment", "ending-violence"]
    static let supportTypes = ["technical-assistance", "capacity-development"]
    static let publicRegions = ["asia-pacific", "east-africa"]
    static let publicCountries = ["KE", "NP"]
    /// Types a public product may have (expert profiles and end-of-assignment reports are internal by schema).
    static let publicTypes = ["guidance-note", "practice-note", "lessons-learned-study", "after-action-review", "survey-of-practice",
                              "research-paper", "training-module", "programming-tool", "country-profile", "community-of-practice",
                              "knowledge-product-plan"]
    static let hiddenTypes = publicTypes + ["expert-profile", "end-of-assignment-report", "expert-profile", "programming-tool"]
    static let abbreviations = ["guidance-note": "gn", "practice-note": "pn", "lessons-learned-study": "lls", "after-action-review": "aar",
                                "survey-of-practice": "sop", "research-paper": "rp", "training-module": "tm", "programming-tool": "tool",
                                "country-profile": "cp", "community-of-practice": "cop", "knowledge-product-plan": "kpp",
                                "expert-profile": "expert", "end-of-assignment-report": "eoar"]

    /// Generates and commits a repository in a new temporary folder.
    init(seed: UInt64) throws {
        self.seed = seed
        random = SplitMix64(seed: seed)
        root = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-leak-\(seed)-\(UUID().uuidString.prefix(6))")
        generate()
        try commit()
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    // MARK: Products

    private mutating func generate() {
        let hiddenCount = 3 + random.next(7)
        let publicCount = 3 + random.next(8)
        for index in 0..<hiddenCount { items.append(hiddenItem(index)) }
        for index in 0..<publicCount { items.append(publicItem(index)) }
        linkEverything()
        for index in items.indices where items[index].type == "programming-tool" {
            let item = items[index]
            let name = item.canary.map { "\($0)-data.csv" } ?? "data.csv"
            items[index].attachments = [("content/attachments/\(item.id)/\(name)", "column,value\nrow,\(item.canary ?? "public")\n")]
        }
        for index in items.indices { items[index].typeFields = typeFields(items[index]) }
        for index in items.indices { items[index].body = body(items[index]) }
    }

    private mutating func newCanary() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var canary = "qz"
        for _ in 0..<10 { canary.append(random.pick(alphabet)) }
        canaries.append(canary)
        return canary
    }

    private mutating func date() -> Day {
        Day(number: 19_360 + random.next(600))  // 2023-01-03 … 2024-08-25
    }

    private mutating func hiddenItem(_ index: Int) -> Item {
        let canary = newCanary()
        let type = random.pick(Self.hiddenTypes)
        // Most are internal; some are public products not yet published (drafts, in review).
        let internalOnly = ["expert-profile", "end-of-assignment-report"].contains(type)
        let unpublished = !internalOnly && random.chance(30)
        let upper = canary.uppercased()
        var owner = random.pick(Self.publicUnits)
        var regions = [random.pick(Self.publicRegions)]
        var countries = random.chance(50) ? [random.pick(Self.publicCountries)] : []
        // Taxonomy terms that only this product uses, named after its canary.
        if random.chance(50) {
            owner = "unit-\(canary)"
            privateTerms.append(("units", "{id: \(owner), name: \"Unit \(upper)\", kind: country-office, region: asia-pacific}"))
        }
        if random.chance(40) {
            regions.append("region-\(canary)")
            privateTerms.append(("regions", "{id: region-\(canary), name: \"Region \(upper)\"}"))
        }
        if random.chance(40) {
            let code = "Q" + String(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")[index % 26])
            countries.append(code)
            privateTerms.append(("countries", "{id: \"\(code)\", name: \"Country \(upper)\", region: asia-pacific}"))
        }
        var authors = ["Hidden Author \(upper)"]
        if random.chance(60) { authors.append(random.pick(Self.sharedAuthors)) }
        return Item(
            id: "\(Self.abbreviations[type]!)-\(canary)", type: type, hidden: true, canary: canary,
            audience: unpublished ? "public" : "internal",
            status: unpublished ? random.pick(["draft", "in-review"]) : random.pick(["published", "published", "archived"]),
            language: "en", date: date(), title: "Confidential \(upper) \(type.replacingOccurrences(of: "-", with: " "))",
            summary: "Summary of the confidential product \(canary), which must never reach the public portal.",
            owner: owner, authors: authors, tags: ["tag-\(canary)", "shared-topic"],
            areas: [random.pick(Self.areas)], supportTypes: [random.pick(Self.supportTypes)], regions: regions, countries: countries,
            body: "")
    }

    private mutating func publicItem(_ index: Int) -> Item {
        let type = random.pick(Self.publicTypes)
        let words = ["budgets", "mediation", "referrals", "statistics", "procurement", "shelters", "rosters", "cooperatives"]
        let topic = random.pick(words)
        return Item(
            id: "\(Self.abbreviations[type]!)-open-\(index)-\(topic)", type: type, hidden: false, canary: nil, audience: "public",
            status: random.chance(85) ? "published" : "archived", language: "en", date: date(),
            title: "Open \(type.replacingOccurrences(of: "-", with: " ")) number \(index) on \(topic)",
            summary: "A public product about \(topic) that anyone may read on the portal.",
            owner: random.pick(Self.publicUnits), authors: [random.pick(Self.sharedAuthors)], tags: [topic, "shared-topic"],
            areas: [random.pick(Self.areas)], supportTypes: [random.pick(Self.supportTypes)],
            regions: [random.pick(Self.publicRegions)], countries: random.chance(50) ? [random.pick(Self.publicCountries)] : [],
            body: "")
    }

    /// Points public products at hidden ones (and back) in every field that takes a product id.
    private mutating func linkEverything() {
        let hidden = items.indices.filter { items[$0].hidden }
        let open = items.indices.filter { !items[$0].hidden }
        for p in open {
            for _ in 0..<(1 + random.next(3)) {
                let h = random.pick(hidden)
                if !items[p].related.contains(items[h].id) { items[p].related.append(items[h].id) }
            }
            if random.chance(40) {
                let other = items[random.pick(open)].id
                items[p].related.append(other)
            }
            let own = items[p].id
            items[p].related.removeAll { $0 == own }
        }
        // Hidden products name public ones too: reverse relations must not show them.
        for h in hidden where random.chance(60) {
            let other = items[random.pick(open)].id
            items[h].related.append(other)
        }
        // Supersession across the boundary, both ways (only internal products may be superseded and stay hidden).
        for p in open where random.chance(25) {
            guard let h = hidden.filter({ items[$0].supersedes == nil && items[$0].supersededBy == nil && items[$0].audience == "internal" })
                .randomElement(using: &random), items[p].supersedes == nil, items[p].supersededBy == nil else { continue }
            if random.chance(50) {
                items[p].supersededBy = items[h].id
                items[p].status = "superseded"
                items[h].supersedes = items[p].id
            } else {
                items[p].supersedes = items[h].id
                items[h].supersededBy = items[p].id
                items[h].status = "superseded"
            }
        }
        // A public translation of a hidden original.
        if let p = open.first(where: { items[$0].supersedes == nil && items[$0].supersededBy == nil }), random.chance(40),
           let h = hidden.first(where: { items[$0].type == items[p].type }) {
            items[p].translationOf = items[h].id
            items[p].language = "fr"
        }
        // Hidden translations of public originals.
        for h in hidden where random.chance(20) && items[h].translationOf == nil {
            let p = random.pick(open)
            if items[p].translationOf == nil {
                items[h].translationOf = items[p].id
                items[h].language = "fr"
            }
        }
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Text for a hidden product carries its canary (in capitals, to test case-insensitive search).
    private func say(_ text: String, _ item: Item) -> String {
        item.canary.map { "\(text) \($0.uppercased())" } ?? text
    }

    private mutating func recommendations(_ item: Item) -> [String] {
        var lines = ["recommendations:"]
        let hidden = items.filter { $0.hidden }
        for number in 1...(1 + random.next(2)) {
            lines += ["  - id: R\(number)", "    text: \(quoted(say("Recommendation \(number) to improve practice", item)))",
                      "    owner: \(item.hidden ? item.owner : random.pick(Self.publicUnits))",
                      "    due: \(item.date.adding(200).iso)"]
            if random.chance(60) {
                // Evidence may name an internal product even from a public one; the portal must not name it.
                let evidence = item.hidden || random.chance(20) ? random.pick(items.filter { !$0.hidden }).id : random.pick(hidden).id
                lines += ["    status: implemented", "    evidence: \(evidence)"]
            } else {
                lines.append("    status: \(random.pick(["open", "in-progress", "not-accepted"]))")
            }
        }
        return lines
    }

    private mutating func typeFields(_ item: Item) -> [String] {
        let people = item.hidden ? item.authors : Self.sharedAuthors
        switch item.type {
        case "guidance-note":
            return ["approved_by: \(quoted(say("Approver", item)))", "approved_on: \(item.date.iso)"]
        case "practice-note":
            return ["practice_area: \(quoted(say("partnerships", item)))"]
        case "lessons-learned-study":
            return recommendations(item)
        case "after-action-review":
            return ["event:", "  name: \(quoted(say("Regional workshop", item)))", "  date: \(item.date.adding(-7).iso)",
                    "went_well:", "  - \(quoted(say("Preparation went well", item)))",
                    "to_improve:", "  - \(quoted(say("Timing could improve", item)))"] + recommendations(item)
        case "end-of-assignment-report":
            return ["position: \(quoted(say("Representative", item)))", "office: \(item.owner)", "assignment:",
                    "  start: \(item.date.adding(-1100).iso)", "  end: \(item.date.adding(-20).iso)"] + recommendations(item)
        case "survey-of-practice":
            return ["function: \(quoted(say("procurement", item)))", "compared: [\(item.owner), \(Self.publicUnits.first { $0 != item.owner }!)]"]
        case "research-paper":
            return ["peer_reviewers: [\(quoted(say("Peer Reviewer", item)))]"]
        case "training-module":
            return ["learning_objectives:", "  - \(quoted(say("Explain the method", item)))", "duration: 3 hours", "delivery: online"]
        case "programming-tool":
            return ["attachments:"] + item.attachments.map { "  - \($0.0)" }
        case "country-profile":
            return ["country: \"\(item.countries.first ?? "KE")\"", "data_year: 2023"]
        case "community-of-practice":
            return ["purpose: \(quoted(say("Connect staff who work on the same questions", item)))",
                    "facilitator: \(quoted(people[0]))", "members: [\(people.map(quoted).joined(separator: ", "))]", "state: active"]
        case "expert-profile":
            return ["person: \(quoted(random.pick(Self.sharedAuthors)))", "unit: \(item.owner)",
                    "expertise: [\(item.areas[0]), \(quoted(say("budget analysis", item)))]", "languages: [en, fr]",
                    "contact: \(item.canary!)@example.org"]
        case "knowledge-product-plan":
            let delivered = items.filter { $0.id != item.id }.shuffled(using: &random).prefix(3)
            var lines = ["unit: \(item.owner)", "year: 2024", "planned:"]
            for (number, target) in delivered.enumerated() {
                lines += ["  - title: \(quoted(say("Planned product \(number + 1)", item)))", "    type: \(target.type)",
                          "    strategic_area: \(Self.areas[number % Self.areas.count])", "    quarter: Q\(number + 1)",
                          "    delivered_as: \(target.id)"]
            }
            return lines
        default:
            return []
        }
    }

    private mutating func body(_ item: Item) -> String {
        guard let canary = item.canary else { return publicBody(item) }
        let upper = canary.uppercased()
        var text = """
        ## Findings \(upper)

        The confidential product \(canary) reports findings with **emphasis \(canary)**, `code \(canary)` and \
        [a link about \(canary)](https://example.org/reports/\(canary)).

        | Topic | Value |
        |---|---|
        | \(upper) | cell \(canary) |

        A finding with a footnote.[^\(canary)]

        [^\(canary)]: The footnote names \(canary).

        ![Chart of \(canary)](https://example.org/\(canary).png)

        """
        for (path, _) in item.attachments {
            text += "\nSee [the data of \(canary)](../../\(path)).\n"
        }
        return text
    }

    /// A public body that links to hidden products every way a body can.
    private mutating func publicBody(_ item: Item) -> String {
        var text = """
        ## Scope

        This public product explains practice on the subject for everyone.

        """
        let hidden = items.filter { $0.hidden }
        for target in hidden.shuffled(using: &random).prefix(1 + random.next(3)) {
            switch random.next(5) {
            case 0: text += "\nSee [the internal analysis](atrium:\(target.id)) for more.\n"
            case 1: text += "\nSee also <atrium:\(target.id)> and [its findings](atrium:\(target.id)#findings).\n"
            case 2: text += "\nRead [the related note](../\(target.type)/\(target.id).md).\n"
            case 3:
                if let attachment = target.attachments.first {
                    text += "\nDownload [the data](../../\(attachment.0)) and see ![the chart](../../\(attachment.0)).\n"
                } else {
                    text += "\nSee [the note](atrium:\(target.id)).\n"
                }
            default: text += "\nThe people behind it are listed in [the mail map](../../.mailmap).\n"
            }
        }
        return text
    }

    // MARK: Files and history

    private func frontMatter(_ item: Item) -> String {
        var lines = [
            "---", "id: \(item.id)", "title: \(quoted(item.title))", "type: \(item.type)", "summary: \(quoted(item.summary))",
            "owner: \(item.owner)", "date: \(item.date.iso)", "audience: \(item.audience)", "status: \(item.status)",
            "language: \(item.language)",
        ]
        if item.type == "end-of-assignment-report" {
            lines.append("authors: [\(quoted(item.authors[0]))]")
        } else {
            lines.append("authors: [\(item.authors.map(quoted).joined(separator: ", "))]")
        }
        lines += [
            "strategic_areas: [\(item.areas.joined(separator: ", "))]", "support_types: [\(item.supportTypes.joined(separator: ", "))]",
            "regions: [\(item.regions.joined(separator: ", "))]", "countries: [\(item.countries.map(quoted).joined(separator: ", "))]",
            "tags: [\(item.tags.joined(separator: ", "))]",
        ]
        if !item.related.isEmpty { lines.append("related: [\(item.related.joined(separator: ", "))]") }
        if let supersedes = item.supersedes { lines.append("supersedes: \(supersedes)") }
        if let supersededBy = item.supersededBy { lines.append("superseded_by: \(supersededBy)") }
        if let original = item.translationOf { lines.append("translation_of: \(original)") }
        lines += item.typeFields
        lines.append("---")
        return lines.joined(separator: "\n") + "\n" + item.body + item.revisions.joined()
    }

    private var configuration: String {
        func list(_ taxonomy: String, _ lines: [String]) -> String {
            "  \(taxonomy):\n" + (lines + privateTerms.filter { $0.0 == taxonomy }.map(\.1)).map { "    - \($0)" }.joined(separator: "\n") + "\n"
        }
        return """
        site: {title: Leak Test Portal, base_url: "https://portal.example.org/"}
        languages: [en, fr]
        rules:
          # Defense in depth: the builder must leave internal products out even when the check is told to let
          # public-to-internal references through.
          ref/internal-from-public: warning
        taxonomies:

        """
            + list("units", ["{id: hq-policy, name: Policy Division, kind: headquarters}",
                             "{id: hq-knowledge, name: Knowledge Division, kind: headquarters}",
                             "{id: co-ke, name: Country Office Kenya, kind: country-office, region: east-africa}"])
            + list("strategic_areas", ["{id: peace-and-security, name: Peace and security}", "{id: economic-empowerment, name: Economic empowerment}",
                                       "{id: ending-violence, name: Ending violence}"])
            + list("support_types", ["{id: technical-assistance, name: Technical assistance}",
                                     "{id: capacity-development, name: Capacity development}"])
            + list("regions", ["{id: asia-pacific, name: Asia and the Pacific}", "{id: east-africa, name: East Africa}"])
            + list("countries", ["{id: \"KE\", name: Kenya, region: east-africa}", "{id: \"NP\", name: Nepal, region: asia-pacific}"])
    }

    /// Commits the repository with a history whose authors are chosen so that someone who touched
    /// only hidden products is named after a canary, and everyone's e-mail address is distinctive.
    private mutating func commit() throws {
        var stream = ""
        var mark = 0
        var day = Self.nowDay.adding(-150)
        func add(_ message: String, author: (String, String), changes: [(String, String)]) {
            mark += 1
            day = day.adding(1 + random.next(3))
            let person = "\(author.0) <\(author.1)> \(day.unixTime) +0000"
            let messageData = Data(message.utf8)
            stream += "commit refs/heads/main\nmark :\(mark)\nauthor \(person)\ncommitter \(person)\ndata \(messageData.count)\n\(message)\n"
            if mark > 1 { stream += "from :\(mark - 1)\n" }
            for (path, contents) in changes {
                stream += "M 100644 inline \(path)\ndata \(Data(contents.utf8).count)\n\(contents)\n"
            }
            stream += "\n"
            emails.insert(author.1.lowercased())
        }
        // The mail map folds an old address of a hidden-only author into a new one: both are secrets.
        let mailmapCanary = canaries[0]
        let mailmap = "Hidden Author \(mailmapCanary.uppercased()) <\(mailmapCanary)@example.org> <\(mailmapCanary).old@example.org>\n"
        emails.insert("\(mailmapCanary).old@example.org")
        var setup = [("atrium.yml", configuration), (".mailmap", mailmap)]
        for (name, text) in Self.schemaFiles { setup.append(("schemas/" + name, text)) }
        add("Set up the repository", author: ("Setup Bot", "setup-bot@example.org"), changes: setup)

        var pending = Array(items.indices).shuffled(using: &random)
        var publicWriter = 0
        func author(for touched: [Int]) -> (String, String) {
            let canaries = touched.compactMap { items[$0].canary }
            if canaries.count == touched.count {
                // Touched only hidden products: the person must stay unknown to the public.
                let canary = canaries[0]
                return random.chance(30) ? ("Hidden Author \(canary.uppercased())", "\(canary).old@example.org")
                    : ("Hidden Author \(canary.uppercased())", "\(canary)@example.org")
            }
            if let canary = canaries.first {
                // Touched public and hidden products: the name may show on the public pages, the address never.
                return (random.pick(Self.sharedAuthors), "\(canary).shared@example.org")
            }
            publicWriter += 1
            return ("Public Writer \(publicWriter % 3)", "public-writer-\(publicWriter % 3)@example.org")
        }
        func message(_ touched: [Int], _ verb: String) -> String {
            "\(verb) " + touched.map { items[$0].id }.joined(separator: ", ")
        }
        func contents(_ index: Int) -> [(String, String)] {
            [(items[index].path, frontMatter(items[index]))] + items[index].attachments
        }
        while !pending.isEmpty {
            let group = Array(pending.prefix(1 + random.next(3)))
            pending.removeFirst(group.count)
            add(message(group, "Add"), author: author(for: group), changes: group.flatMap(contents))
        }
        for _ in 0..<(2 + random.next(4)) {
            var group = [random.next(items.count)]
            if random.chance(50) { group.append(random.next(items.count)) }
            group = Array(Set(group)).sorted()
            for index in group { items[index].revisions.append("\nRevised \(items[index].canary ?? "again") on day \(day.number).\n") }
            add(message(group, "Revise"), author: author(for: group), changes: group.flatMap(contents))
        }

        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let streamFile = root.deletingLastPathComponent().appendingPathComponent(root.lastPathComponent + ".fast-import")
        try Data(stream.utf8).write(to: streamFile)
        defer { try? FileManager.default.removeItem(at: streamFile) }
        let result = try ProcessRunner.run("sh", ["-c", "git init -q -b main && git fast-import --quiet < \"$1\" && git reset -q --hard main",
                                                  "sh", streamFile.path], in: root)
        guard result.status == 0 else { throw FixtureError("git fast-import failed: \(result.standardError)") }
    }

    /// The project's product schemas, read once.
    static let schemaFiles: [(String, String)] = {
        let folder = PackagePaths.root.appendingPathComponent("schemas")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return names.map { ($0, (try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) ?? "") }
    }()
}
