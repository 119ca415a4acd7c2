import AtriumCore
import AtriumContent
import Foundation

/// What the rules across products look at: every product by id, the configuration and today.
struct RuleContext {
    let products: [Product]
    let productsByID: [String: Product]
    let productsByPath: [String: Product]
    let configuration: Configuration
    let now: CalendarDate
    /// Absolute repository root, for attachment checks.
    let root: String
    let fileSystem: FileSystem
    /// Which product each repository file belongs to.
    let files: FileOwnership
    /// A build's renderer, given each body it wants from the parse the link rules make.
    let bodyHook: (any BodyRenderingHook)?

    init(products: [Product], configuration: Configuration, now: CalendarDate, root: String, fileSystem: FileSystem,
         bodyHook: (any BodyRenderingHook)? = nil) {
        self.bodyHook = bodyHook
        self.products = products
        self.productsByID = Dictionary(products.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.productsByPath = Dictionary(products.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        self.configuration = configuration
        self.now = now
        self.root = root
        self.fileSystem = fileSystem
        files = FileOwnership(products: products, contentDirectory: configuration.contentDirectory)
    }

    /// The product of another audience that owns `path` when `product` is public and the file is an
    /// internal product's: a public page must not publish it.
    func internalOwner(of path: String, linkedFrom product: Product) -> String? {
        guard product.audience == "public" else { return nil }
        return files.withholdingOwner(of: path) { productsByID[$0]?.audience == "public" }
    }

    /// The nearest known id, for "did you mean".
    func suggestion(for id: String) -> String? {
        Suggestion.closest(to: id, among: productsByID.keys)
    }
}

extension MetadataNode {
    /// The node's calendar date, when it is one (plain or quoted).
    var calendarDate: CalendarDate? { text.flatMap { CalendarDate(iso: $0) } }

    /// True for a scalar that reads as a URL rather than a product id.
    var isURL: Bool {
        guard let text else { return false }
        return text.hasPrefix("http://") || text.hasPrefix("https://")
    }
}
