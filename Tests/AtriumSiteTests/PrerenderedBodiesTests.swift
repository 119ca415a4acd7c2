import AtriumCore
import AtriumContent
@testable import AtriumSite
import Foundation
import Testing
import TestSupport

/// `atrium build` renders each page's body from the parse the check's link rules make
/// (`PrerenderedBodies`); a build without it parses every body again. Both must give the same
/// site, byte for byte, and the same warnings, for either audience.
@Suite("bodies rendered during the check")
struct PrerenderedBodiesTests {
    @Test("a build from the check's parse equals one that parses every body again, in both audiences")
    func sameSite() throws {
        for seed in [UInt64(101), 102, 103] {
            let repository = try CanaryRepository(seed: seed)
            defer { repository.remove() }
            let now = try #require(CalendarDate(iso: CanaryRepository.now))
            let history = CheckPipeline.HistoryMode.git(allowShallow: false, useCache: false)
            for audience in SiteAudience.allCases {
                let bodies = PrerenderedBodies(audience: audience, baseURL: nil, now: now)
                let hooked = CheckPipeline().run(.init(root: repository.root.path, now: now, history: history,
                                                       bodyHook: { bodies.prepare($0) }))
                let plain = CheckPipeline().run(.init(root: repository.root.path, now: now, history: history))
                #expect(hooked.report.diagnostics == plain.report.diagnostics)
                let sites = repository.root.path + ".sites-\(audience.rawValue)"
                defer { try? FileManager.default.removeItem(atPath: sites) }
                let policy = plain.repository?.configuration.severityPolicy ?? SeverityPolicy()
                let (hookedSink, plainSink) = (DiagnosticSink(policy: policy), DiagnosticSink(policy: policy))
                _ = try PortalBuilder().build(hooked, options: .init(output: sites + "/a", audience: audience, now: now, prerendered: bodies),
                                              sink: hookedSink)
                _ = try PortalBuilder().build(plain, options: .init(output: sites + "/b", audience: audience, now: now), sink: plainSink)
                let (a, b) = (try Self.files(of: sites + "/a"), try Self.files(of: sites + "/b"))
                let pages = a.keys.filter { $0.hasPrefix("products/") && $0.hasSuffix("/index.html") }.count
                // The check's parse really rendered every product page's body, and nothing else.
                #expect(pages > 0 && bodies.renderedCount == pages, "seed \(seed), \(audience): \(bodies.renderedCount) bodies for \(pages) pages")
                #expect(a.keys.sorted() == b.keys.sorted(), "seed \(seed), \(audience)")
                for (path, data) in a where b[path] != data {
                    Issue.record("seed \(seed), \(audience): `\(path)` differs")
                }
                #expect(hookedSink.diagnostics == plainSink.diagnostics, "seed \(seed), \(audience)")
                // The build used the hook's site context (so the comparison above covers it), and
                // a build that differs in anything the context depends on would not.
                let loaded = try #require(hooked.repository)
                let baseURL = PortalBuilder.normalizedBaseURL(loaded.configuration.site.baseURL)
                #expect(bodies.context(for: loaded, audience: audience, baseURL: baseURL, now: now) != nil)
                let other: SiteAudience = audience == .public ? .internal : .public
                #expect(bodies.context(for: loaded, audience: other, baseURL: baseURL, now: now) == nil)
                #expect(bodies.context(for: loaded, audience: audience, baseURL: baseURL + "x/", now: now) == nil)
                #expect(bodies.context(for: loaded, audience: audience, baseURL: baseURL, now: now.adding(days: 1)) == nil)
                var fewer = loaded
                fewer.products.removeLast()
                #expect(bodies.context(for: fewer, audience: audience, baseURL: baseURL, now: now) == nil)
            }
        }
    }

    static func files(of directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: directory) ?? NSEnumerator() {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: directory + "/" + path)
            }
        }
        return files
    }
}
