import Foundation
import Testing
import TestSupport

/// `atrium report lessons|gaps|plans|experts` on the bundled content, and the dashboards in both builds.
@Suite("atrium report and dashboards (binary)")
struct InsightsCommandTests {
    static let root = PackagePaths.root.path

    static func report(_ arguments: [String]) throws -> String {
        let result = try PackagePaths.atrium(["report"] + arguments + ["--root", root, "--now", "2026-11-23"])
        #expect(result.status == 0, "\(arguments): \(result.standardError)")
        return result.standardOutput
    }

    @Test("every report prints in all four formats; JSON parses and CSV has one header", arguments: ["lessons", "gaps", "plans", "experts"])
    func formats(report name: String) throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(Self.report([name, "--format", "json"]).utf8)) as? [String: Any])
        #expect(!json.isEmpty)
        let csv = try Self.report([name, "--format", "csv"]).split(separator: "\n")
        #expect(csv.count > 1 && !csv.dropFirst().contains(csv[0]))
        #expect(try Self.report([name, "--format", "markdown"]).hasPrefix("# "))
        #expect(!(try Self.report([name])).isEmpty)
    }

    @Test("the bundled content's answers: ten overdue recommendations, Kenya's three late plan items, three profiles")
    func bundledAnswers() throws {
        let lessons = try #require(try JSONSerialization.jsonObject(with: Data(Self.report(["lessons", "--format", "json"]).utf8)) as? [String: Any])
        let totals = try #require(lessons["totals"] as? [String: Any])
        #expect(totals["total"] as? Int == 20 && totals["implemented"] as? Int == 7 && totals["overdue"] as? Int == 10)
        let overdueCSV = try Self.report(["lessons", "--overdue", "--owner", "co-mz", "--format", "csv"]).split(separator: "\n")
        #expect(overdueCSV.count == 4)
        let plans = try #require(try JSONSerialization.jsonObject(with: Data(Self.report(["plans", "--owner", "co-ke", "--format", "json"]).utf8)) as? [String: Any])
        let units = try #require(plans["units"] as? [[String: Any]])
        #expect(units.count == 1 && units[0]["planned"] as? Int == 4 && units[0]["late"] as? Int == 3)
        let experts = try #require(try JSONSerialization.jsonObject(with: Data(Self.report(["experts", "--format", "json"]).utf8)) as? [String: Any])
        let people = try #require(experts["experts"] as? [[String: Any]])
        #expect(people.filter { $0["profile"] is String }.count == 3)
    }

    @Test("a report on a folder without atrium.yml exits 2 and says why")
    func unusable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try PackagePaths.atrium(["report", "gaps", "--root", folder.path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("atrium.yml"))
    }

    @Test("a command that stops at once on a folder without atrium.yml exits 2 every time, never crashing while libgit2 starts")
    func stopsCleanlyWhileGitStarts() throws {
        // libgit2 starts on a thread of its own beside the configuration; a process that ended
        // before it had finished crashed in about one run in twenty (exit status 11).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var statuses: [Int32: Int] = [:]
        for run in 0..<120 {
            let command = run.isMultiple(of: 2) ? ["report", "gaps", "--root", folder.path] : ["check", "--root", folder.path]
            statuses[try PackagePaths.atrium(command).status, default: 0] += 1
        }
        #expect(statuses == [2: 120])
    }

    @Test("the public build has the freshness and gaps dashboards over public products only, and none of the internal ones")
    func dashboardsByAudience() throws {
        let fixture = try BuildCommandTests.mixedRepository()
        defer { fixture.remove() }
        let open = try BuildCommandTests.build(fixture, into: "_site")
        for page in ["insights/index.html", "freshness/index.html", "gaps/index.html"] { #expect(open[page] != nil, "\(page)") }
        for folder in ["lessons/", "plans/", "experts/"] {
            #expect(!open.keys.contains { $0.hasPrefix(folder) }, "\(folder) is in the public build")
        }
        let freshness = String(decoding: try #require(open["freshness/index.html"]), as: UTF8.self)
        #expect(freshness.contains("<svg") && freshness.contains("Current: <strong>3</strong>"))
        let insights = String(decoding: try #require(open["insights/index.html"]), as: UTF8.self)
        #expect(!insights.contains("lessons/") && !insights.contains("experts/"))
        let staff = try BuildCommandTests.build(fixture, into: "_staff", ["--audience", "internal"])
        for page in ["lessons/index.html", "plans/index.html", "experts/index.html"] { #expect(staff[page] != nil, "\(page)") }
        let experts = String(decoding: try #require(staff["experts/index.html"]), as: UTF8.self)
        #expect(experts.contains("mailto:ada.secret@example.org") && experts.contains("Bo Insider"))
        let staffFreshness = String(decoding: try #require(staff["freshness/index.html"]), as: UTF8.self)
        #expect(staffFreshness.contains("Current: <strong>5</strong>"))
    }
}
