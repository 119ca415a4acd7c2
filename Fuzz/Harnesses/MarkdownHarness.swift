import AtriumContent
import AtriumCore
import Foundation

/// A product body rendered for a portal page, with links rewritten the way the portal rewrites
/// them: other products (by relative path or `atrium:ID`) to their page URLs, repository files to
/// their copies in the site, links that climb out of the repository dropped.
public enum MarkdownHarness: FuzzHarness {
    public static let name = "markdown"
    static let productPath = "content/guidance-note/fuzzed.md"

    public static func check(_ input: [UInt8]) -> [String] {
        let body = String(decoding: input, as: UTF8.self)
        let renderer = MarkdownRenderer()
        var problems: [String] = []
        var asked: [String] = []
        let rendered = renderer.render(body) { destination in
            asked.append(destination)
            return productURL(for: destination)
        }
        let html = rendered.html

        let lowered = html.lowercased()
        for unsafe in ["href=\"javascript:", "src=\"javascript:", "href=\"data:", "src=\"data:", "href=\"vbscript:", "<script"] where lowered.contains(unsafe) {
            problems.append("rendered HTML contains `\(unsafe)`")
        }
        if asked.contains(where: MarkdownRenderer.isUnsafeDestination) {
            problems.append("the link rewriter was asked about an unsafe destination")
        }
        let anchors = rendered.headings.map(\.anchor)
        if Set(anchors).count != anchors.count { problems.append("heading anchors repeat: \(anchors.prefix(10))") }
        if anchors.contains(where: \.isEmpty) { problems.append("a heading has an empty anchor") }
        let headingTags = headingTagsWithIDs(in: html)
        if headingTags != rendered.headings.count {
            problems.append("\(rendered.headings.count) headings but \(headingTags) heading tags with ids")
        }
        // The fragment renderer (used for short texts) goes through the same rewriting.
        let fragment = renderer.html(body, rewriteLink: productURL).lowercased()
        for unsafe in ["href=\"javascript:", "src=\"javascript:", "href=\"data:", "src=\"data:", "<script"] where fragment.contains(unsafe) {
            problems.append("html(_:) output contains `\(unsafe)`")
        }
        return problems
    }

    /// Counts `<hN id="` in bytes: as Characters, an anchor starting with a combining mark
    /// would fuse with the quote before it (the harness's first false alarm).
    static func headingTagsWithIDs(in html: String) -> Int {
        let bytes = Array(html.utf8)
        let pattern = Array(" id=\"".utf8)
        var count = 0
        var index = 0
        while index + 3 + pattern.count <= bytes.count {
            if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "h"),
               (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[index + 2]),
               Array(bytes[(index + 3)..<(index + 3 + pattern.count)]) == pattern {
                count += 1
            }
            index += 1
        }
        return count
    }

    /// The portal's mapping from a destination as written to a site URL (ProductPage.resolveLink,
    /// with every product and file taken to exist).
    static func productURL(for destination: String) -> String? {
        switch LinkDestination(destination, from: productPath) {
        case .asWritten:
            return destination
        case .product(let id, let fragment):
            return id.isEmpty ? nil : "../../products/\(id)/" + fragment
        case .outsideRepository:
            return nil
        case .repositoryFile(let path, let written, let fragment):
            if written.hasSuffix(".md") {
                let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                return "../../products/\(stem)/" + fragment
            }
            return "../../files/" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + fragment
        }
    }

    public static func seeds(_ sources: SeedSources) -> [Seed] {
        sources.files(under: "content", suffix: ".md").compactMap { file in
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
            // The body alone: the portal never renders front matter.
            let body = FrontMatterSplitter().split(text, path: file.path)
            guard case .split(let parts) = body else { return Seed(name: sources.seedName(file), text: text) }
            return Seed(name: "body-" + sources.seedName(file), text: parts.body)
        }
    }
}
