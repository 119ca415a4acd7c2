import Foundation
import Testing
import TestSupport

/// `atrium serve` end to end over loopback: pages with live reload, a change seen after a rebuild
/// that rewrites only what changed, build errors shown (escaped) in the page, and a clean stop.
@Suite("atrium serve (binary)", .serialized)
struct ServeCommandTests {
    static func repository() throws -> FixtureRepository {
        let fixture = try FixtureRepository(BuildCommandTests.configuration
            + BuildCommandTests.product("pn-first", title: "First practice on rosters")
            + BuildCommandTests.product("pn-second", title: "Second practice on rosters"),
            copyingSchemas: true, copyingTemplates: true)
        try fixture.commitAll(date: "2024-03-02T00:00:00Z")
        return fixture
    }

    @Test("serve: fetch a page, change a file, see the change, see an error in the page, fix it, stop")
    func servesAndRebuilds() async throws {
        let fixture = try Self.repository()
        defer { fixture.remove() }
        let server = try ServeProcess(["--root", fixture.path, "--now", "2024-05-01"])
        defer { server.stop() }
        #expect(server.address.host == "127.0.0.1")

        let page = try await server.fetch("products/pn-first/")
        #expect(page.status == 200)
        #expect(page.body.contains("First practice on rosters"))
        // The reload script is external, as the portal's Content-Security-Policy demands.
        #expect(page.body.contains("<script src=\"/_atrium/reload.js\" data-generation="))
        let script = try await server.fetch("_atrium/reload.js")
        #expect(script.status == 200 && script.body.contains("/_atrium/reload?since="))
        #expect(try await server.fetch("assets/site.css").status == 200)
        #expect(try await server.fetch("products/pn-nothing/").status == 404)

        // One product changes: the page shows it, and far from every file is rewritten.
        let path = "content/practice-note/pn-first.md"
        let original = try String(contentsOf: fixture.root.appendingPathComponent(path), encoding: .utf8)
        try fixture.write(original.replacingOccurrences(of: "First practice on rosters", with: "Renamed practice on rosters"), to: path)
        let changed = try await server.fetch("products/pn-first/") { _, body in body.contains("Renamed practice on rosters") }
        #expect(changed.body.contains("Renamed practice on rosters"))
        let rebuilt = try #require(try await server.outputLine(containing: "\(path) changed"), "\(server.standardOutputText)")
        let counts = try #require(rebuilt.firstMatch(of: /(\d+) of (\d+) files rewritten/))
        #expect(Int(counts.1)! < Int(counts.2)!, "\(rebuilt)")

        // A check error replaces every page with the diagnostics, escaped, until it is fixed.
        try fixture.write(original.replacingOccurrences(of: "status: published", with: "status: <published>"), to: path)
        let broken = try await server.fetch("products/pn-second/") { status, _ in status == 500 }
        #expect(broken.status == 500)
        #expect(broken.body.contains("\(path):"))
        #expect(broken.body.contains("&lt;published&gt;"))
        #expect(!broken.body.contains("<published>"))
        #expect(broken.body.contains("/_atrium/reload.js"))
        try fixture.write(original, to: path)
        let fixed = try await server.fetch("products/pn-first/") { status, _ in status == 200 }
        #expect(fixed.body.contains("First practice on rosters"))

        #expect(server.stop() == 0)
    }

    @Test("the reload endpoint answers at once with a newer generation and holds the request while nothing changes")
    func reloadEndpoint() async throws {
        let fixture = try Self.repository()
        defer { fixture.remove() }
        let server = try ServeProcess(["--root", fixture.path, "--now", "2024-05-01", "--audience", "public"])
        defer { server.stop() }
        let current = try await server.fetch("_atrium/reload?since=-1")
        let generation = try #require(Int(current.body))
        let started = Date()
        async let waited = server.fetch("_atrium/reload?since=\(generation)")
        try await Task.sleep(nanoseconds: 500_000_000)
        try fixture.write("# touched\n" + (try String(contentsOf: fixture.root.appendingPathComponent("atrium.yml"), encoding: .utf8)),
                          to: "atrium.yml")
        let next = try await waited
        #expect(Int(next.body) == generation + 1)
        #expect(Date().timeIntervalSince(started) >= 0.5)
    }
}
