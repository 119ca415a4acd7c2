import AtriumContent
import AtriumCore
import AtriumValidation
import Foundation
import JSONSchema

/// A Markdown file's bytes through what `atrium check` does first: decoding, the front-matter
/// split, YAML loading into `MetadataNode`s, and the diagnostics printed for what went wrong.
public enum FrontMatterHarness: FuzzHarness {
    public static let name = "front-matter"
    static let path = "content/guidance-note/fuzzed.md"

    public static func check(_ input: [UInt8]) -> [String] {
        let reader = ProductFileReader(configuration: Configuration())
        let outcome = reader.read(Data(input), path: path)
        var problems: [String] = []
        let lineCount = outcome.source?.lineCount ?? 0

        switch outcome.result {
        case .failed:
            if !outcome.diagnostics.contains(where: { $0.severity == .error }) {
                problems.append("the file failed to load without an error diagnostic")
            }
        case .product(let product):
            if !product.frontMatter.isMapping { problems.append("a product's front matter is not a mapping") }
            if product.bodyStartLine < 1 || product.bodyStartLine > lineCount + 1 {
                problems.append("body starts on line \(product.bodyStartLine) of \(lineCount)")
            }
            // The JSON a schema sees must survive being written and read back: the validator and
            // `atrium schema export` work from it.
            problems += JSONRoundTrip.problems(product.frontMatter.jsonValue)
        case .page:
            break
        }

        for diagnostic in outcome.diagnostics {
            if diagnostic.message.isEmpty { problems.append("a \(diagnostic.rule.id) diagnostic has no message") }
            guard let span = diagnostic.span else { continue }
            if span.file != path { problems.append("a \(diagnostic.rule.id) diagnostic points into `\(span.file)`") }
            // A span may point just past the last line (a missing closing fence), no further.
            if span.start.line < 1 || span.start.column < 1 || (lineCount > 0 && span.start.line > lineCount + 1) {
                problems.append("a \(diagnostic.rule.id) diagnostic points at \(span.start.line):\(span.start.column) of a \(lineCount)-line file")
            }
        }

        // The formatters quote source lines under a caret and escape text into JSON: both must cope.
        let source = outcome.source
        let report = DiagnosticReport(diagnostics: outcome.diagnostics, productCount: 1)
        let text = TextDiagnosticFormatter(sources: { _ in source }, colored: false).format(report)
        if !outcome.diagnostics.isEmpty && text.isEmpty { problems.append("diagnostics formatted to nothing") }
        let json = JSONDiagnosticFormatter().format(report)
        if (try? JSONValue(parsing: json)) == nil { problems.append("the JSON diagnostic report is not JSON") }
        return problems
    }

    public static func seeds(_ sources: SeedSources) -> [Seed] {
        sources.files(under: "content", suffix: ".md").compactMap { file in
            guard let data = try? Data(contentsOf: file) else { return nil }
            return Seed(name: sources.seedName(file), bytes: Array(data))
        }
    }
}

extension FrontMatterHarness {
    /// The diagnostics an input gets, as `severity[rule]`, for tests that expect particular ones.
    public static func diagnostics(for input: [UInt8]) -> [String] {
        let outcome = ProductFileReader(configuration: Configuration()).read(Data(input), path: path)
        return outcome.diagnostics.map { "\($0.severity.rawValue)[\($0.rule.id)]" }
    }
}
