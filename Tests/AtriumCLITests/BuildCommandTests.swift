import Foundation
import Testing
import TestSupport

/// `atrium build` end to end: audiences, links, atomic writes, reproducibility, template checks.
@Suite("atrium build (binary)")
struct BuildCommandTests {
    static func product(_ id: String, type: String = "practice-note", audience: String = "public", status: String = "published",
                        title: String? = nil, language: String = "en", date: String = "2024-03-01", extra: String = "",
                        body: String = "## Scope\n\nBody text.\n") -> String {
        """
        -- content/\(type)/\(id).md --
        ---
        title: \(title ?? "Product \(id) title")
        type: \(type)
        summary: A summary of \(id) that is long enough for the standard.
        owner: hq-policy
        date: \(date)
        audience: \(audience)
        status: \(status)
        language: \(language)
        practice_area: partnerships
        \(extra)---
        \(body)

        """
    }

    static let configuration = """
    -- atrium.yml --
    site: {title: Test Portal, base_url: "https://portal.example.org/"}
    review_intervals: {practice-note: 36 months}
    languages: [en, fr, ar]
    taxonomies:
      units: [{id: hq-policy, name: Policy Division}]
      strategic_areas: [{id: peace-and-security, name: Peace and security}]

    """

    /// A public product, its French translation and an Arabic one, an internal product and a
    /// public draft, committed by two people whose e-mail addresses must never reach the public build.
    static func mixedRepository() throws -> FixtureRepository {
        let fixture = try FixtureRepository(configuration
            + product("pn-open", title: "Open practice on rosters", extra: "strategic_areas: [peace-and-security]\nrelated: [pn-open-fr]\n",
                      body: """
                      ## Scope

                      See [the French version](pn-open-fr.md), [the Arabic one](atrium:pn-open-ar#scope) and \
                      [a bad link](javascript:alert(1)). <script>alert("x")</script>

                      | a | b |
                      |---|---|
                      | ~~old~~ | https://example.org |

                      - [x] done
                      """)
            + product("pn-open-fr", title: "Pratique ouverte sur les registres", language: "fr", extra: "translation_of: pn-open\n")
            + product("pn-open-ar", title: "ممارسة مفتوحة بشأن السجلات", language: "ar", extra: "translation_of: pn-open\n")
            + product("pn-secret-internal", audience: "internal", title: "Zanzibar confidential roster practice",
                      extra: "related: [pn-open]\n")
            + product("pn-unpublished-draft", status: "draft", title: "Quokka draft practice"),
            copyingSchemas: true, copyingTemplates: true)
        try fixture.commitAll(message: "Add products", date: "2024-03-02T00:00:00Z", author: "Ada Writer <ada.secret@example.org>")
        try fixture.write(product("pn-secret-internal", audience: "internal", title: "Zanzibar confidential roster practice",
                                  extra: "related: [pn-open]\n", body: "## Scope\n\nRevised.\n").split(separator: "\n", maxSplits: 1)[1] + "",
                          to: "content/practice-note/pn-secret-internal.md")
        try fixture.commitAll(message: "Revise", date: "2024-04-02T00:00:00Z", author: "Bo Insider <bo.insider@example.org>")
        return fixture
    }

    /// Every file of a built site, path → bytes.
    static func files(of directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: directory))
        for case let path as String in enumerator {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: directory + "/" + path)
            }
        }
        return files
    }

    /// Builds the fixture into `out` and returns the site's files; the build must succeed.
    static func build(_ fixture: FixtureRepository, into out: String, _ extra: [String] = []) throws -> [String: Data] {
        let result = try PackagePaths.atrium(["build", "--root", fixture.path, "--out", fixture.path + "/" + out, "--now", "2024-05-01"] + extra)
        #expect(result.status == 0, "\(result.standardError)")
        return try files(of: fixture.path + "/" + out)
    }

    @Test("the public build holds nothing internal or unpublished in any file, and no git e-mail address")
    func publicBuildLeaksNothing() throws {
        let fixture = try Self.mixedRepository()
        defer { fixture.remove() }
        let files = try Self.build(fixture, into: "_site")
        #expect(files["products/pn-open/index.html"] != nil)
        #expect(files["products/pn-secret-internal/index.html"] == nil)
        #expect(files["products/pn-unpublished-draft/index.html"] == nil)
        for (path, data) in files {
            let text = String(decoding: data, as: UTF8.self)
            for secret in ["pn-secret-internal", "Zanzibar", "secret internal", "pn-unpublished-draft", "Quokka", "@example.org", "ada.secret",
                           "bo.insider"] {
                #expect(!text.contains(secret), "`\(secret)` leaked into the public build in \(path)")
            }
        }
        // Counts cover public products only: 3 of the 5.
        let manifestData = try #require(files["search/manifest.json"])
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        #expect(manifest["docCount"] as? Int == 3)
        let home = String(decoding: try #require(files["index.html"]), as: UTF8.self)
        #expect(home.contains("3 products"))
    }

    @Test("every page carries a Content-Security-Policy that forbids inline script, and no page has any")
    func contentSecurityPolicy() throws {
        let fixture = try Self.mixedRepository()
        defer { fixture.remove() }
        let files = try Self.build(fixture, into: "_site")
        let pages = files.filter { $0.key.hasSuffix(".html") }
        #expect(pages.count > 10)
        for (path, data) in pages {
            let html = String(decoding: data, as: UTF8.self)
            let policy = try #require(html.firstMatch(of: #/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/#)?.output.1, "\(path)")
            #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline") && policy.contains("object-src 'none'"), "\(path)")
            for script in html.matches(of: #/<script\b[^>]*>/#) {
                #expect(script.output.contains(" src="), "inline script in \(path): \(script.output)")
            }
            #expect(!html.contains(" onclick=") && !html.contains(" onload=") && !html.contains("javascript:"), "\(path)")
        }
    }

    @Test("the internal build has everything, marks internal products, and names contributors with their addresses")
    func internalBuild() throws {
        let fixture = try Self.mixedRepository()
        defer { fixture.remove() }
        let files = try Self.build(fixture, into: "_staff", ["--audience", "internal"])
        let secret = String(decoding: try #require(files["products/pn-secret-internal/index.html"]), as: UTF8.self)
        #expect(secret.contains("<span class=\"internal-mark\">Internal</span>"))
        #expect(secret.contains("mailto:bo.insider@example.org"))
        #expect(secret.contains("noindex"))
        let draft = String(decoding: try #require(files["products/pn-unpublished-draft/index.html"]), as: UTF8.self)
        #expect(draft.contains("Draft"))
        #expect(String(decoding: try #require(files["robots.txt"]), as: UTF8.self).contains("Disallow: /"))
    }

    @Test("bodies: links between products are rewritten, unsafe ones dropped, raw HTML not passed, headings anchored, RTL and translations")
    func productPages() throws {
        let fixture = try Self.mixedRepository()
        defer { fixture.remove() }
        let files = try Self.build(fixture, into: "_site")
        let open = String(decoding: try #require(files["products/pn-open/index.html"]), as: UTF8.self)
        #expect(open.contains("<a href=\"../../products/pn-open-fr/\">the French version</a>"))
        #expect(open.contains("<a href=\"../../products/pn-open-ar/#scope\">the Arabic one</a>"))
        #expect(!open.contains("javascript:"))
        #expect(open.contains("a bad link"))
        #expect(!open.contains("<script>alert"))
        #expect(open.contains("<h2 id=\"scope\">Scope</h2>"))
        #expect(open.contains("<del>old</del>"))
        #expect(open.contains("<a href=\"https://example.org\">https://example.org</a>"))
        #expect(open.contains("type=\"checkbox\""))
        // Translations link both ways, named in their own language.
        #expect(open.contains("hreflang=\"fr\" lang=\"fr\">Français</a>"))
        let arabic = String(decoding: try #require(files["products/pn-open-ar/index.html"]), as: UTF8.self)
        #expect(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(arabic.contains("<article class=\"product\" lang=\"ar\" dir=\"rtl\">"))
        #expect(arabic.contains("href=\"../../products/pn-open/\" hreflang=\"en\" lang=\"en\">English</a>"))
        #expect(arabic.contains("href=\"../../products/pn-open-fr/\" hreflang=\"fr\""))
        // Freshness and history from git.
        #expect(open.contains("<span class=\"badge badge--current\""))
        #expect(open.contains("Ada Writer"))
        // Feed, sitemap and robots name the base URL.
        #expect(String(decoding: try #require(files["feed.xml"]), as: UTF8.self).contains("<id>https://portal.example.org/products/pn-open/</id>"))
        #expect(String(decoding: try #require(files["sitemap.xml"]), as: UTF8.self).contains("<loc>https://portal.example.org/products/pn-open-ar/</loc>"))
        #expect(String(decoding: try #require(files["robots.txt"]), as: UTF8.self).contains("Sitemap: https://portal.example.org/sitemap.xml"))
        #expect(files["types/practice-note/index.html"] != nil)
        #expect(files["areas/peace-and-security/index.html"] != nil)
        #expect(files["404.html"] != nil)
    }

    @Test("two builds of the same commit with the same --now are byte-identical")
    func reproducible() throws {
        let fixture = try Self.mixedRepository()
        defer { fixture.remove() }
        for out in ["a", "b"] {
            let result = try PackagePaths.atrium(["build", "--root", fixture.path, "--out", fixture.path + "/" + out, "--now", "2024-05-01",
                                                  "--audience", "internal"])
            #expect(result.status == 0, "\(result.standardError)")
        }
        let first = try Self.files(of: fixture.path + "/a"), second = try Self.files(of: fixture.path + "/b")
        #expect(first.count > 20)
        #expect(first.keys.sorted() == second.keys.sorted())
        for (path, data) in first { #expect(second[path] == data, "\(path) differs between two builds") }
    }

    @Test("a build that fails leaves the previous site exactly as it was, and says why")
    func failedBuildKeepsPreviousSite() throws {
        let fixture = try Self.mixedRepository()
        defer { fixture.remove() }
        let out = fixture.path + "/_site"
        #expect(try PackagePaths.atrium(["build", "--root", fixture.path, "--out", out, "--now", "2024-05-01"]).status == 0)
        let before = try Self.files(of: out)

        // A check error: nothing is built.
        try fixture.write(Self.product("pn-broken", extra: "related: [no-such-product]\n").split(separator: "\n", maxSplits: 1)[1] + "",
                          to: "content/practice-note/pn-broken.md")
        let broken = try PackagePaths.atrium(["build", "--root", fixture.path, "--out", out, "--now", "2024-05-01"])
        #expect(broken.status == 1)
        #expect(broken.standardError.contains("content/practice-note/pn-broken.md"))
        #expect(broken.standardError.contains("not building: the check found 1 error"))
        #expect(try Self.files(of: out) == before)
        try FileManager.default.removeItem(atPath: fixture.path + "/content/practice-note/pn-broken.md")

        // A template typo: reported at its line, nothing written.
        let template = fixture.path + "/site-template/templates/card.mustache"
        let original = try String(contentsOfFile: template, encoding: .utf8)
        try original.replacingOccurrences(of: "{{summary}}", with: "{{sumary}}").write(toFile: template, atomically: true, encoding: .utf8)
        let typo = try PackagePaths.atrium(["build", "--root", fixture.path, "--out", out, "--now", "2024-05-01"])
        #expect(typo.status == 1)
        let line = try #require(original.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("{{summary}}") }) + 1
        #expect(typo.standardError.contains("site-template/templates/card.mustache:\(line):"), "\(typo.standardError)")
        #expect(typo.standardError.contains("template/unknown-name"))
        #expect(typo.standardError.contains("did you mean `summary`?"))
        #expect(try Self.files(of: out) == before)

        // A missing partial.
        try original.replacingOccurrences(of: "{{> badge}}", with: "{{> badges}}").write(toFile: template, atomically: true, encoding: .utf8)
        let partial = try PackagePaths.atrium(["build", "--root", fixture.path, "--out", out, "--now", "2024-05-01"])
        #expect(partial.status == 1)
        #expect(partial.standardError.contains("template/missing-partial"))
        #expect(partial.standardError.contains("there is no template `badges`"))
        #expect(try Self.files(of: out) == before)
        // No staging folder is left behind.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: fixture.path)
        #expect(!siblings.contains { $0.contains("atrium-tmp") }, "\(siblings)")
    }

    @Test("a typo inside a section that renders on no page of this build is still caught, and the previous site stays")
    func typoInUnusedSection() throws {
        let fixture = try Self.mixedRepository()
        defer { fixture.remove() }
        let out = fixture.path + "/_site"
        let first = try PackagePaths.atrium(["build", "--root", fixture.path, "--out", out, "--now", "2024-05-01"])
        #expect(first.status == 0, "\(first.standardError)")
        let before = try Self.files(of: out)
        #expect(before.keys.contains { $0.hasPrefix("products/") && $0.hasSuffix("/index.html") })
        // Nothing is overdue in this build, so the banner never renders; the typo is still an error.
        // Product pages are rendered into the staging folder before the check has seen every
        // model: the failed build must still leave the previous site as it was.
        let template = fixture.path + "/site-template/templates/product.mustache"
        let original = try String(contentsOfFile: template, encoding: .utf8)
        try original.replacingOccurrences(of: "{{dueDisplay}}</time>.", with: "{{dueDisplya}}</time>.")
            .write(toFile: template, atomically: true, encoding: .utf8)
        let result = try PackagePaths.atrium(["build", "--root", fixture.path, "--out", out, "--now", "2024-06-01"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("`dueDisplya`"), "\(result.standardError)")
        #expect(try Self.files(of: out) == before)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: fixture.path)
        #expect(!siblings.contains { $0.contains("atrium-tmp") }, "\(siblings)")
    }

    @Test("listings are paginated, and search shards hold each product's terms")
    func paginationAndSearch() throws {
        var text = Self.configuration
        for index in 0..<65 {
            text += Self.product(String(format: "pn-bulk-%02d", index), title: "Bulk practice number \(index) on zebras",
                                 date: String(format: "2023-%02d-%02d", index % 12 + 1, index % 28 + 1))
        }
        let fixture = try FixtureRepository(text, copyingSchemas: true, copyingTemplates: true)
        defer { fixture.remove() }
        try fixture.commitAll()
        let out = fixture.path + "/_site"
        let result = try PackagePaths.atrium(["build", "--root", fixture.path, "--out", out, "--now", "2024-05-01"])
        #expect(result.status == 0, "\(result.standardError)")
        let files = try Self.files(of: out)
        let third = String(decoding: try #require(files["types/practice-note/page/3/index.html"]), as: UTF8.self)
        #expect(third.contains("Page 3 of 3"))
        #expect(third.contains("rel=\"prev\" href=\"../../../../types/practice-note/page/2/\""))
        #expect(files["types/practice-note/page/4/index.html"] == nil)
        // "zebras" lives in the shard of "ze".
        let shardData = try #require(files["search/terms/7a65.json"])
        let shard = try #require(try JSONSerialization.jsonObject(with: shardData) as? [String: [Int]])
        #expect(shard["zebras"]?.count == 130)
    }

    @Test("build refuses an unusable --base-url")
    func badBaseURL() throws {
        let result = try PackagePaths.atrium(["build", "--root", PackagePaths.root.path, "--base-url", "not a url"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("--base-url must be an absolute http(s) address"))
    }
}
