import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport

/// Issue #10: hostile products (Tests/Fixtures/hostile-repository.txtar) must not run script in
/// the portal. First line of defence, checked here on the files: content is escaped or dropped,
/// so no page has a handler attribute, an inline or foreign script, a script address, a frame,
/// and Mustache delimiters in content stay literal; attachments that would run (web pages,
/// entity-laden SVG) are not published and SVG is rewritten to drawing. Second line: every page
/// carries a Content-Security-Policy that forbids inline script. Then Tests/browser/hostile_test.py
/// loads every page, file and a search in headless Chromium and watches for any vector running.
@Suite("hostile content (binary and headless Chromium)")
struct HostileContentTests {
    static let now = "2024-05-01"

    /// The hostile repository, committed by an author whose name and address try to break out too.
    static func repository() throws -> FixtureRepository {
        let text = try String(contentsOf: PackagePaths.root.appendingPathComponent("Tests/Fixtures/hostile-repository.txtar"), encoding: .utf8)
        let fixture = try FixtureRepository(text, copyingSchemas: true)
        try fixture.commitAll(message: "Add hostile products", date: "2024-03-15T10:00:00Z",
                              author: "Mallory \"img src=x onerror=top.__pwned=1801 &lt;b&gt; <m\"onmouseover=\"top.__pwned=1802\"@example.org>")
        return fixture
    }

    /// Builds both audiences; returns their folders.
    static func build(_ fixture: FixtureRepository) throws -> [String: String] {
        var sites: [String: String] = [:]
        for audience in ["public", "internal"] {
            let out = fixture.path + "-\(audience)"
            let result = try PackagePaths.atrium(["build", "--root", fixture.path, "--out", out, "--now", now, "--audience", audience, "--quiet"])
            try #require(result.status == 0, "\(result.standardError)")
            sites[audience] = out
        }
        return sites
    }

    /// A start tag's name and attributes, read the way an HTML parser reads them.
    struct Tag {
        var name: String
        var attributes: [(name: String, value: String)]
    }

    static func tags(in html: String) -> [Tag] {
        let tagPattern = #/<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>/#
        let attributePattern = #/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/#
        return html.matches(of: tagPattern).map { match in
            let attributes = String(match.output.2).matches(of: attributePattern).map { attribute in
                (String(attribute.output.1).lowercased(), String(attribute.output.2 ?? attribute.output.3 ?? attribute.output.4 ?? ""))
            }
            return Tag(name: String(match.output.1).lowercased(), attributes: attributes)
        }
    }

    /// `&#106;avascript:` → `javascript:`, whitespace and controls dropped, lowercase: how a browser reads an address.
    static func address(_ value: String) -> String {
        var decoded = value.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&colon;", with: ":")
        while let match = decoded.firstMatch(of: #/&#(x?)([0-9a-fA-F]+);/#) {
            let number = UInt32(match.output.2, radix: match.output.1.isEmpty ? 10 : 16) ?? 32
            decoded.replaceSubrange(match.range, with: String(Character(Unicode.Scalar(number) ?? " ")))
        }
        return String(String.UnicodeScalarView(decoded.unicodeScalars.filter { !$0.properties.isWhitespace && $0.value >= 0x20 })).lowercased()
    }

    /// What in a page could run script, were it not for the CSP.
    static func problems(in html: String, page: String) -> [String] {
        var problems: [String] = []
        for tag in tags(in: html) {
            for (name, value) in tag.attributes {
                if name.hasPrefix("on") { problems.append("\(page): <\(tag.name)> has the handler \(name)") }
                if ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc", "background"].contains(name),
                   ["javascript:", "vbscript:", "data:"].contains(where: address(value).hasPrefix) {
                    problems.append("\(page): <\(tag.name) \(name)=\"\(value.prefix(40))\">")
                }
            }
            if ["iframe", "frame", "object", "embed", "applet", "base", "foreignobject", "math", "style", "textarea"].contains(tag.name) {
                problems.append("\(page): a <\(tag.name)> element")
            }
            if tag.name == "meta", tag.attributes.contains(where: { $0.name == "http-equiv" && $0.value.lowercased() == "refresh" }) {
                problems.append("\(page): a refresh <meta>")
            }
            if tag.name == "script" {
                let source = tag.attributes.first { $0.name == "src" }?.value ?? ""
                if !source.hasSuffix("assets/search.js") { problems.append("\(page): a script other than search.js: src=\"\(source)\"") }
            }
        }
        return problems
    }

    @Test("hostile content is escaped or dropped in every page and file, every page has the CSP, and Mustache in content stays literal")
    func markupIsNeutralized() throws {
        let fixture = try Self.repository()
        defer { fixture.remove() }
        let sites = try Self.build(fixture)
        defer { for site in sites.values { try? FileManager.default.removeItem(atPath: site) } }
        for (audience, site) in sites.sorted(by: { $0.key < $1.key }) {
            let files = try BuildCommandTests.files(of: site)
            let pages = files.filter { $0.key.hasSuffix(".html") }
            #expect(pages.count > 30)
            for (path, data) in pages.sorted(by: { $0.key < $1.key }) {
                let html = String(decoding: data, as: UTF8.self)
                let page = "\(audience)/\(path)"
                let head = html.components(separatedBy: "<title>").first ?? ""
                let policy = head.firstMatch(of: #/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/#)?.output.1
                #expect(policy.map { $0.contains("script-src 'self'") && !$0.contains("unsafe") && $0.contains("object-src 'none'")
                        && $0.contains("base-uri 'none'") } == true, "\(page): no CSP before <title>: \(policy ?? "none")")
                for problem in Self.problems(in: html, page: page) { Issue.record("\(problem)") }
            }
            // Attachments: the web page and the entity-laden SVG are withheld, the hostile SVG is rewritten to drawing.
            let folder = "files/content/attachments/tool-pwnvector-files/"
            #expect(files[folder + "page.html"] == nil && files[folder + "entity.svg"] == nil)
            #expect(files[folder + "data.csv"] != nil && files[folder + "clean.svg"] != nil)
            let chart = String(decoding: try #require(files[folder + "chart.svg"]), as: UTF8.self)
            for forbidden in ["<script", "onload", "onclick", "onmouseover", "javascript:", "foreignObject", "<animate", "<set", "handler",
                              "data:image/svg", "<!DOCTYPE", "xml-stylesheet", "<!--"] {
                #expect(!chart.contains(forbidden), "chart.svg still has \(forbidden): \(chart)")
            }
            #expect(chart.contains("<rect fill=\"#7a3e9d\" height=\"50\" width=\"100\"></rect>") && chart.contains("&lt;script&gt; as text stays text"))
            // The feed is well-formed XML whatever the titles hold.
            let feed = XMLParser(data: try #require(files["feed.xml"]))
            #expect(feed.parse(), "\(audience) feed.xml: \(String(describing: feed.parserError))")
            // Mustache written in content is shown as written, not evaluated.
            let mustache = String(decoding: try #require(files["products/tm-pwnvector-mustache/index.html"]), as: UTF8.self)
            for literal in ["{{site.title}}", "{{{bodyHTML}}}", "{{&amp;bodyHTML}}", "{{#page}}{{title}}{{/page}}", "{{&gt; header}}",
                            "{{! comment }}", "&lt;% site.title %&gt;"] {
                #expect(mustache.contains(literal), "\(audience): `\(literal)` is not shown as written")
            }
            #expect(mustache.contains("<h1>pwnvector {{site.title}} {{{bodyHTML}}} {{&gt; header}}</h1>"))
        }
    }

    @Test("the markup check reads attributes as a browser does: handlers and encoded script addresses, not text that merely looks like them")
    func markupCheckSelfTest() {
        let html = #"<p title="x onclick=y">a onclick=b</p><img alt='z' src=x onerror=y><a href="&#106;ava&#x73;cript:x">l</a><a href="https://x">ok</a>"#
        #expect(Self.problems(in: html, page: "p") == ["p: <img> has the handler onerror", "p: <a href=\"&#106;ava&#x73;cript:x\">"])
    }

    @Test("no script from hostile content runs in headless Chromium, on any page, file or search (Tests/browser/hostile_test.py)",
          .enabled(if: BrowserTests.browserAvailable || BrowserTests.required, "Chromium and ChromeDriver are not installed (.ci/setup installs them)"))
    func noScriptRunsInBrowser() throws {
        let fixture = try Self.repository()
        defer { fixture.remove() }
        let sites = try Self.build(fixture)
        defer { for site in sites.values { try? FileManager.default.removeItem(atPath: site) } }
        let result = try ProcessRunner.run("python3", [
            PackagePaths.root.appendingPathComponent("Tests/browser/hostile_test.py").path,
            "--site", "public=\(sites["public"]!)", "--site", "internal=\(sites["internal"]!)", "--query", "pwnvector",
        ])
        #expect(result.status == 0, "\(result.standardOutput.split(separator: "\n").filter { !$0.hasPrefix("PASS") }.joined(separator: "\n"))\n\(result.standardError)")
        #expect(result.standardOutput.contains(" 0 failed"), "\(result.standardOutput)")
        print(result.standardOutput.split(separator: "\n").suffix(2).joined(separator: "; "))
    }
}
