import CCmarkGFM
import Foundation

/// GitHub-flavoured Markdown to HTML through cmark-gfm, in safe mode: raw HTML is replaced by a
/// comment and `javascript:`/`data:` links are dropped.
///
/// cmark-gfm keeps process-wide state (the extension registry, and tables touched while a parser
/// is set up and torn down), so concurrent renders were seen to lose strikethrough and autolinks.
/// Extensions are registered once, and every call into the library holds one lock.
public struct MarkdownRenderer: Sendable {
    /// The GFM extensions enabled on every parse.
    public static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    public init() {
        _ = Self.registration
    }

    /// Renders a Markdown body to an HTML fragment.
    public func html(_ markdown: String) -> String {
        Self.withParsedDocument(markdown) { document, parser in
            guard let rendered = cmark_render_html(document, Self.options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
            defer { free(rendered) }
            return String(cString: rendered)
        }
    }

    static let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8

    /// Parses under the library-wide lock and hands the document to `body`, which must not keep it.
    static func withParsedDocument<T>(_ markdown: String, _ body: (OpaquePointer, OpaquePointer) -> T) -> T {
        _ = registration
        lock.lock()
        defer { lock.unlock() }
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
        let document = cmark_parser_finish(parser)!
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
