import AtriumContent
import AtriumCore
import AtriumFreshness
import AtriumInsights
import Foundation
import Testing
import TestSupport

/// Each report on a fixture whose answers are worked out by hand in the comments.
@Suite("Insight reports")
struct InsightsReportTests {
    static let configuration = """
    -- atrium.yml --
    site: {title: Test}
    languages: [en]
    review_intervals: {practice-note: 12 months, lessons-learned-study: never, knowledge-product-plan: never, expert-profile: never}
    taxonomies:
      units: [{id: hq-policy, name: Policy}, {id: co-ke, name: Kenya Office, region: r-east}]
      strategic_areas: [{id: a1, name: Area one}, {id: a2, name: Area two}]
      support_types: [{id: s1, name: Support one}, {id: s2, name: Support two}]
      regions: [{id: r-east, name: East}, {id: r-asia, name: Asia}]
      countries: [{id: KE, name: Kenya, region: r-east}]

    """

    static func product(_ id: String, type: String = "practice-note", status: String = "published", date: String = "2024-03-01",
                        title: String? = nil, owner: String = "hq-policy", extra: String = "") -> String {
        """
        -- content/\(type)/\(id).md --
        ---
        title: \(title ?? "Product \(id)")
        type: \(type)
        summary: A summary that is long enough for the standard.
        owner: \(owner)
        date: \(date)
        audience: public
        status: \(status)
        language: en
        \(extra)---
        Body.

        """
    }

    static let now = CalendarDate(iso: "2024-06-01")!

    static let files = configuration
        // Lessons: co-ke owns R1 (open, due 2024-01-01: 152 days overdue) and R2 (in progress, not yet due);
        // hq-policy owns R3 (implemented) and R4 (not accepted).
        + product("lls-a", type: "lessons-learned-study", extra: """
        recommendations:
          - {id: R1, text: Train monitors., owner: co-ke, due: 2024-01-01, status: open}
          - {id: R2, text: Budget travel., owner: co-ke, due: 2024-12-31, status: in-progress}
          - {id: R3, text: Publish a checklist., owner: hq-policy, due: 2023-06-30, status: implemented, evidence: p1}
          - {id: R4, text: Use satellites., owner: hq-policy, due: 2023-06-30, status: not-accepted}

        """)
        // Gaps: p1 (a1×s1, Kenya), p2 (a1×s1, a1×s2) count; p3 is a draft, p4 superseded, p5 overdue
        // (last changed 2022, reviewed every 12 months); p6 names no support type.
        + product("p1", extra: "strategic_areas: [a1]\nsupport_types: [s1]\ncountries: [KE]\n")
        + product("p2", date: "2024-05-01", extra: "strategic_areas: [a1]\nsupport_types: [s1, s2]\n")
        + product("p3", status: "draft", extra: "strategic_areas: [a2]\nsupport_types: [s2]\n")
        + product("p4", extra: "strategic_areas: [a2]\nsupport_types: [s1]\nsuperseded_by: p2\n")
        + product("p5", extra: "strategic_areas: [a2]\nsupport_types: [s2]\n")
        + product("p6", extra: "strategic_areas: [a2]\n")
        + product("p7", date: "2024-04-01", title: "\"Border market traders: a practice note\"", owner: "co-ke")
        // Plans: delivered on time (p1 dated before end of Q2), delivered late (p2 dated after Q1),
        // late (Q1 passed; p7 offered), still planned (Q4), and an unknown product.
        + product("kpp-ke", type: "knowledge-product-plan", owner: "co-ke", extra: """
        unit: co-ke
        year: 2024
        planned:
          - {title: First note, type: practice-note, strategic_area: a1, quarter: Q2, delivered_as: p1}
          - {title: Second note, type: practice-note, strategic_area: a1, quarter: Q1, delivered_as: p2}
          - {title: Practice note on border market traders, type: practice-note, strategic_area: a2, quarter: Q1}
          - {title: A research paper on markets, type: research-paper, strategic_area: a2, quarter: Q4}
          - {title: Lost note, type: practice-note, strategic_area: a2, quarter: Q1, delivered_as: p-missing}

        """)
        // Experts: one profile; the same person as an author without the accent, and in git under
        // another spelling with the profile's address; plus one git-only contributor.
        + product("expert-lr", type: "expert-profile", owner: "co-ke", extra: """
        person: Lucía Restrepo
        unit: co-ke
        expertise: [a1, municipal finance]
        languages: [en, es]
        contact: lucia@example.org

        """)
        + product("p8", date: "2024-02-01", extra: "authors: [Lucia Restrepo]\nstrategic_areas: [a2]\nsupport_types: [s2]\n")

    static func load() throws -> (KnowledgeRepository, FixtureRepository) {
        let fixture = try FixtureRepository(files)
        let configuration = try #require(ConfigurationLoader().load(root: fixture.path).configuration)
        let sink = DiagnosticSink(policy: configuration.severityPolicy)
        let repository = RepositoryLoader().load(root: fixture.path, configuration: configuration, sink: sink)
        #expect(repository.products.count == 11, "\(sink.diagnostics)")
        return (repository, fixture)
    }

    @Test("lessons: overdue items first, per-unit counts, applied rate = implemented ÷ accepted")
    func lessons() throws {
        let (repository, fixture) = try Self.load()
        defer { fixture.remove() }
        let report = LessonsReport(products: repository.products, configuration: repository.configuration, now: Self.now)
        #expect(report.recommendations.map(\.id) == ["R1", "R3", "R4", "R2"])
        #expect(report.recommendations[0].daysOverdue == 152)
        #expect(report.recommendations[0].line == 11)
        #expect(report.units.map { $0.unit ?? "" } == ["co-ke", "hq-policy"])
        let kenya = report.units[0], policy = report.units[1]
        #expect((kenya.total, kenya.open, kenya.inProgress, kenya.overdue, kenya.implemented) == (2, 1, 1, 1, 0))
        #expect(kenya.appliedRate == 0)
        #expect((policy.implemented, policy.notAccepted) == (1, 1))
        #expect(policy.appliedRate == 1)
        #expect(abs((report.totals.appliedRate ?? 0) - 1.0 / 3.0) < 1e-9)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let first = try #require((json["recommendations"] as? [[String: Any]])?.first)
        #expect(first["days_overdue"] as? Int == 152 && first["owner"] as? String == "co-ke" && first["file"] as? String == "content/lessons-learned-study/lls-a.md")
        #expect((json["totals"] as? [String: Any])?["overdue"] as? Int == 1)
        let owned = LessonsReport(products: repository.products, configuration: repository.configuration, now: Self.now, owner: "hq-policy")
        #expect(owned.recommendations.map(\.id) == ["R3", "R4"])
        let csv = report.csvTable.csv().split(separator: "\n")
        #expect(csv.count == 5 && csv[1].hasPrefix("lls-a,content/lessons-learned-study/lls-a.md,11,R1,co-ke,2024-01-01,open,,152,"))
    }

    @Test("gaps: only published, fresh, unsuperseded products count; empty and thin cells; per region through countries")
    func gaps() throws {
        let (repository, fixture) = try Self.load()
        defer { fixture.remove() }
        var dates: [String: CalendarDate] = [:]
        for product in repository.products { dates[product.path] = product.date }
        dates["content/practice-note/p5.md"] = CalendarDate(iso: "2022-01-01")
        let freshness = ProductFreshness.assess(repository.products, histories: [:], policy: FreshnessPolicy(configuration: repository.configuration),
                                                now: Self.now, fileDates: dates)
        let report = GapReport(products: repository.products, freshness: freshness, configuration: repository.configuration,
                               now: Self.now, thinThreshold: 1, byRegion: true)
        let whole = report.matrices[0]
        #expect(whole.region == nil)
        #expect(whole.products == [[["p1", "p2"], ["p2"]], [[], ["p8"]]])
        #expect(!report.current.contains("p3") && !report.current.contains("p4") && !report.current.contains("p5"))
        #expect(!report.current.contains("kpp-ke") && !report.current.contains("expert-lr"))
        #expect(report.unclassified.contains("p6") && report.unclassified.contains("lls-a"))
        let wholeGaps = report.gaps.filter { $0.region == nil }.map { "\($0.area.id)×\($0.supportType.id):\($0.kind)" }
        #expect(wholeGaps == ["a1×s2:thin", "a2×s1:empty", "a2×s2:thin"])
        let east = try #require(report.matrices.first { $0.region?.id == "r-east" })
        #expect(east.products == [[["p1"], []], [[], []]])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect((json["matrices"] as? [Any])?.count == 3)
        #expect(GapReport(products: repository.products, freshness: freshness, configuration: repository.configuration,
                          now: Self.now, thinThreshold: 0).gaps.map(\.kind) == ["empty"])
    }

    @Test("plans: delivered, delivered late, late with a suggestion, planned, unresolved; counts per unit and year")
    func plans() throws {
        let (repository, fixture) = try Self.load()
        defer { fixture.remove() }
        let report = PlanReport(products: repository.products, now: Self.now)
        #expect(report.items.map(\.state) == [.delivered, .deliveredLate, .late, .planned, .unresolved])
        #expect(report.items[1].deliveredOn == CalendarDate(iso: "2024-05-01") && report.items[1].due == CalendarDate(iso: "2024-03-31"))
        #expect(report.items[2].suggestion?.id == "p7")
        #expect(report.items[3].suggestion == nil)
        let row = try #require(report.units.first)
        #expect(row.unit == "co-ke" && row.year == 2024)
        #expect([row.planned, row.delivered, row.deliveredLate, row.undelivered, row.late] == [5, 2, 1, 3, 1] as [Int])
        #expect(PlanReport(products: repository.products, now: Self.now, owner: "hq-policy").items.isEmpty)
        #expect(PlanReport.endOfQuarter("Q1", year: 2024) == CalendarDate(iso: "2024-03-31"))
        #expect(PlanReport.endOfQuarter("Q5", year: 2024) == nil)
    }

    @Test("experts: a profile, an author spelled without accents and a git identity with the profile's address are one person")
    func experts() throws {
        let (repository, fixture) = try Self.load()
        defer { fixture.remove() }
        let late = CommitInfo(id: "c2", time: 1_717_000_000, offsetMinutes: 0, author: Person(name: "L. Restrepo", email: "lucia@example.org"))
        let histories = [
            "content/practice-note/p1.md": FileHistory(path: "content/practice-note/p1.md", lastSubstantiveCommit: late, lastCommit: late,
                                                       revisions: 1, contributors: [late.author, Person(name: "Bo Author", email: "bo@example.org")]),
        ]
        let directory = ExpertDirectory(products: repository.products, histories: histories)
        #expect(directory.experts.map(\.name) == ["Bo Author", "Lucía Restrepo"])
        let lucia = directory.experts[1]
        #expect(lucia.profile == "expert-lr" && lucia.unit == "co-ke" && lucia.contact == "lucia@example.org")
        #expect(lucia.authored == ["p8"] && lucia.contributed == ["p1"])
        #expect(lucia.emails == ["lucia@example.org"])
        #expect(lucia.sources == ["author", "git", "profile"])
        #expect(lucia.areas == ["a1", "a2"] || lucia.areas == ["a2", "a1"])
        #expect(lucia.lastActivity == CalendarDate(unixTime: 1_717_000_000))
        #expect(directory.experts[0].sources == ["git"] && directory.experts[0].emails == ["bo@example.org"])
        #expect(ExpertDirectory(products: repository.products, histories: histories, owner: "co-ke").experts.map(\.name) == ["Lucía Restrepo"])
    }
}
