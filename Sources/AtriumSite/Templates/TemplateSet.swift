import AtriumContent
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
        let fileSystem = LocalFileSystem()
        let boundary = fileSystem.resolvedPath(directory) ?? directory
        for file in names {
            let name = String(file.dropLast(".mustache".count))
            let shownPath = displayPath + "/templates/" + file
            // A template linked to a file elsewhere on the build machine would be rendered into the site.
            if let resolved = fileSystem.resolvedPath(templatesDirectory + "/" + file), !resolved.hasPrefix(boundary + "/") {
                sink.report(Diagnostic(rule: .fileOutsideRepository,
                                       message: "`\(shownPath)` is a symbolic link to a place outside the template folder; it was not read",
                                       span: .wholeFile(shownPath), help: "copy the template into the folder instead of linking to it"))
                usable = false
                continue
            }
            guard let data = FileManager.default.contents(atPath: templatesDirectory + "/" + file) else {
                sink.report(Diagnostic(rule: .templateSyntax, message: "cannot read `\(shownPath)`",
                                       span: .wholeFile(shownPath), help: "check that the template is a readable file"))
                usable = false
                continue
            }
            let text: String
            switch TextDecoding.decode(data) {
            case .text(let decoded, _):
                text = decoded
            case .invalidUTF8(let line, let column, let byte):
                sink.report(Diagnostic(rule: .templateSyntax, message: "template is not UTF-8 text: byte 0x\(String(byte, radix: 16, uppercase: true)) is not valid UTF-8",
                                       span: SourceSpan(file: shownPath, line: line, column: column, length: 1),
                                       help: "re-save the template with UTF-8 encoding"))
                usable = false
                continue
            case .otherUnicode(let encoding):
                sink.report(Diagnostic(rule: .templateSyntax, message: "template is \(encoding) text; templates must be UTF-8",
                                       span: SourceSpan(file: shownPath, line: 1, column: 1, length: 1), help: "re-save the template as UTF-8"))
                usable = false
                continue
            case .binary:
                sink.report(Diagnostic(rule: .templateSyntax, message: "template holds binary data (NUL bytes), not text",
                                       span: .wholeFile(shownPath), help: "restore the template from Atrium's own site-template/ folder"))
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
            } catch let error as MustacheTemplate.ParserError {
                // The outline accepted what the renderer's own parser refuses: report it at the
                // renderer's position, in words rather than as a dump of its error value.
                // Its line counts the pragma put before the template too.
                let pragmaLines = Self.contentTypePragma.filter { $0 == "\n" }.count
                sink.report(Diagnostic(rule: .templateSyntax, message: Self.describe(error.error),
                                       span: SourceSpan(file: shownPath, line: max(1, error.context.lineNumber - pragmaLines),
                                                        column: error.context.columnNumber, length: 1),
                                       help: "fix the tag at this place; the Mustache syntax is described in site-template/README.md"))
                usable = false
            } catch {
                sink.report(Diagnostic(rule: .templateSyntax, message: "the template cannot be parsed: \(error)",
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

    /// swift-mustache's parser errors in an author's words.
    static func describe(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "the template cannot be parsed: \(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened with"
        case .unfinishedName: return "a tag is not finished: its name is followed by something other than the closing `}}`"
        case .expectedSectionEnd: return "a section opened with `{{#name}}` or `{{^name}}` is never closed"
        case .invalidSetDelimiter: return "a delimiter change is written `{{=<% %>=}}`: two delimiters separated by a space"
        case .transformAppliedToInheritanceSection: return "a transform such as `uppercase(…)` cannot apply to a `{{<` or `{{$` section"
        case .illegalTokenInsideInheritSection: return "inside `{{< layout}}…{{/layout}}` only `{{$block}}` overrides are allowed"
        case .textInsideInheritSection: return "inside `{{< layout}}…{{/layout}}` only `{{$block}}` overrides are allowed, not text"
        case .invalidConfigVariableSyntax: return "a `{{% … }}` configuration tag is malformed"
        case .unrecognisedConfigVariable: return "a `{{% … }}` configuration tag names a setting swift-mustache does not know"
        }
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
                                ?? (tag.name.contains("/")
                                    ? "a partial is named by a file of `templates/` without `.mustache` and without folders; the templates are \(known.joined(separator: ", "))"
                                    : "create `templates/\(tag.name).mustache`; the templates are \(known.joined(separator: ", "))")))
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
