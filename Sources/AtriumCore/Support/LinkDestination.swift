import Foundation

/// Where a link or image in a product's body leads, read once the same way by the check (which
/// reports destinations that resolve to nothing) and by the portal (which rewrites them).
public enum LinkDestination: Sendable, Hashable {
    /// `atrium:ID`, with the `#fragment` that followed it (or "").
    case product(id: String, fragment: String)
    /// A path relative to the product's file, resolved to a repository path. `written` is the path
    /// as the author wrote it, percent-decoded, without query or fragment.
    case repositoryFile(path: String, written: String, fragment: String)
    /// A relative path that climbs above the repository root.
    case outsideRepository
    /// Absolute URLs, mail links, in-page anchors and root-relative paths: left as written.
    case asWritten

    public init(_ destination: String, from productPath: String) {
        // Delimiters are ASCII: found among the UTF-8 bytes, without breaking the text into characters.
        let hash = destination.utf8.firstIndex(of: UInt8(ascii: "#"))
        let fragment = hash.map { String(destination[$0...]) } ?? ""
        if destination.hasPrefix("atrium:") {
            let idStart = destination.utf8.index(destination.utf8.startIndex, offsetBy: "atrium:".utf8.count)
            self = .product(id: String(destination[idStart..<(hash ?? destination.endIndex)]), fragment: fragment)
            return
        }
        if destination.isEmpty || destination.hasPrefix("#") || destination.hasPrefix("/") || Self.hasScheme(destination) {
            self = .asWritten
            return
        }
        let pathEnd = destination.utf8.firstIndex { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") } ?? destination.endIndex
        let pathPart = String(destination[..<pathEnd])
        let decoded = pathPart.utf8.contains(UInt8(ascii: "%")) ? pathPart.removingPercentEncoding ?? pathPart : pathPart
        let directory = productPath.lastIndex(of: "/").map { String(productPath[..<$0]) } ?? ""
        guard let path = RepositoryPath.normalize(directory + "/" + decoded) else {
            self = .outsideRepository
            return
        }
        self = .repositoryFile(path: path, written: decoded, fragment: fragment)
    }

    /// Whether a destination starts with a URI scheme (`https:`, `mailto:`): RFC 3986's
    /// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`.
    public static func hasScheme(_ destination: String) -> Bool {
        var first = true
        for byte in destination.utf8 {
            switch byte {
            case UInt8(ascii: ":"): return !first
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): break
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."): if first { return false }
            default: return false
            }
            first = false
        }
        return false
    }
}
