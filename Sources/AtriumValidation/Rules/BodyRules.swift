import AtriumContent
import AtriumCore
import Foundation

/// Rules on Markdown bodies: links and images resolve (to products by relative path or
/// `atrium:ID`, or to files in the repository), public products do not link to internal ones,
/// and bodies are accessible (alt text, heading levels, meaningful link text).
struct BodyRules {
    let context: RuleContext
    private let renderer = MarkdownRenderer()

    static let vagueLinkTexts: Set<String> = ["click here", "here", "read more", "more", "link", "this link", "this", "click"]

    func check(_ product: Product, sink: DiagnosticSink) {
        let hook = context.bodyHook.flatMap { $0.wants(product) ? $0 : nil }
        let outline = renderer.outline(product.body, thenRender: hook.map { hook in { hook.render(product, $0) } })
        // Lines are needed only to place a diagnostic, which most bodies never get.
        var lines: SourceText?
        func span(_ line: Int, _ column: Int, _ endColumn: Int? = nil) -> SourceSpan {
            if lines == nil { lines = SourceText(path: product.path, text: product.body) }
            let text = lines?.line(line) ?? ""
            let start = Self.scalarColumn(byteColumn: column, in: text)
            let end = endColumn.map { Self.scalarColumn(byteColumn: $0, in: text) } ?? start + 1
            return SourceSpan(file: product.path, start: SourcePosition(line: product.bodyStartLine + line - 1, column: start),
                              end: SourcePosition(line: product.bodyStartLine + line - 1, column: max(end, start + 1)))
        }
        for link in outline.links {
            let place = { span(link.line, link.column, link.endColumn) }
            checkDestination(link.destination, of: product, kind: "link", span: place, sink: sink)
            if Self.isVague(link.text) {
                sink.report(Diagnostic(rule: .linkText, message: "link text \"\(link.text)\" does not say where the link leads", span: place(),
                                       help: "name the destination in the link text, e.g. [the guidance on safe referrals](…)"))
            }
        }
        for image in outline.images {
            let place = { span(image.line, image.column, image.endColumn) }
            checkDestination(image.destination, of: product, kind: "image", span: place, sink: sink)
            if image.text.unicodeScalars.allSatisfy(CharacterSet.whitespacesAndNewlines.contains) {
                sink.report(Diagnostic(rule: .imageAlt, message: "image `\(image.destination)` has no alt text", span: place(),
                                       help: "describe the image between the brackets: ![What the chart shows](\(image.destination))"))
            }
        }
        var previousLevel = 1
        for heading in outline.headings {
            if heading.level > previousLevel + 1 {
                sink.report(Diagnostic(
                    rule: .headingSkip, message: "heading level \(heading.level) follows level \(previousLevel)",
                    span: span(heading.line, heading.column, heading.column + heading.level),
                    help: previousLevel == 1 ? "the page title is level 1: start sections at `##`" : "use level \(previousLevel + 1) (`\(String(repeating: "#", count: previousLevel + 1))`)"))
            }
            previousLevel = heading.level
        }
    }

    /// "click here", "Read more…": link texts that say nothing of where they lead.
    static func isVague(_ text: String) -> Bool {
        // Trimming only removes whitespace and `.:!`, and lowercasing never shortens a text, so a
        // text with more other characters than the longest phrase cannot be one; most links stop
        // here without going through Foundation.
        var others = 0
        for scalar in text.unicodeScalars where !CharacterSet.whitespacesAndNewlines.contains(scalar) && !trimmedPunctuation.contains(scalar) {
            others += 1
            if others > longestVagueText { return false }
        }
        let trimmed = text.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
            .trimmingCharacters(in: trimmedPunctuation)
        return vagueLinkTexts.contains(trimmed)
    }

    private static let trimmedPunctuation = CharacterSet(charactersIn: ".:!")
    private static let longestVagueText = vagueLinkTexts.map(\.unicodeScalars.count).max() ?? 0

    private func checkDestination(_ destination: String, of product: Product, kind: String, span lazySpan: () -> SourceSpan,
                                  sink: DiagnosticSink) {
        var span: SourceSpan { lazySpan() }
        switch LinkDestination(destination, from: product.path) {
        case .asWritten:
            // Absolute URLs, in-page anchors and mail links are not checked here.
            return
        case .product(let id, _):
            guard let target = context.productsByID[id] else {
                sink.report(Diagnostic(rule: .referenceUnresolved, message: "\(kind) to `\(destination)`: no product has the id `\(id)`", span: span,
                                       help: context.suggestion(for: id).map { "did you mean `atrium:\($0)`?" } ?? "use the id of an existing product"))
                return
            }
            checkAudience(product, target: target, span: span, sink: sink)
        case .outsideRepository:
            sink.report(Diagnostic(rule: .referenceUnresolved, message: "\(kind) to `\(destination)` leads outside the repository", span: span,
                                   help: "link to files inside the repository only"))
        case .repositoryFile(let target, let written, _):
            if let linked = context.productsByPath[target] {
                checkAudience(product, target: linked, span: span, sink: sink)
                return
            }
            let absolute = context.root + "/" + target
            if let resolved = context.fileSystem.resolvedPath(absolute), !resolved.hasPrefix(context.root + "/") {
                sink.report(Diagnostic(rule: .referenceUnresolved, message: "\(kind) to `\(destination)`: `\(target)` is a symbolic link to a place outside the repository",
                                       span: span, help: "copy the file into the repository instead of linking to it"))
                return
            }
            guard let resolved = context.fileSystem.resolvedPath(absolute), resolved.hasPrefix(context.root + "/"),
                  context.fileSystem.fileKind(atPath: resolved) == .file else {
                sink.report(Diagnostic(rule: .referenceUnresolved, message: "\(kind) to `\(destination)`: `\(target)` does not exist", span: span,
                                       help: written.hasSuffix(".md") ? "link to another product's file by its relative path, or write `atrium:<id>`"
                                           : "add the file to the repository or correct the path (relative to this file)"))
                return
            }
            if FileOwnership.isHidden(target) {
                sink.report(Diagnostic(rule: .referenceUnresolved, severity: .warning,
                                       message: "\(kind) to `\(destination)`: `\(target)` is a hidden file, which the portal never publishes",
                                       span: span, help: "move the file out of the hidden folder, or remove the \(kind)"))
            } else if ActiveContent.isActiveDocument(target) {
                sink.report(Diagnostic(rule: .referenceUnresolved, severity: .warning,
                                       message: "\(kind) to `\(destination)`: `\(target)` is a web page or script, which the portal never publishes (it would run on the portal's address)",
                                       span: span, help: "publish it as a PDF or in a .zip archive, or remove the \(kind)"))
            } else if let owner = context.internalOwner(of: target, linkedFrom: product) {
                sink.report(Diagnostic(rule: .referenceInternalFromPublic,
                                       message: "public product links to `\(target)`, a file of internal product `\(owner)`", span: span,
                                       help: "remove the \(kind), move the file out of `\(owner)`'s attachments, or make `\(owner)` public"))
            }
        }
    }

    private func checkAudience(_ product: Product, target: Product, span: @autoclosure () -> SourceSpan, sink: DiagnosticSink) {
        guard product.audience == "public", target.audience == "internal" else { return }
        sink.report(Diagnostic(rule: .referenceInternalFromPublic, message: "public product links to internal product `\(target.id)`",
                               span: span(), help: "remove the link, or make `\(target.id)` public: the public portal must not reveal it"))
    }

    /// cmark counts columns in bytes; diagnostics count Unicode scalars.
    static func scalarColumn(byteColumn: Int, in line: Substring) -> Int {
        let prefix = line.utf8.prefix(max(0, byteColumn - 1))
        return String(decoding: prefix, as: UTF8.self).unicodeScalars.count + 1
    }
}
