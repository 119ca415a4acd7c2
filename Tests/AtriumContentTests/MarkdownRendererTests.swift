import AtriumContent
import Foundation
import Testing

@Suite("Markdown rendering")
struct MarkdownRendererTests {
    let renderer = MarkdownRenderer()

    @Test("GFM extensions: tables, strikethrough, autolinks, task lists, footnotes")
    func extensions() {
        let html = renderer.html("""
        | a | b |
        |---|--:|
        | 1 | 2 |

        ~~gone~~ and www.example.org

        - [x] done

        Text.[^1]

        [^1]: A note.
        """)
        #expect(html.contains("<table>"))
        #expect(html.contains("<td align=\"right\">2</td>"))
        #expect(html.contains("<del>gone</del>"))
        #expect(html.contains("<a href=\"http://www.example.org\">www.example.org</a>"))
        #expect(html.contains("type=\"checkbox\""))
        #expect(html.contains("footnote"))
    }

    @Test("safe mode: raw HTML is not passed through, script URLs are dropped")
    func safety() {
        let html = renderer.html("""
        <script>alert(1)</script>

        <img src=x onerror=alert(1)>

        [js](javascript:alert(1)) [vb](VBScript:x) [data](data:text/html;base64,PHNjcmlwdD4=) [spaced]( java\tscript:alert(1))

        ![pic](data:image/svg+xml;base64,PHN2Zz4=)
        """)
        #expect(!html.contains("<script"))
        #expect(!html.contains("onerror"))
        #expect(!html.lowercased().contains("javascript:"))
        #expect(!html.lowercased().contains("vbscript:"))
        #expect(!html.contains("data:"))
        #expect(html.contains("js"))
        #expect(html.contains("pic"), "an image without a safe source keeps its alt text")
    }

    @Test("links are rewritten by the caller; nil drops the link and keeps its text")
    func rewriting() {
        let html = renderer.html("See [the note](../guidance-note/x.md#part), [it](atrium:y) and [gone](atrium:nope).") { destination in
            switch destination {
            case "../guidance-note/x.md#part": return "/products/x/#part"
            case "atrium:y": return "/products/y/"
            default: return nil
            }
        }
        #expect(html == "<p>See <a href=\"/products/x/#part\">the note</a>, <a href=\"/products/y/\">it</a> and gone.</p>\n")
    }

    /// Found by fuzz-markdown: dropping the outer image freed the inner one, which was edited next.
    @Test("images and links nested in a dropped image's alt text are edited before it is freed")
    func nestedInDroppedImage() {
        var asked: [String] = []
        let html = renderer.html("![a ![b](data:x) [c](atrium:c) ![d](pic.png)](data:y) and [e](atrium:e)") { destination in
            asked.append(destination)
            return destination == "atrium:c" || destination == "atrium:e" ? "/products/\(destination.dropFirst(7))/" : nil
        }
        #expect(html == "<p>a b c d and <a href=\"/products/e/\">e</a></p>\n")
        // The rewriter still sees the destinations in the order written.
        #expect(asked == ["atrium:c", "pic.png", "atrium:e"])
    }

    /// Found by fuzz-markdown: the third heading took `scope-1`, already given to the second.
    @Test("heading anchors stay unique when a heading reads like a numbered repeat")
    func uniqueAnchors() {
        let rendered = renderer.render("# Scope\n# Scope\n# Scope 1\n# Scope\n# Scope-2\n# Scope 1\n")
        #expect(rendered.headings.map(\.anchor) == ["scope", "scope-1", "scope-1-1", "scope-2", "scope-2-1", "scope-1-2"])
    }

    @Test("a dropped autolink leaves no text behind: its text is the destination being withheld")
    func droppedAutolink() {
        let html = renderer.html("See <atrium:secret-id>, <mailto:someone@example.org> and [named](atrium:secret-id).") { _ in nil }
        #expect(html == "<p>See ,  and named.</p>\n")
        let rendered = renderer.render("Also <atrium:secret-id>.") { _ in nil }
        #expect(!rendered.html.contains("secret") && !rendered.text.contains("secret"), "\(rendered)")
    }

    @Test("rendering on many threads gives byte-identical output to a serial run")
    func concurrency() async {
        let documents = (0..<400).map { index in
            "# Doc \(index)\n\n~~old~~ new, see www.example.org/\(index) and https://example.com/\(index).\n\n| a | b |\n|---|---|\n| \(index) | x |\n\n- [ ] task \(index)\n"
        }
        let serial = documents.map { renderer.html($0) }
        let parallel = await withTaskGroup(of: (Int, String).self) { group in
            for (index, document) in documents.enumerated() {
                group.addTask { (index, MarkdownRenderer().html(document)) }
            }
            var results = [String](repeating: "", count: documents.count)
            for await (index, html) in group { results[index] = html }
            return results
        }
        #expect(parallel == serial)
        #expect(serial.allSatisfy { $0.contains("<del>old</del>") && $0.contains("<a href=\"http://www.example.org/") })
    }
}
