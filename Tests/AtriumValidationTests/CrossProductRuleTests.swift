import AtriumContent
import AtriumCore
import AtriumValidation
import Foundation
import Testing
import TestSupport

/// Each rule across products: a fixture that triggers it and one that does not, at exact places.
@Suite("Rules across products")
struct CrossProductRuleTests {
    static let header = """
    -- atrium.yml --
    site: {title: Test}
    languages: [en]
    timeliness: {after_action_review_days: 30, end_of_assignment_report_days: 60}
    taxonomies:
      units: [{id: hq-policy, name: Policy}, {id: co-ke, name: Kenya}]

    """

    /// A valid product with `extra` front-matter lines appended.
    static func product(_ id: String, type: String = "practice-note", audience: String = "public", status: String = "draft",
                        date: String = "2024-03-01", extra: String = "") -> String {
        """
        -- content/\(id).md --
        ---
        id: \(id)
        title: Product \(id) title
        type: \(type)
        summary: A summary that is long enough for the standard.
        owner: hq-policy
        date: \(date)
        audience: \(audience)
        status: \(status)
        language: en
        \(type == "practice-note" ? "practice_area: partnerships\n" : "")\(extra)---
        Body.

        """
    }

    private func diagnostics(_ files: String, now: String = "2026-11-23", rules: String = "") throws -> [Diagnostic] {
        let fixture = try FixtureRepository(Self.header + rules + files, copyingSchemas: true)
        defer { fixture.remove() }
        let configuration = try #require(ConfigurationLoader().load(root: fixture.path).configuration)
        let sink = DiagnosticSink(policy: configuration.severityPolicy)
        let repository = RepositoryLoader().load(root: fixture.path, configuration: configuration, sink: sink)
        let schemas = SchemaSet.load(root: fixture.path, configuration: configuration, fileSystem: LocalFileSystem(), sink: sink)
        RepositoryValidator(schemas: schemas).validate(repository, now: CalendarDate(iso: now), sink: sink)
        return sink.diagnostics
    }

    private func places(_ diagnostics: [Diagnostic], rule: String) -> [String] {
        diagnostics.filter { $0.rule.id == rule }.map { "\($0.span!.file):\($0.span!.start.line):\($0.span!.start.column)" }
    }

    @Test("ref/unresolved: related, delivered_as and evidence ids must exist; URLs are not ids")
    func unresolved() throws {
        let bad = try diagnostics(Self.product("a", extra: "related: [b, missing-one]\n") + Self.product("b"))
        #expect(places(bad, rule: "ref/unresolved") == ["content/a.md:12:14"], "\(bad)")
        #expect(bad.first { $0.rule.id == "ref/unresolved" }?.message == "`related` names `missing-one`, which is no product's id")
        let good = try diagnostics(Self.product("a", extra: "related: [b]\n") + Self.product("b"))
        #expect(good.isEmpty, "\(good)")
    }

    @Test("ref/supersession: both sides must agree")
    func supersession() throws {
        let bad = try diagnostics(Self.product("new", extra: "supersedes: old\n") + Self.product("old", status: "superseded"))
        #expect(places(bad, rule: "ref/supersession") == ["content/new.md:12:13"], "\(bad)")
        let good = try diagnostics(Self.product("new", extra: "supersedes: old\n")
            + Self.product("old", status: "superseded", extra: "superseded_by: new\n"))
        #expect(good.isEmpty, "\(good)")
    }

    @Test("ref/internal-from-public: a public product may not name an internal one")
    func internalFromPublic() throws {
        let bad = try diagnostics(Self.product("pub", extra: "related: [secret]\n") + Self.product("secret", audience: "internal"))
        #expect(places(bad, rule: "ref/internal-from-public") == ["content/pub.md:12:11"], "\(bad)")
        let good = try diagnostics(Self.product("int", audience: "internal", extra: "related: [pub]\n") + Self.product("pub"))
        #expect(good.isEmpty, "\(good)")
    }

    @Test("ref/internal-from-public: nor link to or list a file in an internal product's attachments; links to hidden files are warned about")
    func internalFilesFromPublic() throws {
        let files = Self.product("pub", extra: "attachments: [content/attachments/secret/data.csv]\n")
            .replacingOccurrences(of: "Body.\n", with: "[Data](attachments/secret/data.csv), [map](../.mailmap), [own](attachments/pub/own.csv).\n")
            + Self.product("secret", audience: "internal", extra: "attachments: [content/attachments/secret/data.csv]\n")
            + "-- content/attachments/secret/data.csv --\na,b\n-- content/attachments/pub/own.csv --\na,b\n-- .mailmap --\nA <a@example.org>\n"
        let bad = try diagnostics(files)
        #expect(places(bad, rule: "ref/internal-from-public") == ["content/pub.md:12:15", "content/pub.md:14:1"], "\(bad)")
        #expect(bad.contains { $0.rule.id == "ref/unresolved" && $0.severity == .warning && $0.message.contains("`.mailmap` is a hidden file") },
                "\(bad)")
        let good = try diagnostics(Self.product("int", audience: "internal", extra: "attachments: [content/attachments/pub/own.csv]\n")
            .replacingOccurrences(of: "Body.\n", with: "[Own](attachments/pub/own.csv).\n")
            + Self.product("pub") + "-- content/attachments/pub/own.csv --\na,b\n")
        #expect(good.isEmpty, "\(good)")
    }

    @Test("qa/trail: approval before issue, authors reviewing themselves")
    func qualityTrail() throws {
        let bad = try diagnostics(Self.product("g", type: "guidance-note", status: "published",
                                               extra: "approved_by: Director\napproved_on: 2024-02-01\nauthors: [Ana Pérez]\nreviewers: [ana pérez, Li Wei]\n"))
        #expect(places(bad, rule: "qa/trail") == ["content/g.md:12:14", "content/g.md:14:13"], "\(bad)")
        let good = try diagnostics(Self.product("g", type: "guidance-note", status: "published",
                                                extra: "approved_by: Director\napproved_on: 2024-03-01\nauthors: [Ana Pérez]\nreviewers: [Li Wei]\n"))
        #expect(good.isEmpty, "\(good)")
    }

    @Test("timeliness/late-capture: an after-action review long after its event")
    func timeliness() throws {
        let aar = { (date: String) in
            Self.product("aar", type: "after-action-review", audience: "internal", date: date,
                         extra: "event: {name: Flood response, date: 2024-01-10}\nwent_well: [Coordination]\nto_improve: [Logistics]\n")
        }
        let bad = try diagnostics(aar("2024-03-01"))
        #expect(places(bad, rule: "timeliness/late-capture") == ["content/aar.md:7:7"], "\(bad)")
        #expect(bad.first?.message == "dated 51 days after its event (2024-01-10); the limit is 30 days")
        #expect(try diagnostics(aar("2024-02-05")).isEmpty)
    }

    @Test("timeliness/late-capture: an end-of-assignment report long after the assignment")
    func endOfAssignment() throws {
        let report = { (date: String) in
            Self.product("eoar", type: "end-of-assignment-report", audience: "internal", date: date,
                         extra: "authors: [Ana Pérez]\nposition: Representative\noffice: co-ke\nassignment: {start: 2020-01-01, end: 2024-01-31}\n")
        }
        let bad = try diagnostics(report("2024-04-15"))
        #expect(places(bad, rule: "timeliness/late-capture") == ["content/eoar.md:7:7"], "\(bad)")
        #expect(bad.first { $0.rule.id == "timeliness/late-capture" }?.message == "dated 75 days after the end of the assignment (2024-01-31); the limit is 60 days")
        #expect(try diagnostics(report("2024-02-20")).isEmpty)
    }

    @Test("qa/trail: a published research paper without peer reviewers")
    func peerReviewers() throws {
        let bad = try diagnostics(Self.product("rp", type: "research-paper", status: "published"))
        #expect(places(bad, rule: "qa/trail") == ["content/rp.md:9:9"], "\(bad)")
        #expect(try diagnostics(Self.product("rp", type: "research-paper", status: "published", extra: "peer_reviewers: [Li Wei]\n")).isEmpty)
    }

    @Test("recommendation/duplicate-id within one product")
    func recommendationIDs() throws {
        let recommendations = { (second: String) in
            """
            recommendations:
              - {id: R1, text: Train monitors first., owner: co-ke, due: 2025-01-01, status: open}
              - {id: \(second), text: Budget for travel., owner: co-ke, due: 2025-01-01, status: open}

            """
        }
        let product = { (second: String) in
            Self.product("l", type: "lessons-learned-study", audience: "internal", extra: recommendations(second))
        }
        let bad = try diagnostics(product("R1"))
        #expect(places(bad, rule: "recommendation/duplicate-id") == ["content/l.md:13:10"], "\(bad)")
        #expect(try diagnostics(product("R2"), now: "2024-12-01").isEmpty)
    }

    @Test("lessons/overdue: an open or in-progress recommendation past its due date, at its `due`")
    func overdueRecommendations() throws {
        let product = Self.product("l", type: "lessons-learned-study", audience: "internal", extra: """
            recommendations:
              - {id: R1, text: Train monitors first., owner: co-ke, due: 2025-01-01, status: open}
              - {id: R2, text: Budget for travel., owner: co-ke, due: 2025-03-01, status: in-progress}
              - {id: R3, text: Publish a checklist., owner: co-ke, due: 2025-01-01, status: implemented, evidence: l}
              - {id: R4, text: Use satellites., owner: co-ke, due: 2025-01-01, status: not-accepted}

            """)
        let found = try diagnostics(product, now: "2025-02-01")
        #expect(places(found, rule: "lessons/overdue") == ["content/l.md:12:62"], "\(found)")
        let diagnostic = try #require(found.first { $0.rule.id == "lessons/overdue" })
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.message.contains("`R1`") && diagnostic.message.contains("31 days overdue") && diagnostic.message.contains("co-ke"))
        #expect(places(try diagnostics(product, now: "2025-03-02"), rule: "lessons/overdue") == ["content/l.md:12:62", "content/l.md:13:59"])
        #expect(places(try diagnostics(product, now: "2024-12-31"), rule: "lessons/overdue").isEmpty)
    }

    @Test("date/future: dates after today")
    func futureDates() throws {
        let bad = try diagnostics(Self.product("f", date: "2027-01-01", extra: "last_reviewed: 2030-05-05\n"))
        #expect(places(bad, rule: "date/future") == ["content/f.md:7:7", "content/f.md:12:16"], "\(bad)")
        #expect(try diagnostics(Self.product("f", date: "2026-11-23")).isEmpty)
    }

    @Test("attachment/missing: missing files and paths that leave the repository")
    func attachments() throws {
        let tool = { (paths: String) in
            Self.product("t", type: "programming-tool", extra: "attachments: [\(paths)]\n")
        }
        let bad = try diagnostics(tool("content/files/missing.csv, ../../etc/passwd") + "-- content/files/ok.csv --\na,b\n")
        #expect(places(bad, rule: "attachment/missing") == ["content/t.md:11:15", "content/t.md:11:42"], "\(bad)")
        #expect(try diagnostics(tool("content/files/ok.csv") + "-- content/files/ok.csv --\na,b\n").isEmpty)
    }

    @Test("body links and images resolve; public bodies do not link to internal products")
    func bodyLinks() throws {
        let body = "## Sources\n\nSee [the note](b.md), [the other](atrium:b), [gone](missing.md), [nothing](atrium:nope),\n[secret](atrium:secret) and ![A chart](files/chart.svg) ![Missing](files/none.png).\n"
        let files = Self.product("a").replacingOccurrences(of: "Body.\n", with: body) + Self.product("b")
            + Self.product("secret", audience: "internal") + "-- content/files/chart.svg --\n<svg/>\n"
        let bad = try diagnostics(files)
        #expect(places(bad, rule: "ref/unresolved") == ["content/a.md:15:46", "content/a.md:15:66", "content/a.md:16:57"], "\(bad)")
        #expect(places(bad, rule: "ref/internal-from-public") == ["content/a.md:16:1"], "\(bad)")
        let good = try diagnostics(Self.product("a").replacingOccurrences(of: "Body.\n", with: "See [the note](b.md#part) and [the other](atrium:b).\n") + Self.product("b"))
        #expect(good.isEmpty, "\(good)")
    }

    @Test("accessibility of bodies: alt text, heading levels, link text")
    func accessibility() throws {
        let body = "## Part\n\n#### Too deep\n\n![](files/chart.svg) and [click here](https://example.org).\n"
        let bad = try diagnostics(Self.product("a").replacingOccurrences(of: "Body.\n", with: body) + "-- content/files/chart.svg --\n<svg/>\n")
        #expect(places(bad, rule: "a11y/heading-skip") == ["content/a.md:15:1"], "\(bad)")
        #expect(places(bad, rule: "a11y/image-alt") == ["content/a.md:17:1"], "\(bad)")
        #expect(places(bad, rule: "a11y/link-text") == ["content/a.md:17:26"], "\(bad)")
        let fixed = "## Part\n\n### Deeper\n\n![Unpaid care hours](files/chart.svg) and [the survey site](https://example.org).\n"
        #expect(try diagnostics(Self.product("a").replacingOccurrences(of: "Body.\n", with: fixed) + "-- content/files/chart.svg --\n<svg/>\n").isEmpty)
    }

    @Test("a11y/link-text: case, surrounding spaces and closing punctuation do not hide a vague text; longer texts pass")
    func vagueLinkTexts() throws {
        let body = "[  Click HERE!  ](https://example.org) [read more\u{2026}](https://example.org) "
            + "[\u{A0}here.\u{A0}](https://example.org) [click here for the survey](https://example.org)\n"
        let bad = try diagnostics(Self.product("a").replacingOccurrences(of: "Body.\n", with: body))
        #expect(bad.filter { $0.rule.id == "a11y/link-text" }.map(\.message) == [
            "link text \"  Click HERE!  \" does not say where the link leads",
            "link text \"\u{A0}here.\u{A0}\" does not say where the link leads",
        ], "\(bad)")
    }

    @Test("id/collision: ids that differ only in case or Unicode normalization")
    func collisions() throws {
        func file(_ name: String) -> String {
            Self.product("x").replacingOccurrences(of: "-- content/x.md --", with: "-- content/\(name).md --")
                .replacingOccurrences(of: "id: x\n", with: "")
        }
        let bad = try diagnostics(file("Report-2024") + file("report-2024") + file("caf\u{E9}") + file("cafe\u{301}"))
        #expect(Set(places(bad, rule: "id/collision")) == ["content/report-2024.md:1:1", "content/cafe\u{301}.md:1:1"], "\(bad)")
        #expect(bad.filter { $0.rule.id == "id/collision" }.allSatisfy { $0.notes.count == 1 })
        let good = try diagnostics(file("report-2024") + file("report-2025") + file("caf\u{E9}"))
        #expect(good.isEmpty, "\(good)")
    }

    @Test("severities are set per rule in atrium.yml; unreadable-file rules stay errors")
    func severities() throws {
        let files = Self.product("a").replacingOccurrences(of: "Body.\n", with: "[click here](https://example.org)\n")
            + Self.product("b", extra: "related: [nothing]\n")
        let defaults = try diagnostics(files)
        #expect(defaults.map { "\($0.rule.id)=\($0.severity.rawValue)" }.sorted() == ["a11y/link-text=warning", "ref/unresolved=error"])
        let changed = try diagnostics(files, rules: "rules: {a11y/link-text: error, ref/unresolved: off}\n")
        #expect(changed.map { "\($0.rule.id)=\($0.severity.rawValue)" } == ["a11y/link-text=error"])
        let policy = SeverityPolicy(overrides: ["yaml/syntax": .off])
        #expect(policy.severity(for: .yamlSyntax, default: .error) == .error)
    }

    @Test("the bundled content breaks no rule, but keeps its ten overdue recommendations for the lessons report to find")
    func bundledContent() throws {
        let configuration = try #require(ConfigurationLoader().load(root: PackagePaths.root.path).configuration)
        let sink = DiagnosticSink()
        let repository = RepositoryLoader().load(root: PackagePaths.root.path, configuration: configuration, sink: sink)
        let schemas = SchemaSet.load(root: PackagePaths.root.path, configuration: configuration, fileSystem: LocalFileSystem(), sink: sink)
        RepositoryValidator(schemas: schemas).validate(repository, now: CalendarDate(iso: "2026-11-23"), sink: sink)
        let overdue = sink.diagnostics.filter { $0.rule == .lessonsOverdue }
        #expect(overdue.count == 10 && overdue.allSatisfy { $0.severity == .warning })
        #expect(sink.diagnostics.filter { $0.rule != .lessonsOverdue }.isEmpty, "\(sink.diagnostics)")
    }
}
