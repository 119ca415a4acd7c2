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
        switch TextDecoding.decode(data) {
        case .text(let text, _):
            return parse(text)
        case .invalidUTF8(let line, let column, let byte):
            return Result(configuration: nil, diagnostics: [Diagnostic(
                rule: .configInvalid, message: "`\(Self.fileName)` is not UTF-8 text: byte 0x\(String(byte, radix: 16, uppercase: true)) is not valid UTF-8",
                span: SourceSpan(file: Self.fileName, line: line, column: column, length: 1),
                help: "re-save the file with UTF-8 encoding (it looks like a legacy encoding such as Windows-1252)")], source: nil)
        case .otherUnicode(let encoding):
            return Result(configuration: nil, diagnostics: [Diagnostic(
                rule: .configInvalid, message: "`\(Self.fileName)` is \(encoding) text; Atrium reads UTF-8 only",
                span: SourceSpan(file: Self.fileName, line: 1, column: 1, length: 1), help: "re-save the file as UTF-8")], source: nil)
        case .binary:
            return Result(configuration: nil, diagnostics: [Diagnostic(
                rule: .configInvalid, message: "`\(Self.fileName)` holds binary data (NUL bytes), not YAML text",
                span: .wholeFile(Self.fileName), help: "restore the file from version control, or run `atrium init` elsewhere for an example")], source: nil)
        }
    }

    /// Parses configuration text (exposed for tests).
    public func parse(_ text: String) -> Result {
        let file = Self.fileName
        let source = SourceText(path: file, text: text)
        var parsed = FrontMatterParser().parse(text, firstLine: 1, path: file)
        // The parser's messages speak of front matter; here the text is the configuration file.
        parsed.diagnostics = parsed.diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            diagnostic.message = diagnostic.message.replacingOccurrences(of: "front matter", with: "`\(file)`")
            return diagnostic
        }
        guard let root = parsed.root else {
            // The parser speaks of front matter; here the same faults are in the configuration.
            let diagnostics = parsed.diagnostics.map { diagnostic -> Diagnostic in
                guard diagnostic.rule == .frontMatterNotMapping else { return diagnostic }
                return Diagnostic(rule: .configInvalid,
                                  message: "`\(file)` must be a mapping of settings (`site:`, `taxonomies:`, …), not a list or a single value",
                                  span: diagnostic.span,
                                  help: "write one setting per line as `name: value`, e.g. `site: {title: Knowledge Portal}`; `atrium init` writes a commented example")
            }
            return Result(configuration: nil, diagnostics: diagnostics, source: source)
        }
        guard case .mapping(let settings) = root.value, !settings.isEmpty else {
            // An empty file (or one of comments only) would silently switch every standard off:
            // no units, no languages, no review intervals to check products against.
            return Result(configuration: nil, diagnostics: parsed.diagnostics + [Diagnostic(
                rule: .configInvalid, message: "`\(file)` has no settings: it is empty or holds only comments",
                span: SourceSpan(file: file, line: 1, column: 1, length: 1),
                help: "add at least `site: {title: …}` and the taxonomies products are checked against; `atrium init` writes a commented example")],
                source: source)
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
                if let size = byteSize(node), size > 0 { configuration.content.maxFileSize = size } else {
                    invalid(node, "`content.max_file_size` must be a positive size such as `10 MB`, `512 KB` or a number of bytes",
                            help: "write e.g. `max_file_size: 20 MB`; units are B, KB, MB and GB (1 MB = 1024 KB)")
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
                    invalid(entry.value, "review interval for `\(entry.key)` must look like `24 months`, `90 days` or `never`",
                            help: "write a number and a unit (days, weeks, months or years), or `never` for archival types")
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
                    invalid(node, "`timeliness.\(key)` must be a whole number of days", help: "write e.g. `\(key): 30`")
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
                    invalid(entry.value, "rule `\(entry.key)` must be set to `error`, `warning` or `off`",
                            help: Suggestion.closest(to: entry.value.text ?? "", among: RuleLevel.allCases.map(\.rawValue)).map { "did you mean `\($0)`?" }
                                ?? "write e.g. `\(entry.key): warning`")
                    continue
                }
                if let rule = RuleID.named(entry.key) {
                    if !rule.isConfigurable {
                        diagnostics.append(Diagnostic(
                            rule: .configInvalid, severity: .warning,
                            message: "rule `\(entry.key)` cannot be set to `\(text)`: it reports a file Atrium cannot read, so it is always an error",
                            span: entry.keySpan, help: "remove this line; fix the files the rule reports instead"))
                    }
                } else {
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
            invalid(value, "`\(key)` must be a mapping of settings", help: "write the settings of `\(key)` indented below it, one `name: value` per line")
            return nil
        }
        return value
    }

    private mutating func string(_ node: MetadataNode, _ key: String) -> String? {
        guard let value = node[key] else { return nil }
        guard case .scalar = value.value, let text = value.text else {
            invalid(value, "`\(key)` must be a single value", help: "write one value, e.g. `\(key): …`, not a list or a mapping")
            return nil
        }
        return text
    }

    private mutating func relativeDirectory(_ node: MetadataNode, _ key: String) -> String? {
        guard let text = string(node, key) else { return nil }
        let components = text.split(separator: "/")
        if text.hasPrefix("/") || components.contains("..") || text.contains("\0") || components.isEmpty {
            invalid(node[key]!, "`\(key)` must be a folder inside the repository, without `..`",
                    help: "write the folder relative to the repository root, e.g. `\(key): \(key == "content_dir" ? "content" : key == "schemas_dir" ? "schemas" : "site-template")`")
            return nil
        }
        return components.joined(separator: "/")
    }

    private mutating func strings(_ node: MetadataNode, _ key: String) -> [String]? {
        guard let value = node[key] else { return nil }
        guard case .sequence(let elements) = value.value else {
            invalid(value, "`\(key)` must be a list", help: "write it as `\(key): [a, b]`, or one `- item` per line below it")
            return nil
        }
        return elements.compactMap { element in
            guard let text = element.text else {
                invalid(element, "items of `\(key)` must be single values", help: "write each item as a plain value, e.g. `- en`")
                return nil
            }
            return text
        }
    }

    private mutating func interval(_ node: MetadataNode, _ key: String) -> ReviewInterval? {
        guard let text = string(node, key) else { return nil }
        guard let interval = ReviewInterval(parsing: text) else {
            invalid(node[key]!, "`\(key)` must look like `60 days` or `2 months`", help: "write a number and a unit: days, weeks, months or years")
            return nil
        }
        return interval
    }

    private mutating func terms(_ node: MetadataNode, _ key: String) -> [TaxonomyTerm] {
        guard let value = node[key] else { return [] }
        guard case .sequence(let elements) = value.value else {
            invalid(value, "`taxonomies.\(key)` must be a list of terms", help: "write one term per line below it, e.g. `- {id: term-id, name: Term name}`")
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
                invalid(element, "each term of `taxonomies.\(key)` needs an `id` (and usually a `name`)", help: "write the term as `{id: term-id, name: Term name}`")
                continue
            }
            if let first = seen[term.id] {
                diagnostics.append(Diagnostic(rule: .configInvalid, message: "`\(term.id)` is listed twice in `taxonomies.\(key)`",
                                              span: element["id"]?.span ?? element.span,
                                              help: "keep one entry for `\(term.id)`; give the other term its own id if it is a different one",
                                              notes: [.init("first listed here", at: first)]))
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

    private mutating func invalid(_ node: MetadataNode, _ message: String, help: String? = nil) {
        diagnostics.append(Diagnostic(rule: .configInvalid, message: message, span: node.span, help: help))
    }
}
