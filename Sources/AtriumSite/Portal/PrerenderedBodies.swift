import AtriumContent
import AtriumCore
import Foundation

/// The bodies of a build's product pages, rendered while the check parses every body for its
/// links (`CheckPipeline.Options.bodyHook`), so that no body is parsed twice: parsing was about a
/// tenth of a 10,000-product build's CPU, and the public build parsed 4,268 bodies a second time.
///
/// Link rewriting needs only the products this audience gets and their URLs, which are known once
/// the repository is loaded, before the rules run. A body the check did not render (the hook was
/// not given, or the build's products differ) is rendered by the build as before.
public final class PrerenderedBodies: BodyRenderingHook, @unchecked Sendable {
    private let audience: SiteAudience
    private let baseURL: String?
    private let now: CalendarDate
    private let lock = NSLock()
    private var context: SiteContext?
    /// The paths of the products `context` was made from, in the repository's order.
    private var preparedPaths: [String] = []
    private var bodies: [String: ViewModels.RenderedBody] = [:]
    /// How many bodies the check's parse rendered (for tests).
    private(set) var renderedCount = 0

    /// The same audience, `--base-url` and date as the build's `PortalBuilder.Options`.
    public init(audience: SiteAudience, baseURL: String?, now: CalendarDate) {
        self.audience = audience
        self.baseURL = baseURL
        self.now = now
    }

    /// The hook for `repository`, once it is loaded.
    public func prepare(_ repository: KnowledgeRepository) -> any BodyRenderingHook {
        let configuration = repository.configuration
        let context = SiteContext(repositoryRoot: repository.root, configuration: configuration, audience: audience,
                                  baseURL: PortalBuilder.normalizedBaseURL(baseURL ?? configuration.site.baseURL), now: now,
                                  products: repository.products, freshness: [], datesAreLowerBounds: false)
        lock.withLock {
            self.context = context
            preparedPaths = repository.products.map(\.path)
        }
        return self
    }

    public func wants(_ product: Product) -> Bool {
        lock.withLock { context?.productsByPath[product.path] != nil }
    }

    public func render(_ product: Product, _ body: MarkdownRenderer.ParsedBody) {
        guard let context = lock.withLock({ self.context }) else { return }
        let views = ViewModels(context: context, root: SiteContext.root(for: context.url(of: product)))
        let rendered = views.body(of: product) { body.render(rewriteLink: $0) }
        lock.withLock {
            bodies[product.path] = rendered
            renderedCount += 1
        }
    }

    /// The site context the hook made, if it was made for exactly this build: the same
    /// repository (its root and its products), audience, base URL and date. The builder then
    /// adds the freshness to it instead of making it again; otherwise it makes its own.
    func context(for repository: KnowledgeRepository, audience: SiteAudience, baseURL: String, now: CalendarDate) -> SiteContext? {
        let (context, paths) = lock.withLock { (self.context, preparedPaths) }
        guard let context, context.repositoryRoot == repository.root, context.audience == audience, context.baseURL == baseURL,
              context.now == now, paths == repository.products.map(\.path) else { return nil }
        return context
    }

    /// The body rendered for the product at `path`, handed over once.
    func take(_ path: String) -> ViewModels.RenderedBody? {
        lock.withLock { bodies.removeValue(forKey: path) }
    }
}
