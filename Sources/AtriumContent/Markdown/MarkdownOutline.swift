import CCmarkGFM
import Foundation

/// What the rules need from a Markdown body: its links, images and headings, each with the
/// line and column (within the body, 1-based, columns in bytes as cmark counts them).
public struct MarkdownOutline: Sendable, Hashable {
    public struct Link: Sendable, Hashable {
        public var destination: String
        /// The visible text (for images, the alt text).
        public var text: String
        public var line: Int
        public var column: Int
        public var endColumn: Int
    }

    public struct Heading: Sendable, Hashable {
        public var level: Int
        public var text: String
        public var line: Int
        public var column: Int
    }

    public var links: [Link] = []
    public var images: [Link] = []
    public var headings: [Heading] = []
}

extension MarkdownRenderer {
    /// Parses a body (with the same extensions as rendering) and lists its links, images and headings.
    public func outline(_ markdown: String) -> MarkdownOutline {
        MarkdownRenderer.withParsedDocument(markdown) { document in Self.outline(of: document) }
    }

    static func outline(of document: OpaquePointer) -> MarkdownOutline {
        var outline = MarkdownOutline()
        guard let iterator = cmark_iter_new(document) else { return outline }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
            switch type {
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                let link = MarkdownOutline.Link(destination: destination, text: Self.plainText(of: node), line: line, column: column,
                                                endColumn: Int(cmark_node_get_end_column(node)) + 1)
                if type == CMARK_NODE_IMAGE { outline.images.append(link) } else { outline.links.append(link) }
            case CMARK_NODE_HEADING:
                outline.headings.append(.init(level: Int(cmark_node_get_heading_level(node)), text: Self.plainText(of: node),
                                              line: line, column: column))
            default:
                break
            }
        }
        return outline
    }
}
