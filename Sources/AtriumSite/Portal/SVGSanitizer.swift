import AtriumCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Rewrites an SVG file so that it only draws. An SVG opened on its own (a link to an
/// attachment) is a document of the portal's address, and its scripts would run there with no
/// Content-Security-Policy to stop them, so the portal publishes a copy rebuilt from an allow
/// list: known drawing elements, their presentation attributes, `href`s that point inside the
/// file (or, for links and images, to harmless places); no script, no event handler, no
/// `foreignObject`, no animation (which can rewrite an `href`), no entity declarations, no
/// comments or processing instructions. Attributes are written sorted, so builds stay
/// reproducible. Nil when the file is not well-formed XML with an `<svg>` root: it is not published.
enum SVGSanitizer {
    static func sanitize(_ data: Data) -> Data? {
        // Entity declarations serve no drawing and can blow up (billion laughs) or smuggle text.
        let prolog = String(decoding: data.prefix(4096), as: UTF8.self)
        if prolog.range(of: "<!ENTITY", options: .caseInsensitive) != nil { return nil }
        let parser = XMLParser(data: data)
        let rewriter = Rewriter()
        parser.delegate = rewriter
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), !rewriter.failed, rewriter.sawRoot else { return nil }
        return Data(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + rewriter.output + "\n").utf8)
    }

    /// Drawing elements of SVG 1.1 and 2, case as written in SVG.
    static let elements: Set<String> = [
        "svg", "g", "defs", "symbol", "use", "title", "desc", "style", "a", "switch",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath", "image",
        "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "filter",
        "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
        "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
        "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
        "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
    ]

    static let svgNamespace = "http://www.w3.org/2000/svg"
    static let xlinkNamespace = "http://www.w3.org/1999/xlink"

    /// The attribute as it may be written, or nil to leave it out.
    static func allowed(_ name: String, _ value: String, on element: String) -> String? {
        let lowered = name.lowercased()
        if lowered.hasPrefix("on") { return nil }
        switch name {
        case "xmlns": return value == svgNamespace ? value : nil
        case "xmlns:xlink": return value == xlinkNamespace ? value : nil
        case "href", "xlink:href": return allowedReference(value, on: element)
        case "xml:space", "xml:lang": return value
        default: break
        }
        // Other namespaces (`ev:event`, `xmlns:ev`, `xhtml:…`) carry no drawing.
        if name.contains(":") { return nil }
        // Presentation attributes and `style` may hold `url(…)`: never a script address.
        let compact = String(String.UnicodeScalarView(value.unicodeScalars.filter {
            !$0.properties.isWhitespace && !$0.isControl
        })).lowercased()
        for scheme in ["javascript:", "vbscript:", "data:text", "data:application"] where compact.contains(scheme) { return nil }
        return value
    }

    /// `#id` everywhere; web and relative addresses for links; raster data and relative files for images.
    static func allowedReference(_ value: String, on element: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("#") { return value }
        let lowered = trimmed.lowercased()
        switch element {
        case "a":
            if ["https://", "http://", "mailto:"].contains(where: { lowered.hasPrefix($0) }) { return value }
            return hasScheme(lowered) ? nil : value
        case "image":
            if ["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"].contains(where: { lowered.hasPrefix($0) }) { return value }
            return hasScheme(lowered) ? nil : value
        default:
            return nil
        }
    }

    private static func hasScheme(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        return !text[..<colon].contains { $0 == "/" || $0 == "?" || $0 == "#" }
    }

    private final class Rewriter: NSObject, XMLParserDelegate {
        var output = ""
        var failed = false
        var sawRoot = false
        /// Depth inside an element that is left out with everything in it.
        private var skipping = 0
        private var stack: [String] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if !sawRoot {
                sawRoot = true
                guard elementName == "svg" else {
                    failed = true
                    parser.abortParsing()
                    return
                }
            }
            if skipping > 0 || !SVGSanitizer.elements.contains(elementName) {
                skipping += 1
                return
            }
            stack.append(elementName)
            output += "<" + elementName
            for name in attributes.keys.sorted() {
                guard let value = SVGSanitizer.allowed(name, attributes[name] ?? "", on: elementName) else { continue }
                output += " \(name)=\"\(MarkupText.escape(value))\""
            }
            if stack.count == 1, attributes["xmlns"] == nil { output += " xmlns=\"\(SVGSanitizer.svgNamespace)\"" }
            output += ">"
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            if skipping > 0 {
                skipping -= 1
                return
            }
            stack.removeLast()
            output += "</" + elementName + ">"
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if skipping == 0, !stack.isEmpty { output += MarkupText.escape(string) }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if skipping == 0, !stack.isEmpty { output += MarkupText.escape(String(decoding: CDATABlock, as: UTF8.self)) }
        }

        func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
            nil
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            failed = true
        }
    }
}
