/// Files a browser runs as a page or a script when they are opened from the portal's own address:
/// web pages, XML (which may carry XHTML script or an XSLT), compressed SVG, JavaScript. The
/// portal's Content-Security-Policy lives in its own pages' `<meta>` tag and does not cover them
/// (a static host sends no headers of Atrium's), so they are never published; plain SVG is
/// published rewritten to drawing only.
public enum ActiveContent {
    public static let extensions: Set<String> = [
        "html", "htm", "xhtml", "xht", "shtml", "xml", "xsl", "xslt", "svgz", "js", "mjs", "cjs", "mht", "mhtml", "swf",
    ]

    /// The lowercased extension of the last path segment (`Chart.SVG` → `svg`), or "".
    public static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// True for a page or script that would run on the portal's address.
    public static func isActiveDocument(_ path: String) -> Bool {
        extensions.contains(fileExtension(path))
    }

    /// True for an SVG image, which the portal publishes only rewritten to drawing.
    public static func isSVG(_ path: String) -> Bool {
        fileExtension(path) == "svg"
    }
}
