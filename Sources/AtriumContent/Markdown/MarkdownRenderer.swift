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
        Self.lock.lock()
        defer { Self.lock.unlock() }
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in Self.extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        markdown.utf8CString.withUnsafeBufferPointer { buffer in
            cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    private static let lock = NSLock()
    /// Runs once per process, before any parser exists.
    private static let registration: Void = {
        cmark_gfm_core_extensions_ensure_registered()
    }()
}
