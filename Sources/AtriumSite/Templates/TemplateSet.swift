import AtriumCore
import Foundation
import Mustache

/// The portal's templates from `site-template/templates/`, checked before anything is rendered.
///
/// swift-mustache renders an unknown name or a missing partial as nothing, silently. Here every tag
/// of every page template is resolved against the shape of the view models it will be rendered
/// with (`ViewShape`), following sections, partials and layouts the way Mustache does, and each
/// failure is reported at the template's file and line.
public struct TemplateSet: Sendable {
    /// The templates every portal needs.
    public static let pageTemplates = ["home", "product", "listing", "taxonomy", "browse", "search", "not-found"]

    private let library: MustacheLibrary
    private let outlines: [String: TemplateOutline]
    /// Template name → path shown in diagnostics (`site-template/templates/home.mustache`).
    private let paths: [String: String]
    /// The template files' text, for diagnostics with a source line.
    public let sources: [String: SourceText]

    /// Put before every template, on a line of its own (which Mustache removes whole): `{{x}}`
    /// escapes with `MarkupText.escape`, the same escaper as the rest of the portal, instead of
    /// swift-mustache's own, which looks up every character in a dictionary.
    private static let contentTypePragma: String = {
        MustacheContentTypes.register(MarkupContentType(), named: "ATRIUM_HTML")
        return "{{% CONTENT_TYPE: ATRIUM_HTML }}\n"
    }()

    private struct MarkupContentType: MustacheContentType {
        func escapeText(_ text: String) -> String { MarkupText.escape(text) }
    }

    /// Reads every `.mustache` file of `directory`; syntax errors and missing page templates are
    /// reported to `sink`, and nil is returned when the set cannot be used.
    public static func load(directory: String, displayPath: String, sink: DiagnosticSink) -> TemplateSet? {
        let templatesDirectory = directory + "/templates"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: templatesDirectory)) ?? [])
            .filter { $0.hasSuffix(".mustache") }.sorted()
        var library = MustacheLibrary()
        var outlines: [String: TemplateOutline] = [:]
        var paths: [String: String] = [:]
        var sources: [String: SourceText] = [:]
        var usable = true
        for file in names {
            let name = String(file.dropLast(".mustache".count))
            let shownPath = displayPath + "/templates/" + file
            guard let data = FileManager.default.contents(atPath: templatesDirectory + "/" + file),
                  let text = String(data: data, encoding: .utf8) else {
                sink.report(Diagnostic(rule: .templateSyntax, message: "cannot read `\(shownPath)` as UTF-8 text",
                                       span: .wholeFile(shownPath), help: "save the template as UTF-8"))
                usable = false
                continue
            }
            paths[name] = shownPath
            sources[shownPath] = SourceText(path: shownPath, text: text)
            do {
                outlines[name] = try TemplateOutline(parsing: text)
                try library.register(MustacheTemplate(string: Self.contentTypePragma + text), named: name)
            } catch let error as TemplateOutline.SyntaxError {
                sink.report(Diagnostic(rule: .templateSyntax, message: error.message,
                                       span: SourceSpan(file: shownPath, line: error.line, column: error.column, length: 2)))
                usable = false
            } catch {
                sink.report(Diagnostic(rule: .templateSyntax, message: "swift-mustache cannot parse this template: \(error)",
                                       span: .wholeFile(shownPath)))
                usable = false
            }
        }
        for page in pageTemplates where paths[page] == nil {
            sink.report(Diagnostic(rule: .templateMissing, message: "the portal needs `\(displayPath)/templates/\(page).mustache`, which does not exist",
                                   span: nil, help: "restore it from Atrium's own site-template/ folder, or set `template_dir` in atrium.yml"))
            usable = false
        }
        guard usable else { return nil }
        return TemplateSet(library: library, outlines: outlines, paths: paths, sources: sources)
    }

    /// Checks one page template and everything it includes against the shape of its view models.
    public func check(_ template: String, against shape: ViewShape, sink: DiagnosticSink) {
        guard let outline = outlines[template] else { return }
        var checker = Checker(set: self, sink: sink)
        checker.check(outline.tags, in: template, stack: [shape], depth: 0)
    }

    /// Whether the set has a template of this name.
    public func has(_ template: String) -> Bool { outlines[template] != nil }

    /// Renders a page template with its view model.
    public func render(_ template: String, _ model: [String: Any]) -> String {
        library.render(model, withTemplate: template) ?? ""
    }

    private struct Checker {
        let set: TemplateSet
        let sink: DiagnosticSink

        mutating func check(_ tags: [TemplateOutline.Tag], in template: String, stack: [ViewShape], depth: Int) {
            let path = set.paths[template] ?? template
            for tag in tags {
                let span = SourceSpan(file: path, line: tag.line, column: tag.column, length: tag.length)
                switch tag.kind {
                case .variable:
                    _ = resolve(tag, stack: stack, span: span)
                case .section:
                    let shape = resolve(tag, stack: stack, span: span) ?? .unknown
                    let pushed = shape.kind == .list ? (shape.element ?? .unknown) : shape
                    check(tag.children, in: template, stack: stack + [pushed], depth: depth)
                case .invertedSection:
                    _ = resolve(tag, stack: stack, span: span)
                    check(tag.children, in: template, stack: stack, depth: depth)
                case .block:
                    check(tag.children, in: template, stack: stack, depth: depth)
                case .partial, .parent:
                    if tag.kind == .parent { check(tag.children, in: template, stack: stack, depth: depth) }
                    guard let included = set.outlines[tag.name] else {
                        let known = set.outlines.keys.sorted()
                        sink.report(Diagnostic(
                            rule: .templateMissingPartial,
                            message: "`\(tag.kind == .parent ? "{{<" : "{{>") \(tag.name)}}`: there is no template `\(tag.name)`",
                            span: span,
                            help: Suggestion.closest(to: tag.name, among: known).map { "did you mean `\($0)`?" }
                                ?? "create `templates/\(tag.name).mustache`; the templates are \(known.joined(separator: ", "))"))
                        continue
                    }
                    // Partials may include themselves through sections; the depth bound ends that.
                    guard depth < 24 else { continue }
                    check(included.tags, in: tag.name, stack: stack, depth: depth + 1)
                }
            }
        }

        /// The shape a name resolves to, searching the context stack from the innermost section
        /// outwards as Mustache does; reports the tag when no context can provide the name.
        func resolve(_ tag: TemplateOutline.Tag, stack: [ViewShape], span: SourceSpan) -> ViewShape? {
            if tag.name == "." { return stack.last }
            let anchored = tag.name.hasPrefix(".")
            let parts = (anchored ? String(tag.name.dropFirst()) : tag.name).split(separator: ".").map(String.init)
            guard let first = parts.first else { return stack.last }
            var found: ViewShape?
            for context in (anchored ? Array(stack.suffix(1)) : stack).reversed() {
                if context.kind == .unknown || context.kind == .absent { return .unknown }
                if let field = context.fields[first] {
                    found = field
                    break
                }
            }
            guard var shape = found else {
                report(tag, name: first, candidates: stack.flatMap { $0.fields.keys }, span: span)
                return nil
            }
            for part in parts.dropFirst() {
                if shape.kind == .unknown || shape.kind == .absent { return .unknown }
                guard let field = shape.fields[part] else {
                    report(tag, name: part, candidates: Array(shape.fields.keys), span: span)
                    return nil
                }
                shape = field
            }
            return shape
        }

        func report(_ tag: TemplateOutline.Tag, name: String, candidates: [String], span: SourceSpan) {
            let suggestion = Suggestion.closest(to: name, among: Set(candidates))
            sink.report(Diagnostic(
                rule: .templateUnknownName,
                message: "`\(tag.name)`: no view model of this page provides `\(name)` here, so it would render as nothing",
                span: span,
                help: suggestion.map { "did you mean `\($0)`?" } ?? "site-template/README.md lists the names each page gets"))
        }
    }
}

/// A value a template sees as absent: renders as nothing, and a section over it is skipped.
/// View models put it where a field has no value, so that every key is always present and the
/// checker can tell a typo from a value that happens to be missing on one page. An absent object
/// carries a specimen of what it holds when present, so that a section over it (an overdue banner
/// in a build where nothing is overdue) is still checked.
public struct Absent: MustacheCustomRenderable, @unchecked Sendable {
    /// What the value looks like when present; only its keys matter.
    public let specimen: Any?

    public init(like specimen: Any? = nil) {
        self.specimen = specimen
    }

    public var renderText: String { "" }
    public var isNull: Bool { true }
}
