import AtriumCore
import Foundation

/// The portal's machine-readable files: an Atom feed, the sitemap, robots.txt.
enum FeedWriter {
    static let feedEntries = 50

    /// New and updated products, newest change first. Dates come from git and `date`, never the
    /// clock, so two builds of one commit write the same feed.
    static func atom(_ context: SiteContext) -> String {
        let entries = context.products.map { product -> (Product, CalendarDate) in
            let record = context.freshnessByPath[product.path]
            let changed = record?.history?.lastSubstantiveCommit?.date
            let issued = product.date ?? changed ?? context.now
            return (product, max(changed ?? issued, issued))
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.id < $1.0.id }.prefix(feedEntries)
        let updated = entries.first?.1 ?? context.now
        var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>\(MarkupText.escape(context.configuration.site.title))</title>
          <subtitle>New and updated knowledge products</subtitle>
          <link rel="self" type="application/atom+xml" href="\(MarkupText.escape(context.baseURL))feed.xml"/>
          <link rel="alternate" type="text/html" href="\(MarkupText.escape(context.baseURL))"/>
          <id>\(MarkupText.escape(context.baseURL))</id>
          <updated>\(timestamp(updated))</updated>
          <generator>Atrium</generator>

        """
        for (product, changed) in entries {
            let url = context.baseURL + context.url(of: product)
            xml += """
              <entry xml:lang="\(MarkupText.escape(product.language ?? "en"))">
                <title>\(MarkupText.escape(product.title ?? product.id))</title>
                <link rel="alternate" type="text/html" href="\(MarkupText.escape(url))"/>
                <id>\(MarkupText.escape(url))</id>
                <published>\(timestamp(product.date ?? changed))</published>
                <updated>\(timestamp(changed))</updated>
                <author><name>\(MarkupText.escape(context.label(.unit, product.owner ?? "")))</name></author>
                <category term="\(MarkupText.escape(product.type ?? ""))" label="\(MarkupText.escape(SiteContext.typeLabel(product.type ?? "")))"/>
                <summary>\(MarkupText.escape(product.summary ?? ""))</summary>
              </entry>

            """
        }
        return xml + "</feed>\n"
    }

    static func sitemap(_ context: SiteContext, pages: [(String, CalendarDate?)]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for (url, modified) in pages {
            xml += "  <url><loc>\(MarkupText.escape(context.baseURL + url))</loc>"
            if let modified { xml += "<lastmod>\(modified)</lastmod>" }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }

    /// The public portal invites crawlers; the internal one asks them to stay out.
    static func robots(_ context: SiteContext) -> String {
        switch context.audience {
        case .public: return "User-agent: *\nAllow: /\n\nSitemap: \(context.baseURL)sitemap.xml\n"
        case .internal: return "# Internal edition: not for search engines.\nUser-agent: *\nDisallow: /\n"
        }
    }

    static func timestamp(_ date: CalendarDate) -> String { "\(date)T00:00:00Z" }

}
