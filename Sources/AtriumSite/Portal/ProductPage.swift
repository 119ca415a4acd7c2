import AtriumContent
import AtriumCore
import AtriumFreshness
import Foundation

/// One product's page: the view model its template gets, the files it needs copied, and what
/// the search index takes from it.
/// Unchecked: the view model holds only value types and `Absent`, and is not mutated once built.
struct ProductPage: @unchecked Sendable {
    var url: String
    var model: [String: Any]
    /// Repository-relative files the page links to (attachments, images): copied into `files/`.
    var files: [String]
    var searchText: String
    var headings: [String]
    var diagnostics: [Diagnostic]
}

/// Builds view models from products. Pure apart from reading attachment sizes.
struct ViewModels {
    let context: SiteContext
    let root: String
    private let renderer = MarkdownRenderer()

    init(context: SiteContext, root: String) {
        self.context = context
        self.root = root
    }

    // MARK: Cards

    func card(_ product: Product) -> [String: Any] {
        let language = product.language ?? "en"
        let record = context.freshnessByPath[product.path]
        let url = context.url(of: product)
        return [
            "title": product.title ?? product.id,
            "url": url,
            "href": root + url,
            "summary": product.summary ?? "",
            "typeLabel": SiteContext.typeLabel(product.type ?? ""),
            "date": product.date?.description ?? "",
            "dateDisplay": product.date.map(DateText.display) ?? "",
            "lang": language,
            "dir": LanguageText.direction(language),
            "freshness": freshness(record),
            "statusNote": statusNote(product.status),
            "isInternal": context.audience == .internal && product.audience != "public",
        ]
    }

    func freshness(_ record: ProductFreshness?) -> [String: Any] {
        let state = record?.assessment.state ?? .current
        return ["state": state.rawValue, "label": FreshnessText.label(state), "description": FreshnessText.description(record)]
    }

    func statusNote(_ status: String?) -> Any {
        switch status {
        case "draft": return "Draft"
        case "in-review": return "In review"
        case "archived": return "Archived"
        case "superseded": return "Superseded"
        default: return Absent()
        }
    }

    /// Marks the last element of a list, for separators.
    static func markingLast(_ items: [[String: Any]]) -> [[String: Any]] {
        items.enumerated().map { index, item in
            var item = item
            item["last"] = index == items.count - 1
            return item
        }
    }

    // MARK: The product page

    /// A product's body as its page shows it, with the files its links need and what its links
    /// that lead nowhere in this build were reported as.
    struct RenderedBody: Sendable {
        var rendered: MarkdownRenderer.Rendered
        var files: [String]
        var diagnostics: [Diagnostic]
    }

    /// Renders `product`'s body, with links rewritten for this build; `render` parses and renders
    /// with the link rewriter it is given (or renders a parse the check already made).
    func body(of product: Product, render: (@escaping (String) -> String?) -> MarkdownRenderer.Rendered) -> RenderedBody {
        var diagnostics: [Diagnostic] = []
        var files: [String] = []
        let rendered = render { destination in
            resolveLink(destination, from: product, files: &files, diagnostics: &diagnostics)
        }
        return RenderedBody(rendered: rendered, files: files, diagnostics: diagnostics)
    }

    /// `prerendered`: the body, when the check's parse rendered it already (`PrerenderedBodies`).
    func productPage(_ product: Product, prerendered: RenderedBody? = nil) -> ProductPage {
        let url = context.url(of: product)
        let body = prerendered ?? self.body(of: product) { renderer.render(product.body, rewriteLink: $0) }
        let rendered = body.rendered
        var diagnostics = body.diagnostics
        var files = body.files
        var model = card(product)
        let record = context.freshnessByPath[product.path]
        let language = product.language ?? "en"
        model["id"] = product.id
        let typeURL = context.url(of: .type, term: product.type ?? "")
        model["typeURL"] = typeURL
        model["typeHref"] = root + typeURL
        // The portal's own words (labels, notices, the panel) keep its language inside a product in another.
        model["uiLang"] = SiteContext.interfaceLanguage
        model["uiDir"] = LanguageText.direction(SiteContext.interfaceLanguage)
        model["owner"] = unitLink(product.owner)
        let authors = strings(product.frontMatter["authors"])
        model["hasAuthors"] = !authors.isEmpty
        model["authorsText"] = authors.joined(separator: ", ")
        model["bodyHTML"] = rendered.html
        let toc = rendered.headings.filter { $0.level >= 2 && $0.level <= 3 }
        model["hasToc"] = toc.count >= 3
        model["toc"] = toc.map { ["level": $0.level, "text": $0.text, "anchor": $0.anchor] as [String: Any] }
        model["overdue"] = overdue(product, record)
        model["supersededBy"] = links(product, field: "superseded_by", reverse: "supersedes")
        model["supersedes"] = links(product, field: "supersedes", reverse: "superseded_by")
        let translations = self.translations(of: product)
        model["hasTranslations"] = !translations.isEmpty
        model["translations"] = Self.markingLast(translations)
        let recommendations = self.recommendations(product)
        model["hasRecommendations"] = !recommendations.isEmpty
        model["recommendations"] = recommendations
        let implemented = recommendations.filter { ($0["status"] as? String) == "implemented" }.count
        model["recommendationSummary"] = "\(implemented) of \(recommendations.count) recommendation\(recommendations.count == 1 ? "" : "s") implemented."
        let attachments = self.attachments(product, diagnostics: &diagnostics)
        files += attachments.compactMap { $0["path"] as? String }
        model["hasAttachments"] = !attachments.isEmpty
        model["attachments"] = attachments
        model["facts"] = facts(product, language: language)
        model["history"] = history(record)
        model["lastReviewed"] = record?.lastReviewed?.description ?? Absent()
        model["hasLastReviewed"] = record?.lastReviewed != nil
        model["hasReviewDue"] = record?.assessment.due != nil
        model["lastReviewedDisplay"] = record?.lastReviewed.map(DateText.display) ?? ""
        model["due"] = record?.assessment.due?.description ?? Absent()
        model["dueDisplay"] = record?.assessment.due.map(DateText.display) ?? ""
        let related = relatedProducts(product)
        model["hasRelated"] = !related.isEmpty
        model["related"] = related
        return ProductPage(url: url, model: model, files: files, searchText: rendered.text,
                           headings: rendered.headings.map(\.text), diagnostics: diagnostics)
    }

    private func strings(_ node: MetadataNode?) -> [String] {
        (node?.elements ?? []).compactMap(\.text)
    }

    /// A unit as a link to its listing, or `Absent` shaped like one.
    private func unitLink(_ unit: String?) -> Any {
        guard let unit else { return Absent(like: ["label": "", "url": "", "href": ""]) }
        let url = context.url(of: .unit, term: unit)
        return ["label": context.label(.unit, unit), "url": url, "href": root + url] as [String: Any]
    }

    private func overdue(_ product: Product, _ record: ProductFreshness?) -> Any {
        guard let record, record.assessment.state == .overdue, let due = record.assessment.due else {
            return Absent(like: overdueModel(revised: nil, due: context.now, owner: "unit"))
        }
        return overdueModel(revised: record.history?.lastSubstantiveCommit?.date ?? record.assessment.referenceDate, due: due, owner: product.owner)
    }

    private func overdueModel(revised: CalendarDate?, due: CalendarDate, owner: String?) -> [String: Any] {
        [
            "lastRevised": revised?.description ?? "",
            "lastRevisedDisplay": revised.map(DateText.display) ?? "an unknown date",
            "due": due.description,
            "dueDisplay": DateText.display(due),
            "contact": unitLink(owner),
        ]
    }

    /// Products named in `field`, plus those that name this one in `reverse`: supersession shows both ways.
    private func links(_ product: Product, field: String, reverse: String) -> [[String: Any]] {
        let ids = strings(product.frontMatter[field]) + (context.namedBy[reverse]?[product.id] ?? [])
        var seen = Set<String>([product.id])
        return ids.filter { seen.insert($0).inserted }.compactMap { context.productsByID[$0] }.map(reference)
    }

    private func reference(_ product: Product) -> [String: Any] {
        let url = context.url(of: product)
        return ["title": product.title ?? product.id, "url": url, "href": root + url, "lang": product.language ?? "en"]
    }

    /// The original and every other translation of the same original, both ways.
    private func translations(of product: Product) -> [[String: Any]] {
        let original = product.frontMatter["translation_of"]?.text ?? product.id
        let family = [original] + (context.namedBy["translation_of"]?[original] ?? [])
        return family.filter { $0 != product.id }.compactMap { context.productsByID[$0] }.map { other in
            var item = reference(other)
            item["languageName"] = LanguageText.name(other.language ?? "")
            return item
        }
    }

    private func recommendations(_ product: Product) -> [[String: Any]] {
        (product.frontMatter["recommendations"]?.elements ?? []).filter(\.isMapping).map { node in
            let status = node["status"]?.text ?? "open"
            let due = node["due"]?.text.flatMap { CalendarDate(iso: $0) }
            var evidence: Any = Absent(like: ["label": "", "url": "", "hasLink": false])
            if let value = node["evidence"]?.text {
                if let target = context.productsByID[value] {
                    evidence = ["label": target.title ?? target.id, "url": root + context.url(of: target), "hasLink": true] as [String: Any]
                } else if value.hasPrefix("https://") || value.hasPrefix("http://") {
                    evidence = ["label": value, "url": value, "hasLink": true] as [String: Any]
                } else {
                    // An id this audience may not see: say there is evidence without naming it.
                    evidence = ["label": "Recorded in an internal product", "url": Absent(), "hasLink": false] as [String: Any]
                }
            }
            return [
                "id": node["id"]?.text ?? "",
                "text": node["text"]?.text ?? "",
                "owner": unitLink(node["owner"]?.text),
                "due": due?.description ?? Absent(),
                "hasDue": due != nil,
                "dueDisplay": due.map(DateText.display) ?? "",
                "status": status,
                "statusLabel": SiteContext.typeLabel(status),
                "isLate": due.map { $0 < context.now } == true && status != "implemented" && status != "not-accepted",
                "evidence": evidence,
            ] as [String: Any]
        }
    }

    private func attachments(_ product: Product, diagnostics: inout [Diagnostic]) -> [[String: Any]] {
        strings(product.frontMatter["attachments"]).filter { path in
            guard let reason = context.withholding(file: path) else { return true }
            diagnostics.append(withheld(path, from: product, reason))
            return false
        }.map { path in
            let size = (try? FileManager.default.attributesOfItem(atPath: context.repositoryRoot + "/" + path)[.size] as? Int) ?? 0
            let url = Self.fileURL(path)
            return [
                "name": (path as NSString).lastPathComponent,
                "url": url,
                "href": root + url,
                "path": path,
                "kind": Self.fileKind(path),
                "size": Self.byteCount(size),
            ] as [String: Any]
        }
    }

    /// Where a repository file is published: `files/<repository path>`.
    static func fileURL(_ path: String) -> String {
        "files/" + path.split(separator: "/").map { SiteContext.urlSegment(String($0)) }.joined(separator: "/")
    }

    static func fileKind(_ path: String) -> String {
        let kinds = ["pdf": "PDF document", "csv": "CSV data", "xlsx": "Excel workbook", "xls": "Excel workbook",
                     "docx": "Word document", "doc": "Word document", "pptx": "PowerPoint slides", "txt": "Text file",
                     "svg": "SVG image", "png": "PNG image", "jpg": "JPEG image", "jpeg": "JPEG image", "json": "JSON data",
                     "zip": "ZIP archive", "odt": "OpenDocument text", "ods": "OpenDocument spreadsheet"]
        let suffix = (path as NSString).pathExtension.lowercased()
        return kinds[suffix] ?? (suffix.isEmpty ? "File" : suffix.uppercased() + " file")
    }

    static func byteCount(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        if bytes < 1024 * 1024 { return String(format: "%.0f KB", (Double(bytes) / 1024).rounded(.up)) }
        return String(format: "%.1f MB", Double(bytes) / 1024 / 1024)
    }

    /// The metadata panel: every field worth showing, type-specific ones included.
    private func facts(_ product: Product, language: String) -> [[String: Any]] {
        var rows: [[String: Any]] = []
        func row(_ label: String, _ values: [(String, String?)]) {
            guard !values.isEmpty else { return }
            // Linked values as a list, plain ones already joined (as `authorsText` is): a row of ten
            // tags is one name for the template to look up instead of fifty. Rows hold one kind or
            // the other; were one to hold both, the plain values would follow the links.
            let links = values.compactMap { text, url in url.map { ["text": text, "url": $0, "href": root + $0] as [String: Any] } }
            let plain = values.filter { $0.1 == nil }.map(\.0)
            let text = (links.isEmpty || plain.isEmpty ? "" : ", ") + plain.joined(separator: ", ")
            rows.append(["label": label, "links": Self.markingLast(links), "text": text,
                         // Every value in order, as templates written before `links` and `text` had them.
                         "values": Self.markingLast(values.map { text, url in
                             ["text": text, "url": url ?? Absent(), "href": url.map { root + $0 } ?? Absent(), "hasLink": url != nil] as [String: Any]
                         })])
        }
        func terms(_ kind: TaxonomyKind, _ label: String) {
            row(label, context.terms(kind, of: product).map { (context.label(kind, $0), context.url(of: kind, term: $0)) })
        }
        terms(.type, "Type")
        terms(.unit, "Owner")
        if let date = product.date { row("Issued", [(DateText.display(date), nil)]) }
        row("Language", [(LanguageText.name(language), nil)])
        terms(.area, "Strategic areas")
        terms(.support, "Types of support")
        terms(.region, "Regions")
        terms(.country, "Countries")
        row("Tags", strings(product.frontMatter["tags"]).map { ($0, nil) })
        row("Reviewed by", strings(product.frontMatter["reviewers"]).map { ($0, nil) })
        row("Peer reviewers", strings(product.frontMatter["peer_reviewers"]).map { ($0, nil) })
        row("Approved by", strings(product.frontMatter["approved_by"]).map { ($0, nil) })
        if let approved = product.frontMatter["approved_on"]?.text.flatMap({ CalendarDate(iso: $0) }) {
            row("Approved on", [(DateText.display(approved), nil)])
        }
        if let interval = context.freshnessByPath[product.path]?.assessment.interval {
            row("Review interval", [(interval.description, nil)])
        }
        // The type's own fields, in the order written.
        guard case .mapping(let entries) = product.frontMatter.value else { return rows }
        for entry in entries where !Self.handledFields.contains(entry.key) {
            row(Self.fieldLabel(entry.key), flatten(entry.value).map { ($0, nil) })
        }
        return rows
    }

    static let handledFields: Set<String> = [
        "id", "title", "type", "summary", "owner", "date", "audience", "status", "language", "authors", "strategic_areas",
        "support_types", "regions", "countries", "tags", "reviewers", "peer_reviewers", "approved_by", "approved_on",
        "review_interval", "last_reviewed", "supersedes", "superseded_by", "related", "recommendations", "attachments",
        "translation_of",
    ]

    /// Type-specific fields, inside lists of mappings, whose values are product ids (a plan's `planned[].delivered_as`).
    static let productIDFields: Set<String> = ["delivered_as"]

    /// `practice_area` → `Practice area`.
    static func fieldLabel(_ key: String) -> String {
        SiteContext.typeLabel(key.replacingOccurrences(of: "_", with: "-"))
    }

    /// A field's value as lines of text: scalars as written, mappings as `key: value`.
    private func flatten(_ node: MetadataNode) -> [String] {
        switch node.value {
        case .scalar:
            return node.text.map { text in [CalendarDate(iso: text).map(DateText.display) ?? text] } ?? []
        case .sequence(let items):
            return items.flatMap { item in item.isMapping ? [flatten(item).joined(separator: "; ")] : flatten(item) }
        case .mapping(let entries):
            return entries.compactMap { entry in
                var values = flatten(entry.value)
                if Self.productIDFields.contains(entry.key) {
                    // A product id shows as that product's title, and not at all when this audience does not get the product.
                    values = values.compactMap { context.productsByID[$0].map { $0.title ?? $0.id } }
                    if values.isEmpty { return nil }
                }
                return "\(Self.fieldLabel(entry.key)): \(values.joined(separator: ", "))"
            }
        }
    }

    private func history(_ record: ProductFreshness?) -> [String: Any] {
        let history = record?.history
        let revised = history?.lastSubstantiveCommit ?? history?.createdCommit
        let contributors = (history?.contributors ?? []).map { person -> [String: Any] in
            // E-mail addresses from git never reach the public build.
            ["name": person.name, "email": context.audience == .internal && !person.email.isEmpty ? person.email : Absent()]
        }
        return [
            "lastRevised": revised.map { $0.date.description } ?? Absent(),
            "lastRevisedDisplay": revised.map { DateText.display($0.date) } ?? "",
            "hasLastRevised": revised != nil,
            "commit": revised.map { String($0.id.prefix(10)) } ?? Absent(),
            "hasCommit": revised != nil,
            "lowerBound": context.datesAreLowerBounds,
            "uncommitted": history?.uncommitted ?? false,
            "created": history?.createdCommit.map { $0.date.description } ?? Absent(),
            "hasCreated": history?.createdCommit != nil,
            "createdDisplay": history?.createdCommit.map { DateText.display($0.date) } ?? "",
            "revisions": history?.revisions ?? 0,
            "hasContributors": !contributors.isEmpty,
            "contributors": Self.markingLast(contributors),
        ]
    }

    private func relatedProducts(_ product: Product) -> [[String: Any]] {
        var seen = Set<String>([product.id])
        return strings(product.frontMatter["related"]).filter { seen.insert($0).inserted }
            .compactMap { context.productsByID[$0] }.map(card)
    }

    // MARK: Links in bodies

    /// Where a link in `product`'s body goes in the site: other products by relative path or
    /// `atrium:ID`, repository files by relative path (copied into the site); nil drops the link.
    private func resolveLink(_ destination: String, from product: Product, files: inout [String], diagnostics: inout [Diagnostic]) -> String? {
        switch LinkDestination(destination, from: product.path) {
        case .asWritten:
            return destination
        case .product(let id, let fragment):
            return target(id: id, from: product, diagnostics: &diagnostics).map { root + $0 + fragment }
        case .outsideRepository:
            return nil
        case .repositoryFile(let path, let written, let fragment):
            if written.hasSuffix(".md") {
                if let linked = context.productsByPath[path] { return root + context.url(of: linked) + fragment }
                return target(id: nil, path: path, from: product, diagnostics: &diagnostics)
            }
            // The check refused a NUL in a path; never hand one to the file system here either.
            guard !path.utf8.contains(0) else { return nil }
            if let reason = context.withholding(file: path) {
                diagnostics.append(withheld(path, from: product, reason))
                return nil
            }
            files.append(path)
            return root + Self.fileURL(path) + fragment
        }
    }

    /// A file `product` links to or lists that this build leaves out: hidden, or another product's that this audience does not get.
    private func withheld(_ path: String, from product: Product, _ withholding: SiteContext.Withholding) -> Diagnostic {
        let (reason, help): (String, String)
        switch withholding {
        case .product(let owner):
            reason = "a file of `\(owner)`, which is not in the \(context.audience.rawValue) build"
            help = "publish `\(owner)`, or move the file out of its attachments folder, or remove the link"
        case .hidden:
            reason = "a hidden file (its name or a folder's starts with `.`), which no build publishes"
            help = "move the file out of the hidden folder, or remove the link"
        case .activeDocument:
            reason = "a web page or script, which would run on the portal's address"
            help = "publish it as a PDF, or in a .zip archive, or remove the link"
        }
        return Diagnostic(rule: .referenceUnresolved, severity: .warning,
                          message: "`\(product.id)` links to `\(path)`, \(reason); the file is left out of the site",
                          span: .wholeFile(product.path), help: help)
    }

    private func target(id: String?, path: String? = nil, from product: Product, diagnostics: inout [Diagnostic]) -> String? {
        if let id, let target = context.productsByID[id] { return context.url(of: target) }
        // The check has already reported links that resolve to nothing; this one leads to a
        // product this audience does not get (a draft, or an internal product from an internal draft).
        diagnostics.append(Diagnostic(
            rule: .referenceUnresolved, severity: .warning,
            message: "a link in `\(product.id)` leads to \(id.map { "`\($0)`" } ?? "`\(path ?? "")`"), which is not in the \(context.audience.rawValue) build; the link is left out and its text kept",
            span: .wholeFile(product.path), help: "publish the linked product, or remove the link"))
        return nil
    }
}
