import AtriumCore
import CCmarkGFM
import Foundation

/// GitHub-flavoured Markdown to HTML through cmark-gfm, in safe mode: raw HTML is replaced by a
/// comment and `javascript:`/`data:` links are dropped.
///
/// cmark-gfm keeps process-wide state: the extension registry, written once here, and a table of
/// characters that start inline syntax, which every parse sets when its inline phase begins and
/// clears when it ends (`process_inlines` in cmark-gfm's blocks.c). Two inline phases at once lose
/// strikethrough and autolinks, so `cmark_parser_finish`, where that phase runs, holds one lock;
/// block parsing, link rewriting and rendering run in parallel.
public struct MarkdownRenderer: Sendable {
    /// The GFM extensions enabled on every parse.
    public static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    public init() {
        _ = Self.registration
    }

    /// Renders a Markdown body to an HTML fragment.
    ///
    /// - Parameter rewriteLink: maps each link and image destination as written (`../guidance/x.md`,
    ///   `atrium:ID`, `https://…`) to the URL to emit, or nil to drop the link and keep its text (an
    ///   autolink's text is its destination, so it is dropped as well).
    ///   Destinations with an executable or inline scheme (`javascript:`, `vbscript:`, `data:`,
    ///   `file:`) are dropped before the closure is asked.
    public func html(_ markdown: String, rewriteLink: ((String) -> String?)? = nil) -> String {
        Self.withParsedDocument(markdown) { document, parser in
            Self.rewriteLinks(in: document, rewriteLink ?? { $0 })
            guard let rendered = cmark_render_html(document, Self.options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
            defer { free(rendered) }
            return String(cString: rendered)
        }
    }

    /// A body rendered for a page: HTML whose headings carry `id`s, the headings for a table of
    /// contents, and the body's plain text for the search index.
    public struct Rendered: Sendable {
        public struct Heading: Sendable, Hashable {
            public var level: Int
            public var text: String
            /// The heading's `id`: its text as a slug, numbered when repeated (`scope`, `scope-1`).
            public var anchor: String
        }

        public var html: String
        public var headings: [Heading]
        public var text: String
    }

    /// Renders a body for a portal page; see `html(_:rewriteLink:)` for `rewriteLink`.
    public func render(_ markdown: String, rewriteLink: ((String) -> String?)? = nil) -> Rendered {
        Self.withParsedDocument(markdown) { document, parser in
            Self.render(document, parser: parser, rewriteLink: rewriteLink)
        }
    }

    /// A parsed body, lent to a closure (`outline(_:thenRender:)`) and valid only during it.
    public struct ParsedBody {
        fileprivate let document: OpaquePointer
        fileprivate let parser: OpaquePointer

        /// The page's rendering, as `MarkdownRenderer.render` makes it; the document's links are
        /// rewritten in place, so call it once.
        public func render(rewriteLink: ((String) -> String?)? = nil) -> Rendered {
            MarkdownRenderer.render(document, parser: parser, rewriteLink: rewriteLink)
        }
    }

    /// The outline, and from the same parse whatever `thenRender` does with the body (a build
    /// renders the page while the check reads the links, instead of parsing every body twice).
    public func outline(_ markdown: String, thenRender: ((ParsedBody) -> Void)?) -> MarkdownOutline {
        Self.withParsedDocument(markdown) { document, parser in
            let outline = Self.outline(of: document)
            thenRender?(ParsedBody(document: document, parser: parser))
            return outline
        }
    }

    private static func render(_ document: OpaquePointer, parser: OpaquePointer, rewriteLink: ((String) -> String?)?) -> Rendered {
        Self.rewriteLinks(in: document, rewriteLink ?? { $0 })
        var headings: [Rendered.Heading] = []
        var taken: Set<String> = []
        var repeats: [String: Int] = [:]
        var text = ""
        if let iterator = cmark_iter_new(document) {
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_HEADING {
                    let title = Self.plainText(of: node)
                    var slug = Self.slug(title)
                    if slug.isEmpty { slug = "section" }
                    var anchor = slug
                    // A heading may itself read like a numbered repeat (`Scope`, `Scope`,
                    // `Scope 1`): skip numbers already taken, or two ids collide (found by fuzz-markdown).
                    if taken.contains(anchor) {
                        var number = (repeats[slug] ?? 0) + 1
                        while taken.contains("\(slug)-\(number)") { number += 1 }
                        repeats[slug] = number
                        anchor = "\(slug)-\(number)"
                    }
                    taken.insert(anchor)
                    headings.append(.init(level: Int(cmark_node_get_heading_level(node)), text: title, anchor: anchor))
                } else if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(node) {
                    text += String(cString: literal)
                    text += " "
                }
            }
            cmark_iter_free(iterator)
        }
        guard let rendered = cmark_render_html(document, Self.options, cmark_parser_get_syntax_extensions(parser)) else {
            return Rendered(html: "", headings: headings, text: text)
        }
        defer { free(rendered) }
        return Rendered(html: Self.addingHeadingIDs(String(cString: rendered), headings), headings: headings, text: text)
    }

    /// A heading's text as a URL fragment: lowercase letters and digits of any script, words joined by `-`.
    public static func slug(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark {
                if pendingDash, !slug.isEmpty { slug += "-" }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return slug
    }

    /// Gives the n-th `<hN>` of the HTML the n-th heading's anchor. Raw HTML is never passed
    /// through and text is escaped, so every `<hN>` in cmark's output is a heading, in document order.
    static func addingHeadingIDs(_ html: String, _ headings: [Rendered.Heading]) -> String {
        guard !headings.isEmpty else { return html }
        var html = html
        return html.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + headings.count * 24)
            var next = 0
            var copied = 0
            var index = 0
            // The text between headings is copied in runs, not byte by byte.
            while next < headings.count, index + 3 < bytes.count {
                if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "h"),
                   (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[index + 2]), bytes[index + 3] == UInt8(ascii: ">") {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<(index + 3)]))
                    output += " id=\"".utf8
                    output += MarkupText.escape(headings[next].anchor).utf8
                    output += "\">".utf8
                    next += 1
                    index += 4
                    copied = index
                    continue
                }
                index += 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Schemes a portal never links to: they run code or smuggle content in.
    public static func isUnsafeDestination(_ destination: String) -> Bool {
        if destination.isASCII {
            // ASCII (nearly every link): whitespace and controls are the bytes up to the space,
            // and DEL; lowercasing is per byte. Only the first letters can make a scheme.
            var scheme: [UInt8] = []
            for byte in destination.utf8 where byte > 0x20 && byte != 0x7F {
                scheme.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
                if scheme.count == 11 { break }
            }
            return unsafeSchemes.contains { scheme.starts(with: $0.utf8) }
        }
        let trimmed = destination.unicodeScalars.filter { !$0.properties.isWhitespace && !$0.isControl }
        let lowered = String(String.UnicodeScalarView(trimmed)).lowercased()
        return unsafeSchemes.contains { lowered.hasPrefix($0) }
    }

    /// Schemes that run code or carry inline content; the longest has 11 characters.
    private static let unsafeSchemes = ["javascript:", "vbscript:", "data:", "file:"]

    /// Applies `rewrite` to every link and image; a link rewritten to nil is replaced by its children.
    private static func rewriteLinks(in document: OpaquePointer, _ rewrite: (String) -> String?) {
        var targets: [OpaquePointer] = []
        if let iterator = cmark_iter_new(document) {
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) {
                    let type = cmark_node_get_type(node)
                    if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE { targets.append(node) }
                }
            }
            cmark_iter_free(iterator)
        }
        // Edited after the walk: unlinking nodes while iterating would invalidate the iterator.
        // Decided in document order, so the rewriter sees the links in the order written...
        let decisions: [(destination: String, url: String?)] = targets.map { node in
            let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            guard !isUnsafeDestination(destination), let url = rewrite(destination), !isUnsafeDestination(url) else {
                return (destination, nil)
            }
            return (destination, url)
        }
        // ...and applied innermost first: dropping an image frees its alt text's nodes, which may
        // hold links and images still to edit (`![a ![b](data:…)](data:…)` crashed fuzz-markdown).
        for (node, (destination, url)) in zip(targets, decisions).reversed() {
            if let url {
                cmark_node_set_url(node, url)
                continue
            }
            if cmark_node_get_type(node) == CMARK_NODE_IMAGE {
                // An image with no safe source shows its alt text.
                let text = cmark_node_new(CMARK_NODE_TEXT)
                cmark_node_set_literal(text, plainText(of: node))
                cmark_node_insert_before(node, text)
            } else if isAutolink(node, destination: destination) {
                // `<atrium:some-internal-id>`: the text is the destination being withheld, so it goes too.
            } else {
                while let child = cmark_node_first_child(node) {
                    cmark_node_unlink(child)
                    cmark_node_insert_before(node, child)
                }
            }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
    }

    /// True for a link whose text is its own destination (`<atrium:x>`, `<mailto:a@b>` shown as `a@b`),
    /// which a dropped link must not leave behind.
    static func isAutolink(_ node: OpaquePointer, destination: String) -> Bool {
        let text = plainText(of: node)
        return text == destination || "mailto:" + text == destination
    }

    /// The concatenated text of a node's descendants (a link's text, an image's alt text).
    static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            if let literal = cmark_node_get_literal(current) { text += String(cString: literal) }
            text += plainText(of: current)
            child = cmark_node_next(current)
        }
        return text
    }

    static let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8

    /// Parses (the inline phase under the library-wide lock) and hands the document to `body`,
    /// which must not keep it.
    static func withParsedDocument<T>(_ markdown: String, _ body: (OpaquePointer, OpaquePointer) -> T) -> T {
        _ = registration
        let parser = cmark_parser_new(options)!
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        markdown.utf8CString.withUnsafeBufferPointer { buffer in
            cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
        }
        lock.lock()
        let document = cmark_parser_finish(parser)!
        lock.unlock()
        defer { cmark_node_free(document) }
        return body(document, parser)
    }

    static func withParsedDocument<T>(_ markdown: String, _ body: (OpaquePointer) -> T) -> T {
        withParsedDocument(markdown) { document, _ in body(document) }
    }

    private static let lock = NSLock()
    /// Runs once per process, before any parser exists.
    private static let registration: Void = {
        cmark_gfm_core_extensions_ensure_registered()
    }()
}

/// Renders the bodies a build will publish while the check parses them for their links
/// (`RepositoryValidator.checkRules`), so that no body is parsed twice.
public protocol BodyRenderingHook: Sendable {
    /// Whether `product`'s body is to be rendered; asked before it is parsed.
    func wants(_ product: Product) -> Bool
    /// Renders the body from the check's parse, on whichever thread checks the product; `body`
    /// is valid only during the call.
    func render(_ product: Product, _ body: MarkdownRenderer.ParsedBody)
}
