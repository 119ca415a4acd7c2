import AtriumCore

/// Everything loaded from disk: configuration, products, pages, and the text of every file read,
/// so that any diagnostic can quote its line.
public struct KnowledgeRepository: Sendable {
    /// Absolute path of the repository root.
    public var root: String
    public var configuration: Configuration
    public var products: [Product]
    public var pages: [Page]
    /// Markdown files that should have been products but could not be compiled (each has an error).
    public var failedProductPaths: [String]
    /// File text by repository-relative path.
    public var sources: [String: SourceText]

    public init(root: String, configuration: Configuration, products: [Product] = [], pages: [Page] = [],
                failedProductPaths: [String] = [], sources: [String: SourceText] = [:]) {
        self.root = root
        self.configuration = configuration
        self.products = products
        self.pages = pages
        self.failedProductPaths = failedProductPaths
        self.sources = sources
    }

    /// Products found, whether they compiled or not.
    public var productFileCount: Int { products.count + failedProductPaths.count }
}
