import AtriumContent
import AtriumCore
@testable import AtriumSite
import Foundation
import TestSupport
import Testing

@Suite("portal pieces")
struct PortalUnitTests {
    @Test("search terms: lowercase, accents and Arabic vowel signs removed, split on anything but letters and digits")
    func tokens() {
        #expect(SearchIndexBuilder.tokens("Gender-Responsive Budgeting, 2025!") == ["gender", "responsive", "budgeting", "2025"])
        #expect(SearchIndexBuilder.tokens("Médiatrices à l’échelle — Côte d'Ivoire") == ["mediatrices", "echelle", "cote", "ivoire"])
        // كِتَاب with its vowel signs is the same term as كتاب without them.
        #expect(SearchIndexBuilder.tokens("كِتَاب") == SearchIndexBuilder.tokens("كتاب"))
        // Folding is the same on both sides, so й (и with a breve) matches either spelling.
        #expect(SearchIndexBuilder.tokens("a I x9 Русский") == ["x9", "русскии"])
        #expect(SearchIndexBuilder.shardKey("zebras") == "7a65")
        #expect(SearchIndexBuilder.shardKey("éte") == SearchIndexBuilder.shardKey("ét"))
    }

    @Test("a body's most frequent words are the same as counting every token in a dictionary, in any script")
    func mostFrequentWords() {
        // The counter works on bytes and splits words beyond ASCII once each; the dictionary of
        // `tokens` is the plain definition it must agree with, ties and stop words included.
        let words = ["the", "and", "Budget", "budget", "BUDGET", "x9", "ab", "abc", "Médiatrices", "médiatrices", "à", "l’échelle",
                     "échelle", "Côte", "d'Ivoire", "كِتَاب", "كتاب", "Русский", "русскии", "ΟΔΟΣ", "οδος", "été", "ete", "2025",
                     "gender-responsive", "zoë", "zoe", "Zoë’s", "naïve", "—", "e\u{301}te", "ﬁnance", "finance", "ǅemal"]
        var generator = SplitMix64(seed: 7)
        for round in 0..<200 {
            var text = ""
            for _ in 0..<Int(generator.next() % 400) {
                text += words[Int(generator.next() % UInt64(words.count))]
                text += [" ", ", ", ".\n", " — ", "’", "-", "\u{00A0}"][Int(generator.next() % 7)]
            }
            var counts: [String: Int] = [:]
            SearchIndexBuilder.forEachToken(text) { term, _ in
                guard term.unicodeScalars.count > 2, !SearchIndexBuilder.stopWords.contains(term) else { return }
                counts[term, default: 0] += 1
            }
            let expected = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(12).map(\.key)
            var counter = WordCounter()
            counter.count(text)
            #expect(counter.mostFrequent(12) == expected, "round \(round)")
        }
    }

    @Test("headings get unique anchors in any script, and the HTML carries them")
    func headingAnchors() {
        let rendered = MarkdownRenderer().render("## Scope\n\ntext `<h2>`\n\n## Scope\n\n### Ámbito y límites\n\n## ?!\n")
        #expect(rendered.headings.map(\.anchor) == ["scope", "scope-1", "ámbito-y-límites", "section"])
        #expect(rendered.html.contains("<h2 id=\"scope\">Scope</h2>"))
        #expect(rendered.html.contains("<h2 id=\"scope-1\">Scope</h2>"))
        #expect(rendered.html.contains("<code>&lt;h2&gt;</code>"))
        #expect(rendered.text.contains("text"))
    }

    @Test("template outline: sections nest, names keep their line and column, mismatches are syntax errors")
    func outline() throws {
        let outline = try TemplateOutline(parsing: "a\n{{#list}}\n  {{ name }}{{{raw}}}{{! note }}\n{{/list}}{{> part}}")
        #expect(outline.tags.map(\.name) == ["list", "part"])
        let inner = outline.tags[0].children
        #expect(inner.map(\.name) == ["name", "raw"])
        #expect((inner[0].line, inner[0].column) == (3, 3))
        #expect(throws: TemplateOutline.SyntaxError.self) { try TemplateOutline(parsing: "{{#a}}{{/b}}") }
        #expect(throws: TemplateOutline.SyntaxError.self) { try TemplateOutline(parsing: "{{#a}}") }
        #expect(throws: TemplateOutline.SyntaxError.self) { try TemplateOutline(parsing: "{{name") }
        let delimiters = try TemplateOutline(parsing: "{{=<% %>=}}<% title %>{{ignored}}")
        #expect(delimiters.tags.map(\.name) == ["title"])
    }

    @Test("the search index's JSON is byte for byte what JSONSerialization writes")
    func searchJSON() throws {
        let text = "x\u{01}\u{1F}\u{7F}\"\\/\n\r\t\u{08}\u{0C} é 😀 \u{2028} كتاب </script>"
        let values: [Any] = [
            [["a/b/", text, "", "Guidance note", "2024-01-31", "ar", "overdue"]] as [[String]],
            ["version": 1, "docCount": 2, "docFacets": [[0, 2], [], [-1]] as [[Int]], "B": true, "b": false, "a10": "x", "a9": [text, 3] as [Any],
             "facets": [["key": "type", "values": [["id": "é", "label": text]]]] as [Any]] as [String: Any],
        ]
        for value in values {
            let expected = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
            #expect(SearchIndexBuilder.json(value) == expected,
                    "\(String(decoding: SearchIndexBuilder.json(value), as: UTF8.self)) != \(String(decoding: expected, as: UTF8.self))")
        }
    }

    @Test("pagination links the first and last pages and two either side of the current one, filling one-page gaps")
    func paginationWindow() {
        #expect(PortalBuilder.pageNumbersShown(current: 1, total: 1) == [1])
        #expect(PortalBuilder.pageNumbersShown(current: 2, total: 5) == [1, 2, 3, 4, 5])
        #expect(PortalBuilder.pageNumbersShown(current: 1, total: 33) == [1, 2, 3, 33])
        #expect(PortalBuilder.pageNumbersShown(current: 4, total: 33) == [1, 2, 3, 4, 5, 6, 33])
        #expect(PortalBuilder.pageNumbersShown(current: 17, total: 33) == [1, 15, 16, 17, 18, 19, 33])
        #expect(PortalBuilder.pageNumbersShown(current: 31, total: 33) == [1, 29, 30, 31, 32, 33])
        #expect(PortalBuilder.pageNumbersShown(current: 33, total: 33) == [1, 31, 32, 33])
        // Every page reaches every other within a few steps, and each page links to itself as current.
        let model = PortalBuilder.pagination(17, of: (1...33).map { "t/page/\($0)/" }, root: "../../")
        let pages = model["window"] as? [[String: Any]] ?? []
        #expect((model["pages"] as? [[String: Any]])?.count == 33)
        #expect(pages.compactMap { $0["isGap"] as? Bool }.filter { $0 }.count == 2)
        #expect(pages.filter { $0["isCurrent"] as? Bool == true }.compactMap { $0["href"] as? String } == ["../../t/page/17/"])
        #expect((model["previous"] as? [String: Any])?["href"] as? String == "../../t/page/16/")
    }

    @Test("page paths: relative roots and files, percent-encoded ids")
    func paths() {
        #expect(SiteContext.root(for: "") == "./")
        #expect(SiteContext.root(for: "products/x/") == "../../")
        #expect(SiteContext.file(for: "products/%C3%A9t%C3%A9/") == "products/été/index.html")
        #expect(SiteContext.urlSegment("été") == "%C3%A9t%C3%A9")
        #expect(LinkDestination.hasScheme("https://x") && LinkDestination.hasScheme("mailto:a@b") && !LinkDestination.hasScheme("../x.md")
                && !LinkDestination.hasScheme("1x:y") && !LinkDestination.hasScheme("x.md"))
    }
}

@Suite("SVG rewritten to drawing")
struct SVGSanitizerTests {
    @Test("drawing is kept, attributes sorted; scripts, handlers, foreign content, animation and outside references go")
    func sanitize() throws {
        let svg = """
            <?xml version="1.0"?><!-- made by hand --><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:ev="http://www.w3.org/2001/xml-events" onload="x()" width="10">
            <title>T &amp; <![CDATA[<b>]]></title><script>x()</script><g id="a"><rect y="1" x="2" ONCLICK="x()" style="fill:url(#g)"/></g>
            <use href="#a"/><use xlink:href="other.svg#a"/><a href="javascript:x()">j</a><a xlink:href="https://example.org/">w</a>
            <image href="data:image/png;base64,AAAA"/><image href="data:image/svg+xml,&lt;svg/&gt;"/><foreignObject><p>x</p></foreignObject>
            <animate attributeName="href" to="javascript:x()"/><text fill="javascript:x()" ev:event="load">t</text></svg>
            """
        let clean = String(decoding: try #require(SVGSanitizer.sanitize(Data(svg.utf8))), as: UTF8.self)
        #expect(clean == """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg width="10" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
            <title>T &amp; &lt;b&gt;</title><g id="a"><rect style="fill:url(#g)" x="2" y="1"></rect></g>
            <use href="#a"></use><use></use><a>j</a><a xlink:href="https://example.org/">w</a>
            <image href="data:image/png;base64,AAAA"></image><image></image>
            <text>t</text></svg>

            """)
        #expect(SVGSanitizer.sanitize(Data("<!DOCTYPE svg [<!ENTITY a \"b\">]><svg>&a;</svg>".utf8)) == nil, "entity declarations")
        #expect(SVGSanitizer.sanitize(Data("<html><script>x()</script></html>".utf8)) == nil, "not an SVG")
        #expect(SVGSanitizer.sanitize(Data("<svg><rect></svg>".utf8)) == nil, "not well-formed")
    }
}
