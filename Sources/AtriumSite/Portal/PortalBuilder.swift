import AtriumContent
import AtriumCore
import AtriumFreshness
import Foundation

/// `atrium build` after the check: every page of the portal for one audience, rendered from
/// `site-template/`, written to a staging folder and swapped in only when complete.
public struct PortalBuilder: Sendable {
    public struct Options: Sendable {
        public var output: String
        public var audience: SiteAudience
        /// Overrides `site.base_url` from atrium.yml.
        public var baseURL: String?
        public var now: CalendarDate
        /// Told how many pages are rendered (a terminal's progress bar).
        public var progress: (any StageProgress)?
        /// How the site reaches `output`: swapped in whole (`build`), or synchronized file by file
        /// so that unchanged files are not rewritten (`serve`).
        public var writeMode: SiteWriter.Mode
        /// How files reach the disk (tests make it fail like a full disk).
        public var fileOperations: SiteWriter.FileOperations
        /// Bodies the check's parse already rendered for this build (given to the check as its
        /// `bodyHook`, with the same audience, base URL and date); the others are rendered here.
        public var prerendered: PrerenderedBodies?
        /// The process exits once the build returns (`atrium build`): the view models and the
        /// site context go to `ExitRetention` rather than being freed one object at a time.
        public var keepsModelsUntilExit = false

        public init(output: String, audience: SiteAudience = .public, baseURL: String? = nil, now: CalendarDate,
                    progress: (any StageProgress)? = nil, writeMode: SiteWriter.Mode = .swap,
                    fileOperations: SiteWriter.FileOperations = .system, prerendered: PrerenderedBodies? = nil) {
            self.prerendered = prerendered
            self.output = output
            self.audience = audience
            self.baseURL = baseURL
            self.now = now
            self.progress = progress
            self.writeMode = writeMode
            self.fileOperations = fileOperations
        }
    }

    public struct Summary: Sendable {
        public var products: Int
        public var pages: Int
        public var files: Int
        /// Files whose bytes changed (all of them when the site is swapped in whole).
        public var rewritten: Int
        public var timings: [StageTiming]
    }

    public struct BuildError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Listings show this many products a page.
    static let pageSize = 30

    public init() {}

    /// Builds the site from a check outcome without errors. Problems found while building
    /// (templates, links to products this audience does not get) go to `sink`; template errors
    /// stop the build before anything is written.
    public func build(_ outcome: CheckPipeline.Outcome, options: Options, sink: DiagnosticSink) throws -> Summary {
        guard let repository = outcome.repository else { throw BuildError(description: "nothing to build: the repository did not load") }
        var timer = StageTimer()
        let configuration = repository.configuration
        let (templateDirectory, templateFolder) = try Self.templateDirectory(root: repository.root, configured: configuration.templateDirectory,
                                                                              sink: sink)
        guard let templates = timer.measure("templates", {
            TemplateSet.load(directory: templateDirectory, displayPath: templateFolder, sink: sink)
        }) else {
            throw BuildError(description: "the templates in `\(templateFolder)/` have errors")
        }
        // Assets are copied into the site as they are: one linked to a file elsewhere on the build
        // machine would publish it. Checked before anything is written.
        let assetProblems = Self.assetsLinkedOutside(templateDirectory + "/assets", displayPath: templateFolder + "/assets",
                                                     boundary: templateDirectory)
        sink.report(contentsOf: assetProblems)
        if !assetProblems.isEmpty {
            throw BuildError(description: "assets in `\(templateFolder)/assets/` link outside the template folder")
        }
        let baseURL = Self.normalizedBaseURL(options.baseURL ?? configuration.site.baseURL)
        let context = timer.measure("site context") { () -> SiteContext in
            let datesAreLowerBounds = outcome.history?.datesAreLowerBounds ?? false
            if let made = options.prerendered?.context(for: repository, audience: options.audience, baseURL: baseURL, now: options.now) {
                return made.with(freshness: outcome.freshness, datesAreLowerBounds: datesAreLowerBounds)
            }
            return SiteContext(repositoryRoot: repository.root, configuration: configuration, audience: options.audience,
                               baseURL: baseURL, now: options.now, products: repository.products, freshness: outcome.freshness,
                               datesAreLowerBounds: datesAreLowerBounds)
        }

        let writer: SiteWriter
        do {
            writer = try SiteWriter(destination: URL(fileURLWithPath: options.output), mode: options.writeMode,
                                    operations: options.fileOperations)
        } catch {
            throw BuildError(description: "\(error)")
        }
        // Until the templates are checked against every view model, nothing may reach the
        // output. A swapped build writes into its staging folder, which a failed build removes,
        // so product pages are rendered and written as soon as their models exist: the models
        // never all sit in memory, only their merged shape. A synchronized build writes into the
        // folder being served, so it keeps the HTML until the check has passed.
        let streaming = options.writeMode == .swap
        let progress = options.progress
        let (products, productShape) = timer.measure("product pages") { () -> ([WrittenProductPage], ViewShape) in
            progress?.begin("rendering products", total: context.products.count)
            defer { progress?.end() }
            let (written, shapes) = ParallelMap.map(context.products, state: { ViewShape(kind: .object) }) { product, shape in
                defer { progress?.advance(by: 1) }
                let page = ViewModels(context: context, root: SiteContext.root(for: context.url(of: product)))
                    .productPage(product, prerendered: options.prerendered?.take(product.path))
                let model = frame(context, kind: "product", url: page.url, title: product.title ?? product.id,
                                  description: product.summary ?? "", language: product.language ?? "en",
                                  extra: ["product": page.model])
                shape.merge(model)
                let html = templates.render("product", model)
                var failure: String?
                if streaming {
                    do { try writer.write(html, to: SiteContext.file(for: page.url)) } catch { failure = "\(error)" }
                }
                return WrittenProductPage(url: page.url, files: page.files, diagnostics: page.diagnostics,
                                          search: searchDocument(product, page, context), html: streaming ? nil : html,
                                          failure: failure)
            }
            let merged = ViewShape(kind: .object)
            for shape in shapes { merged.merge(shape: shape) }
            return (written, merged)
        }
        for page in products { sink.report(contentsOf: page.diagnostics) }
        if let failure = products.lazy.compactMap(\.failure).first { throw BuildError(description: failure) }
        // The attachments are copied last; the disk reads them while the other pages are made.
        let linked = Set(products.flatMap(\.files)).sorted()
        ReadAhead.start(linked.map { repository.root + "/" + $0 })
        // The search index is merged on a thread of its own while the other pages are made and
        // rendered (its merge is work for one core, which the page stages leave idle at times).
        // A swapped build writes the index's files from that thread too; they hold no template
        // output, but a synchronized build still writes nothing before the template check.
        let documents = products.map(\.search)
        let pendingSearch = ThreadResult { () -> (files: [(String, Data)], written: Int, failure: String?, seconds: Double) in
            let start = DispatchTime.now().uptimeNanoseconds
            var files = SearchIndexBuilder.build(documents, facetLabel: context.label)
            var written = 0
            var failure: String?
            if streaming {
                do {
                    for (path, data) in files {
                        try writer.write(data, to: path)
                        written += 1
                    }
                } catch {
                    failure = "\(error)"
                }
                files = []
            }
            return (files, written, failure, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        // From here on, a failure waits for that thread to stop writing before the staging
        // folder is removed: the command exits as soon as the build throws.
        var finished = false
        defer {
            if !finished {
                _ = pendingSearch.wait()
                writer.abandon()
            }
        }
        var pages: [RenderedPage] = timer.measure("other pages") {
            listingPages(context, templates: templates) + insightPages(context, history: outcome.history, templates: templates, sink: sink)
        }

        let failed = timer.measure("check templates") { () -> Bool in
            let before = sink.reportedErrorCount
            var byTemplate: [String: [[String: Any]]] = [:]
            for page in pages { byTemplate[page.template, default: []].append(page.model) }
            let views = ViewModels(context: context, root: "")
            byTemplate["card"] = context.products.prefix(1000).map { product -> [String: Any] in
                var model = views.card(product)
                model["root"] = ""
                return model
            }
            var shapes = byTemplate.mapValues { models in
                // A template no page of this build renders (the card, in a repository with no
                // products yet) has no view model to check against: nothing is known of its
                // names, as in a section over an empty list, rather than every name unknown.
                models.isEmpty ? ViewShape.unknown : ViewShape(merging: models)
            }
            shapes["product"] = products.isEmpty ? .unknown : productShape
            for (template, shape) in shapes.sorted(by: { $0.key < $1.key }) {
                templates.check(template, against: shape, sink: sink)
            }
            return sink.reportedErrorCount > before
        }
        if failed { throw BuildError(description: "the templates in `\(templateFolder)/` use names or partials that do not exist") }

        // The feeds need only the context and the dashboards' addresses: made beside the render.
        let dashboardURLs = pages.filter { page in page.template == "insights" || Self.insightPages.contains { $0.template == page.template } }
            .map(\.url)
        let pendingFeeds = ThreadResult { () -> [(String, String)] in
            [("feed.xml", FeedWriter.atom(context)),
             ("sitemap.xml", FeedWriter.sitemap(context, pages: sitemapURLs(context, dashboards: dashboardURLs))),
             ("robots.txt", FeedWriter.robots(context))]
        }
        let files = try timer.measure("render") { () -> Int in
            let pending = pages
            progress?.begin("rendering", total: pending.count + (streaming ? 0 : products.count))
            defer { progress?.end() }
            if !streaming {
                for page in products {
                    try writer.write(page.html ?? "", to: SiteContext.file(for: page.url))
                    progress?.advance(by: 1)
                }
            }
            let results = ParallelMap.map(Array(pending.indices)) { index -> String? in
                let page = pending[index]
                defer { progress?.advance(by: 1) }
                do {
                    try writer.write(templates.render(page.template, page.model), to: SiteContext.file(for: page.url))
                    return nil
                } catch {
                    return "\(error)"
                }
            }
            if let failure = results.compactMap({ $0 }).first { throw BuildError(description: failure) }
            return products.count + pages.count
        }
        if options.keepsModelsUntilExit { ExitRetention.keep((products, pages)) }
        pages = []
        var extra = 0
        try timer.measure("files") {
            extra += try copyAssets(from: templateDirectory + "/assets", writer: writer)
            // On every core: each is read, perhaps sanitized, and written on its own.
            let copied = ParallelMap.map(linked) { path -> Result<Bool, BuildError> in
                let source = repository.root + "/" + path
                guard var data = FileManager.default.contents(atPath: source) else {
                    sink.report(Diagnostic(rule: .attachmentMissing, message: "`\(path)` cannot be read, so it is not in the site",
                                           span: nil, help: "check the file exists and is readable"))
                    return .success(false)
                }
                if ActiveContent.isSVG(path) {
                    // Opened on its own, an SVG runs its scripts on the portal's address: publish the drawing only.
                    guard let drawing = SVGSanitizer.sanitize(data) else {
                        sink.report(Diagnostic(rule: .attachmentMissing, severity: .warning,
                                               message: "`\(path)` is not a well-formed SVG image (or declares XML entities), so it is not in the site",
                                               span: .wholeFile(path), help: "export the image again from the drawing program, or publish it as PNG"))
                        return .success(false)
                    }
                    data = drawing
                }
                do {
                    try writer.write(data, to: "files/" + path)
                    return .success(true)
                } catch {
                    return .failure(BuildError(description: "\(error)"))
                }
            }
            for result in copied { if try result.get() { extra += 1 } }
        }
        let search = timer.measure("search wait") { pendingSearch.wait() }
        timer.record("search index", seconds: search.seconds)
        try timer.measure("index and feeds") {
            if let failure = search.failure { throw BuildError(description: failure) }
            extra += search.written
            for (path, data) in search.files {
                try writer.write(data, to: path)
                extra += 1
            }
            for (path, text) in pendingFeeds.wait() {
                try writer.write(text, to: path)
                extra += 1
            }
        }
        try timer.measure("swap") {
            do {
                try writer.commit()
            } catch {
                throw BuildError(description: "\(error)")
            }
        }
        finished = true
        if options.keepsModelsUntilExit { ExitRetention.keep((context, search, documents)) }
        return Summary(products: context.products.count, pages: files, files: files + extra, rewritten: writer.rewrittenCount,
                       timings: timer.timings)
    }

    /// The templates to use and the name diagnostics show for them: the repository's own
    /// `template_dir`, else `ATRIUM_TEMPLATE_DIR`, else the default `site-template/` of `AtriumHome`
    /// (`ATRIUM_HOME` or the checkout this binary was built from; said in a note, so nobody wonders).
    static func templateDirectory(root: String, configured: String, sink: DiagnosticSink) throws -> (String, String) {
        let own = root + "/" + configured
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: own, isDirectory: &isDirectory), isDirectory.boolValue {
            // The repository's own templates must be in the repository, as its content must.
            if let resolved = LocalFileSystem().resolvedPath(own), !resolved.hasPrefix(root + "/") {
                sink.report(Diagnostic(
                    rule: .fileOutsideRepository,
                    message: "the template folder `\(configured)` is a symbolic link to `\(resolved)`, outside the repository; nothing in it was read",
                    span: .wholeFile(configured), help: "replace the link with the folder itself"))
                throw BuildError(description: "the template folder `\(configured)/` is outside the repository")
            }
            return (own, configured)
        }
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["ATRIUM_TEMPLATE_DIR"], !explicit.isEmpty { candidates.append(explicit) }
        candidates += AtriumHome.candidates().map { $0.appendingPathComponent("site-template").path }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/templates", isDirectory: &isDirectory) && isDirectory.boolValue {
            sink.report(Diagnostic(
                rule: .templateMissing, severity: .note,
                message: "the repository has no `\(configured)/` folder; using Atrium's default templates from `\(candidate)`",
                span: nil, help: "copy that folder to `\(configured)/` in the repository to restyle the portal"))
            return (candidate, candidate)
        }
        throw BuildError(description: "there is no `\(configured)/` folder with the portal's templates; copy Atrium's `site-template/` into the repository, or set `template_dir` in atrium.yml")
    }

    /// `https://x.org/portal` → `https://x.org/portal/`.
    static func normalizedBaseURL(_ url: String) -> String {
        url.hasSuffix("/") ? url : url + "/"
    }

    /// What is kept of a product page once it is rendered: what the attachments, the search index
    /// and the report need, and the HTML itself only while it may not be written yet.
    struct WrittenProductPage: Sendable {
        var url: String
        var files: [String]
        var diagnostics: [Diagnostic]
        var search: SearchIndexBuilder.Document
        var html: String?
        var failure: String?
    }

    /// Unchecked: see `ProductPage`.
    struct RenderedPage: @unchecked Sendable {
        var template: String
        var url: String
        var model: [String: Any]
    }

    // MARK: Page frames

    /// What every page gets around its own view model: `root`, `site`, `page`, `nav`.
    func frame(_ context: SiteContext, kind: String, url: String, title: String, description: String,
               language: String = "en", root: String? = nil, extra: [String: Any]) -> [String: Any] {
        var model = extra
        let root = root ?? SiteContext.root(for: url)
        model["root"] = root
        model["site"] = context.siteModel
        model["page"] = [
            "kind": kind, "title": title, "description": description,
            "lang": language, "dir": LanguageText.direction(language),
            "canonical": kind == "not-found" ? Absent() as Any : context.baseURL + url,
            "noindex": context.audience == .internal || kind == "not-found",
            "isSearch": kind == "search",
        ] as [String: Any]
        let current: String = switch kind {
        case "home": ""
        case "search": "search/"
        case "browse", "taxonomy", "listing": "browse/"
        case "insights", "freshness", "gaps", "lessons", "plans", "experts": "insights/"
        default: "-"
        }
        model["nav"] = [("Home", ""), ("Browse", "browse/"), ("Insights", "insights/"), ("Search", "search/")].map { label, target in
            ["label": label, "url": target, "href": root + target, "current": target == current] as [String: Any]
        }
        return model
    }

    // MARK: Listings, home, browse, search, 404

    func listingPages(_ context: SiteContext, templates: TemplateSet) -> [RenderedPage] {
        var pages: [RenderedPage] = []
        let views = ViewModels(context: context, root: "")
        // A product shows in a listing of every taxonomy it carries (about nine each), so each
        // card is rendered once per distinct page depth and reused.
        let cardsByRoot = ["../../", "../../../../"].map { root -> (String, [String: String]) in
            let views = ViewModels(context: context, root: root)
            let rendered = ParallelMap.map(context.products) { product in
                var model = views.card(product)
                model["root"] = root
                return templates.render("card", model)
            }
            return (root, Dictionary(zip(context.products.map(\.id), rendered), uniquingKeysWith: { first, _ in first }))
        }
        let cards = Dictionary(uniqueKeysWithValues: cardsByRoot)
        var groups: [TaxonomyKind: [String: [Product]]] = [:]
        for product in context.products {
            for kind in TaxonomyKind.browsable {
                for term in Set(context.terms(kind, of: product)) { groups[kind, default: [:]][term, default: []].append(product) }
            }
        }
        func termList(_ kind: TaxonomyKind, limit: Int? = nil) -> [[String: Any]] {
            let terms = (groups[kind] ?? [:]).sorted { a, b in
                if limit != nil, a.value.count != b.value.count { return a.value.count > b.value.count }
                return (context.label(kind, a.key), a.key) < (context.label(kind, b.key), b.key)
            }
            return terms.prefix(limit ?? terms.count).map { term, products in
                ["label": context.label(kind, term), "url": context.url(of: kind, term: term), "count": products.count] as [String: Any]
            }
        }
        for kind in TaxonomyKind.browsable {
            let url = kind.folder + "/"
            pages.append(RenderedPage(template: "taxonomy", url: url, model: frame(
                context, kind: "taxonomy", url: url, title: kind.title,
                description: "\(kind.title) of the \(context.configuration.site.title)",
                extra: ["taxonomy": ["title": kind.title, "url": url, "terms": termList(kind)] as [String: Any]])))
            for (term, products) in (groups[kind] ?? [:]).sorted(by: { $0.key < $1.key }) {
                let label = context.label(kind, term)
                let base = context.url(of: kind, term: term)
                let pageCount = max(1, (products.count + Self.pageSize - 1) / Self.pageSize)
                let pageURLs = (1...pageCount).map { $0 == 1 ? base : base + "page/\($0)/" }
                for number in 1...pageCount {
                    let url = pageURLs[number - 1]
                    let slice = products[((number - 1) * Self.pageSize)..<min(number * Self.pageSize, products.count)]
                    let root = SiteContext.root(for: url)
                    let pagination: Any = pageCount > 1 ? Self.pagination(number, of: pageURLs, root: root)
                        : Absent(like: Self.pagination(1, of: [base, base + "page/2/"], root: root))
                    let countLabel = "\(products.count) product\(products.count == 1 ? "" : "s")"
                    pages.append(RenderedPage(template: "listing", url: url, model: frame(
                        context, kind: "listing", url: url, title: number == 1 ? label : "\(label), page \(number)",
                        description: "\(countLabel): \(kind.singular.lowercased()) \(label)",
                        extra: ["listing": [
                            "title": label, "kindLabel": kind.singular, "description": Absent(), "url": url,
                            "parentURL": kind.folder + "/", "parentTitle": kind.title,
                            "count": products.count, "countLabel": countLabel,
                            "items": slice.map { ["html": cards[root]?[$0.id] ?? ""] as [String: Any] },
                            "pagination": pagination,
                        ] as [String: Any]])))
                }
            }
        }
        let taxonomies = { (limit: Int?) in
            TaxonomyKind.browsable.filter { !(groups[$0] ?? [:]).isEmpty }.map { kind in
                ["key": kind.rawValue, "title": kind.title, "url": kind.folder + "/", "terms": termList(kind, limit: limit)] as [String: Any]
            }
        }
        pages.append(RenderedPage(template: "browse", url: "browse/", model: frame(
            context, kind: "browse", url: "browse/", title: "Browse", description: "Every product by type, topic, place and unit",
            extra: ["taxonomies": taxonomies(nil)])))
        let byRevision = context.products.compactMap { product -> (Product, CalendarDate)? in
            guard let date = context.freshnessByPath[product.path]?.history?.lastSubstantiveCommit?.date else { return nil }
            return (product, date)
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.id < $1.0.id }
        let title = context.configuration.site.title
        pages.append(RenderedPage(template: "home", url: "", model: frame(
            context, kind: "home", url: "", title: title,
            description: "Guidance, lessons and research from across the organization, in one place",
            extra: ["home": [
                "lead": "Guidance, lessons learned, research and tools from every office, in one place, with the date each was last revised.",
                "latest": context.products.prefix(6).map(views.card),
                "updated": byRevision.prefix(6).map { views.card($0.0) },
            ] as [String: Any], "taxonomies": taxonomies(8)])))
        pages.append(RenderedPage(template: "search", url: "search/", model: frame(
            context, kind: "search", url: "search/", title: "Search", description: "Search every product", extra: [:])))
        // Served at any missing address, so its links start from the site's own path.
        let basePath = URL(string: context.baseURL)?.path ?? "/"
        pages.append(RenderedPage(template: "not-found", url: "404.html", model: frame(
            context, kind: "not-found", url: "404.html", title: "Page not found", description: "There is no page at this address",
            root: basePath.hasSuffix("/") ? basePath : basePath + "/", extra: [:])))
        return pages
    }

    /// Page links around the current page: the first, the last, and two either side of the
    /// current one, with a gap (`isGap`) where numbers are left out, so that a listing of a
    /// hundred pages does not print a hundred links on each of them.
    static func pagination(_ number: Int, of urls: [String], root: String) -> [String: Any] {
        let link = { (index: Int) -> Any in
            urls.indices.contains(index) ? ["url": urls[index], "href": root + urls[index]] as [String: Any]
                : Absent(like: ["url": "", "href": ""])
        }
        let shown = pageNumbersShown(current: number, total: urls.count)
        var window: [[String: Any]] = []
        for (position, page) in shown.enumerated() {
            if position > 0, page - shown[position - 1] > 1 {
                window.append(["number": "", "url": "", "href": "", "isCurrent": false, "isGap": true])
            }
            window.append(["number": page, "url": urls[page - 1], "href": root + urls[page - 1], "isCurrent": page == number, "isGap": false])
        }
        return [
            "current": number, "total": urls.count,
            "previous": link(number - 2), "next": link(number),
            // Every page, as templates written before the window had it.
            "pages": urls.enumerated().map { ["number": $0 + 1, "url": $1, "href": root + $1, "isCurrent": $0 + 1 == number] as [String: Any] },
            "window": window,
        ]
    }

    /// 1-based page numbers linked from page `current` of `total`; a gap of one page is filled
    /// in rather than shown as a gap.
    static func pageNumbersShown(current: Int, total: Int) -> [Int] {
        let window = 2
        var numbers = Set([1, total])
        for page in (current - window)...(current + window) where (1...total).contains(page) { numbers.insert(page) }
        let sorted = numbers.sorted()
        var filled: [Int] = []
        for page in sorted {
            if let previous = filled.last, page - previous == 2 { filled.append(previous + 1) }
            filled.append(page)
        }
        return filled
    }

    func sitemapURLs(_ context: SiteContext, dashboards: [String]) -> [(String, CalendarDate?)] {
        var urls: [(String, CalendarDate?)] = [("", nil), ("browse/", nil)] + dashboards.sorted().map { ($0, nil) }
        for product in context.products {
            let record = context.freshnessByPath[product.path]
            urls.append((context.url(of: product), record?.history?.lastCommit?.date ?? product.date))
        }
        return urls
    }

    // MARK: Search and files

    func searchDocument(_ product: Product, _ page: ProductPage, _ context: SiteContext) -> SearchIndexBuilder.Document {
        let record = context.freshnessByPath[product.path]
        let texts = { (field: String) in (product.frontMatter[field]?.elements ?? []).compactMap(\.text).joined(separator: " ") }
        let labels = TaxonomyKind.browsable.flatMap { kind in context.terms(kind, of: product).map { context.label(kind, $0) } }
        return SearchIndexBuilder.Document(
            url: context.url(of: product), title: product.title ?? product.id, summary: product.summary ?? "",
            typeLabel: SiteContext.typeLabel(product.type ?? ""), date: product.date?.description ?? "",
            language: product.language ?? "en", freshness: (record?.assessment.state ?? .current).rawValue,
            facets: SearchIndexBuilder.facetKinds.map { context.terms($0, of: product) },
            fields: [(product.title ?? "", 10), (String(product.id.map { $0 == "-" ? " " : $0 }), 6), (texts("tags"), 6),
                     (texts("authors"), 4), (labels.joined(separator: " "), 3), (product.summary ?? "", 3),
                     (page.headings.joined(separator: " "), 2)],
            body: page.searchText)
    }

    /// Every asset, and the assets folder itself, that is a symbolic link resolving outside the
    /// template folder, as an error each; such a file is never read.
    static func assetsLinkedOutside(_ directory: String, displayPath: String, boundary: String) -> [Diagnostic] {
        let fileSystem = LocalFileSystem()
        guard let canonicalBoundary = fileSystem.resolvedPath(boundary), fileSystem.fileKind(atPath: directory) != .missing else { return [] }
        func problem(_ shown: String) -> Diagnostic {
            Diagnostic(rule: .fileOutsideRepository, message: "`\(shown)` is a symbolic link to a place outside the template folder; it was not read",
                       span: .wholeFile(shown), help: "copy the file into the template folder instead of linking to it: assets are published as they are")
        }
        guard resolves(directory, inside: canonicalBoundary) else { return [problem(displayPath)] }
        let names = ((try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []).sorted()
        return names.filter { !resolves(directory + "/" + $0, inside: canonicalBoundary) }.map { problem(displayPath + "/" + $0) }
    }

    /// Whether `path` resolves to `canonicalBoundary` or below it; a path that resolves to nothing
    /// (a dangling link) leads nowhere it could be read from.
    static func resolves(_ path: String, inside canonicalBoundary: String) -> Bool {
        guard let resolved = LocalFileSystem().resolvedPath(path) else { return true }
        return resolved == canonicalBoundary || resolved.hasPrefix(canonicalBoundary + "/")
    }

    /// Copies `site-template/assets/` into `assets/`, sorted so builds are reproducible. Links out
    /// of the template folder were refused before the build began, and are skipped here too.
    func copyAssets(from directory: String, writer: SiteWriter) throws -> Int {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return 0 }
        let boundary = LocalFileSystem().resolvedPath(directory + "/..") ?? directory
        var count = 0
        for relative in enumerator.allObjects.compactMap({ $0 as? String }).sorted() {
            var isDirectory: ObjCBool = false
            let source = directory + "/" + relative
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
                  Self.resolves(source, inside: boundary),
                  let data = FileManager.default.contents(atPath: source) else { continue }
            try writer.write(data, to: "assets/" + relative)
            count += 1
        }
        return count
    }
}
