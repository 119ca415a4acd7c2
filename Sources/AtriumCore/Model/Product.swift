/// A knowledge product as loaded: its file, its front matter with positions, and its body.
public struct Product: Sendable {
    /// Path relative to the repository root, with `/` separators.
    public var path: String
    /// The stable identifier: the `id` field, or the file name without `.md`.
    public var id: String
    /// Where the id comes from: the `id` value's span, or the file as a whole when derived.
    public var idSpan: SourceSpan
    /// The front matter's root mapping.
    public var frontMatter: MetadataNode
    /// The Markdown after the closing `---`.
    public var body: String
    /// The file line on which the body starts (1-based).
    public var bodyStartLine: Int

    public init(path: String, id: String, idSpan: SourceSpan, frontMatter: MetadataNode, body: String, bodyStartLine: Int) {
        self.path = path
        self.id = id
        self.idSpan = idSpan
        self.frontMatter = frontMatter
        self.body = body
        self.bodyStartLine = bodyStartLine
    }

    public var type: String? { frontMatter["type"]?.text }
    public var title: String? { frontMatter["title"]?.text }
    public var status: String? { frontMatter["status"]?.text }
    public var audience: String? { frontMatter["audience"]?.text }
    public var owner: String? { frontMatter["owner"]?.text }
    public var language: String? { frontMatter["language"]?.text }
    public var summary: String? { frontMatter["summary"]?.text }
    public var date: CalendarDate? { frontMatter["date"]?.text.flatMap { CalendarDate(iso: $0) } }
}

/// A Markdown file that may omit front matter by configuration (a README, an about page).
public struct Page: Sendable {
    public var path: String
    public var frontMatter: MetadataNode?
    public var body: String

    public init(path: String, frontMatter: MetadataNode?, body: String) {
        self.path = path
        self.frontMatter = frontMatter
        self.body = body
    }
}
