import AtriumCore
import Foundation

/// Reads `atrium.yml`. Every problem is a `config/invalid` diagnostic pointing into the file;
/// a configuration with errors is unusable and `atrium check` exits with status 2.
public struct ConfigurationLoader: Sendable {
    public static let fileName = "atrium.yml"

    private let fileSystem: FileSystem

    public init(fileSystem: FileSystem = LocalFileSystem()) {
        self.fileSystem = fileSystem
    }

    public struct Result: Sendable {
        /// Nil when the file is missing or unreadable; otherwise the configuration as far as it could be read.
        public var configuration: Configuration?
        public var diagnostics: [Diagnostic]
        /// The file's text, for quoting lines in diagnostics.
        public var source: SourceText?

        public var isUsable: Bool { configuration != nil && !diagnostics.contains { $0.severity == .error } }
    }

    public func load(root: String) -> Result {
        let path = (root as NSString).appendingPathComponent(Self.fileName)
        guard fileSystem.fileKind(atPath: path) != .missing else {
            return Result(configuration: nil, diagnostics: [Diagnostic(
                rule: .configInvalid, message: "no `\(Self.fileName)` in \(root)",
                span: nil, help: "run `atrium init` to create a knowledge repository, or pass the repository with `--root DIR`")],
                source: nil)
        }
        let data: Data
        do {
            data = try fileSystem.readFile(atPath: path)
        } catch {
            return Result(configuration: nil, diagnostics: [Diagnostic(
                rule: .configInvalid, message: "cannot read `\(Self.fileName)`: \(error.localizedDescription)",
                span: .wholeFile(Self.fileName))], source: nil)
        }
        guard case .text(let text, _) = TextDecoding.decode(data) else {
            return Result(configuration: nil, diagnostics: [Diagnostic(
                rule: .configInvalid, message: "`\(Self.fileName)` is not UTF-8 text",
                span: .wholeFile(Self.fileName), help: "save the file as UTF-8")], source: nil)
        }
        return parse(text)
    }

    /// Parses configuration text (exposed for tests).
    public func parse(_ text: String) -> Result {
        let file = Self.fileName
        let source = SourceText(path: file, text: text)
        let parsed = FrontMatterParser().parse(text, firstLine: 1, path: file)
        guard let root = parsed.root else {
            let diagnostics = parsed.diagnostics.map { diagnostic -> Diagnostic in
                var diagnostic = diagnostic
                if diagnostic.rule == .frontMatterNotMapping {
                    diagnostic.message = "`\(file)` must be a mapping of settings (`site:`, `taxonomies:`, …)"
                }
                return diagnostic
            }
            return Result(configuration: nil, diagnostics: diagnostics, source: source)
        }
        var reader = SettingsReader(file: file)
        reader.diagnostics = parsed.diagnostics
        let configuration = reader.read(root)
        return Result(configuration: configuration, diagnostics: reader.diagnostics, source: source)
    }
}

/// Walks the settings mapping, reporting each malformed or unknown setting where it is written.
private struct SettingsReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    private static let topLevelKeys = ["site", "content_dir", "schemas_dir", "template_dir", "content", "freshness",
                                       "review_intervals", "languages", "taxonomies", "rules", "timeliness", "defaults"]

    mutating func read(_ root: MetadataNode) -> Configuration {
        var configuration = Configuration()
        unknownKeys(in: root, allowed: Self.topLevelKeys, section: nil)
        if let site = mapping(root, "site") {
            unknownKeys(in: site, allowed: ["title", "base_url"], section: "site")
            configuration.site.title = string(site, "title") ?? configuration.site.title
            configuration.site.baseURL = string(site, "base_url") ?? configuration.site.baseURL
        }
        configuration.contentDirectory = relativeDirectory(root, "content_dir") ?? configuration.contentDirectory
        configuration.schemasDirectory = relativeDirectory(root, "schemas_dir") ?? configuration.schemasDirectory
        configuration.templateDirectory = relativeDirectory(root, "template_dir") ?? configuration.templateDirectory
        if let content = mapping(root, "content") {
            unknownKeys(in: content, allowed: ["front_matter_optional", "max_file_size"], section: "content")
            configuration.content.frontMatterOptional = strings(content, "front_matter_optional") ?? []
            if let node = content["max_file_size"] {
                if let size = byteSize(node) { configuration.content.maxFileSize = size } else {
                    invalid(node, "`content.max_file_size` must be a size such as `10 MB` or a number of bytes")
                }
            }
        }
        if let freshness = mapping(root, "freshness") {
            unknownKeys(in: freshness, allowed: ["ignore_revs_file", "non_substantive_trailer", "due_soon_window"], section: "freshness")
            configuration.freshness.ignoreRevisionsFile = string(freshness, "ignore_revs_file") ?? configuration.freshness.ignoreRevisionsFile
            configuration.freshness.nonSubstantiveTrailer = string(freshness, "non_substantive_trailer") ?? configuration.freshness.nonSubstantiveTrailer
            if let window = interval(freshness, "due_soon_window") { configuration.freshness.dueSoonWindow = window }
        }
        if let intervals = mapping(root, "review_intervals"), case .mapping(let entries) = intervals.value {
            for entry in entries {
                if let value = entry.value.text, let interval = ReviewInterval(parsing: value) {
                    configuration.reviewIntervals[entry.key] = interval
                } else {
                    invalid(entry.value, "review interval for `\(entry.key)` must look like `24 months`, `90 days` or `never`")
                }
            }
        }
        configuration.languages = strings(root, "languages") ?? []
        if let timeliness = mapping(root, "timeliness") {
            unknownKeys(in: timeliness, allowed: ["after_action_review_days", "end_of_assignment_report_days"], section: "timeliness")
            for (key, path) in [("after_action_review_days", \TimelinessSettings.afterActionReviewDays),
                                ("end_of_assignment_report_days", \TimelinessSettings.endOfAssignmentReportDays)] {
                guard let node = timeliness[key] else { continue }
                if case .scalar(let scalar) = node.value, case .integer(let days) = scalar.resolved, days >= 0 {
                    configuration.timeliness[keyPath: path] = days
                } else {
                    invalid(node, "`timeliness.\(key)` must be a whole number of days")
                }
            }
        }
        if let taxonomies = mapping(root, "taxonomies") {
            unknownKeys(in: taxonomies, allowed: ["units", "strategic_areas", "support_types", "regions", "countries"], section: "taxonomies")
            configuration.taxonomies = Taxonomies(
                units: terms(taxonomies, "units"),
                strategicAreas: terms(taxonomies, "strategic_areas"),
                supportTypes: terms(taxonomies, "support_types"),
                regions: terms(taxonomies, "regions"),
                countries: terms(taxonomies, "countries"))
        }
        if let defaults = mapping(root, "defaults") {
            unknownKeys(in: defaults, allowed: ["owner", "language"], section: "defaults")
            configuration.defaults = ProductDefaults(owner: string(defaults, "owner"), language: string(defaults, "language"))
            if let owner = configuration.defaults.owner, !configuration.taxonomies.units.contains(where: { $0.id == owner }),
               let node = defaults["owner"] {
                let suggestion = Suggestion.closest(to: owner, among: configuration.taxonomies.units.map(\.id))
                diagnostics.append(Diagnostic(rule: .configInvalid, severity: .warning, message: "`defaults.owner` is `\(owner)`, which is not a unit in `taxonomies.units`",
                                              span: node.span, help: suggestion.map { "did you mean `\($0)`?" } ?? "list the unit under `taxonomies.units`"))
            }
            if let language = configuration.defaults.language, !configuration.languages.isEmpty,
               !configuration.languages.contains(language), let node = defaults["language"] {
                diagnostics.append(Diagnostic(rule: .configInvalid, severity: .warning, message: "`defaults.language` is `\(language)`, which is not in `languages`",
                                              span: node.span, help: "use one of \(configuration.languages.joined(separator: ", ")), or add it to `languages`"))
            }
        }
        if let rules = mapping(root, "rules"), case .mapping(let entries) = rules.value {
            for entry in entries {
                guard let text = entry.value.text, let level = RuleLevel(rawValue: text) else {
                    invalid(entry.value, "rule `\(entry.key)` must be set to `error`, `warning` or `off`")
                    continue
                }
                if RuleID.named(entry.key) == nil {
                    let suggestion = Suggestion.closest(to: entry.key, among: RuleID.catalog.map(\.id))
                    diagnostics.append(Diagnostic(
                        rule: .configInvalid, severity: .warning, message: "unknown rule `\(entry.key)`", span: entry.keySpan,
                        help: suggestion.map { "did you mean `\($0)`?" } ?? "`atrium explain` lists the rules"))
                }
                configuration.rules[entry.key] = level
            }
        }
        return configuration
    }

    // MARK: Typed readers

    private mutating func mapping(_ node: MetadataNode, _ key: String) -> MetadataNode? {
        guard let value = node[key] else { return nil }
        guard value.isMapping else {
            invalid(value, "`\(key)` must be a mapping of settings")
            return nil
        }
        return value
    }

    private mutating func string(_ node: MetadataNode, _ key: String) -> String? {
        guard let value = node[key] else { return nil }
        guard case .scalar = value.value, let text = value.text else {
            invalid(value, "`\(key)` must be a single value")
            return nil
        }
        return text
    }

    private mutating func relativeDirectory(_ node: MetadataNode, _ key: String) -> String? {
        guard let text = string(node, key) else { return nil }
        let components = text.split(separator: "/")
        if text.hasPrefix("/") || components.contains("..") || text.contains("\0") || components.isEmpty {
            invalid(node[key]!, "`\(key)` must be a folder inside the repository, without `..`")
            return nil
        }
        return components.joined(separator: "/")
    }

    private mutating func strings(_ node: MetadataNode, _ key: String) -> [String]? {
        guard let value = node[key] else { return nil }
        guard case .sequence(let elements) = value.value else {
            invalid(value, "`\(key)` must be a list")
            return nil
        }
        return elements.compactMap { element in
            guard let text = element.text else {
                invalid(element, "items of `\(key)` must be single values")
                return nil
            }
            return text
        }
    }

    private mutating func interval(_ node: MetadataNode, _ key: String) -> ReviewInterval? {
        guard let text = string(node, key) else { return nil }
        guard let interval = ReviewInterval(parsing: text) else {
            invalid(node[key]!, "`\(key)` must look like `60 days` or `2 months`")
            return nil
        }
        return interval
    }

    private mutating func terms(_ node: MetadataNode, _ key: String) -> [TaxonomyTerm] {
        guard let value = node[key] else { return [] }
        guard case .sequence(let elements) = value.value else {
            invalid(value, "`taxonomies.\(key)` must be a list of terms")
            return []
        }
        var terms: [TaxonomyTerm] = []
        var seen: [String: SourceSpan] = [:]
        for element in elements {
            let term: TaxonomyTerm
            if let id = element.text, !element.isMapping {
                term = TaxonomyTerm(id: id, name: id)
            } else if element.isMapping, let id = element["id"]?.text {
                unknownKeys(in: element, allowed: ["id", "name", "kind", "region"], section: "taxonomies.\(key)")
                term = TaxonomyTerm(id: id, name: element["name"]?.text ?? id,
                                    kind: element["kind"]?.text, region: element["region"]?.text)
            } else {
                invalid(element, "each term of `taxonomies.\(key)` needs an `id` (and usually a `name`)")
                continue
            }
            if let first = seen[term.id] {
                diagnostics.append(Diagnostic(rule: .configInvalid, message: "`\(term.id)` is listed twice in `taxonomies.\(key)`",
                                              span: element["id"]?.span ?? element.span, notes: [.init("first listed here", at: first)]))
            }
            seen[term.id] = element["id"]?.span ?? element.span
            terms.append(term)
        }
        return terms
    }

    private func byteSize(_ node: MetadataNode) -> Int? {
        guard let text = node.text?.uppercased().replacingOccurrences(of: " ", with: "") else { return nil }
        let units: [(String, Int)] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            return Int(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return Int(text)
    }

    private mutating func unknownKeys(in node: MetadataNode, allowed: [String], section: String?) {
        guard case .mapping(let entries) = node.value else { return }
        for entry in entries where !allowed.contains(entry.key) {
            let name = section.map { "\($0).\(entry.key)" } ?? entry.key
            let suggestion = Suggestion.closest(to: entry.key, among: allowed)
            diagnostics.append(Diagnostic(
                rule: .configInvalid, severity: .warning, message: "unknown setting `\(name)`", span: entry.keySpan,
                help: suggestion.map { "did you mean `\($0)`?" } ?? "known settings here: \(allowed.joined(separator: ", "))"))
        }
    }

    private mutating func invalid(_ node: MetadataNode, _ message: String) {
        diagnostics.append(Diagnostic(rule: .configInvalid, message: message, span: node.span))
    }
}
