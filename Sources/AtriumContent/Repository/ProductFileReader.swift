import AtriumCore
import Foundation

/// Turns one Markdown file's bytes into a product, a page or a failure with diagnostics.
/// Pure: no file system, so tests feed it bytes directly and it can run on any thread.
public struct ProductFileReader: Sendable {
    public let configuration: Configuration
    private let splitter = FrontMatterSplitter()
    private let parser = FrontMatterParser()

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public struct Outcome: Sendable {
        public enum Result: Sendable {
            case product(Product)
            case page(Page)
            case failed
        }

        public var result: Result
        public var diagnostics: [Diagnostic]
        public var source: SourceText?
    }

    public func read(_ data: Data, path: String) -> Outcome {
        if data.isEmpty {
            return Outcome(result: .failed, diagnostics: [Diagnostic(
                rule: .fileEmpty, message: "file is empty", span: .wholeFile(path),
                help: "write the product's front matter and body, or delete the file")], source: nil)
        }
        let text: String
        var diagnostics: [Diagnostic] = []
        switch TextDecoding.decode(data) {
        case .binary:
            return Outcome(result: .failed, diagnostics: [Diagnostic(
                rule: .fileBinary, message: "file has a Markdown name but holds binary data",
                span: .wholeFile(path), help: "binary documents belong in `attachments`; keep `.md` files as text")], source: nil)
        case .otherUnicode(let encoding):
            return Outcome(result: .failed, diagnostics: [Diagnostic(
                rule: .encodingInvalidUTF8,
                message: "file is \(encoding) text; Atrium reads UTF-8 only",
                span: SourceSpan(file: path, line: 1, column: 1, length: 1),
                help: "re-save the file as UTF-8 (in most editors: Save with Encoding → UTF-8, without BOM)")], source: nil)
        case .invalidUTF8(let line, let column, let byte):
            let diagnostic = Diagnostic(
                rule: .encodingInvalidUTF8,
                message: "byte 0x\(String(byte, radix: 16, uppercase: true)) is not valid UTF-8",
                span: SourceSpan(file: path, line: line, column: column, length: 1),
                help: "re-save the file with UTF-8 encoding (it looks like a legacy encoding such as Windows-1252)")
            // A bad byte in the body leaves the metadata readable: the product is compiled from
            // the front matter, so its other problems are reported in the same run, and the
            // encoding error still fails the check. A bad byte in the front matter fails the file.
            let hadBOM = data.starts(with: [0xEF, 0xBB, 0xBF])
            let lossy = String(decoding: hadBOM ? data.dropFirst(3) : data, as: UTF8.self)
            guard case .split(let parts) = splitter.split(SourceText(path: path, text: lossy)), line >= parts.bodyStartLine else {
                return Outcome(result: .failed, diagnostics: [diagnostic], source: nil)
            }
            text = lossy
            if hadBOM { diagnostics.append(bomWarning(path)) }
            diagnostics.append(diagnostic)
        case .text(let decoded, let hadBOM):
            text = decoded
            if hadBOM { diagnostics.append(bomWarning(path)) }
        }
        let source = SourceText(path: path, text: text)
        switch splitter.split(source) {
        case .failed(let diagnostic):
            return Outcome(result: .failed, diagnostics: diagnostics + [diagnostic], source: source)
        case .noFrontMatter(let body):
            if isFrontMatterOptional(path) {
                return Outcome(result: .page(Page(path: path, frontMatter: nil, body: body)), diagnostics: diagnostics, source: source)
            }
            return Outcome(result: .failed, diagnostics: diagnostics + [missingFrontMatter(source: source, path: path)], source: source)
        case .split(let parts):
            let parsed = parser.parse(parts.yaml, firstLine: parts.yamlStartLine, path: path)
            diagnostics += parsed.diagnostics
            guard let root = parsed.root else {
                return Outcome(result: .failed, diagnostics: diagnostics, source: source)
            }
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let idEntry = root.entry("id")
            let id = idEntry?.value.text ?? stem
            let product = Product(path: path, id: id, idSpan: idEntry?.value.span ?? .wholeFile(path), frontMatter: root,
                                  body: parts.body, bodyStartLine: parts.bodyStartLine)
            return Outcome(result: .product(product), diagnostics: diagnostics, source: source)
        }
    }

    private func bomWarning(_ path: String) -> Diagnostic {
        Diagnostic(rule: .encodingBOM, message: "file starts with a UTF-8 byte-order mark",
                   span: SourceSpan(file: path, line: 1, column: 1, length: 1), help: "save the file as UTF-8 without BOM")
    }

    private func missingFrontMatter(source: SourceText, path: String) -> Diagnostic {
        // "Did you forget the opening ---?" when the file starts with what looks like a field.
        let first = source.line(1).map(String.init) ?? ""
        let looksLikeField = first.range(of: #"^[A-Za-z_][A-Za-z0-9_-]*:( |$)"#, options: .regularExpression) != nil
        return Diagnostic(
            rule: .frontMatterMissing,
            message: looksLikeField ? "front matter is missing its opening `---`" : "file has no front matter",
            span: SourceSpan(file: path, line: 1, column: 1, length: max(1, min(first.unicodeScalars.count, 80))),
            help: looksLikeField
                ? "add a line containing only `---` before line 1, and another after the last field"
                : "start the file with `---`, the product's fields (`title:`, `type:`, …), and another `---`")
    }

    private func isFrontMatterOptional(_ path: String) -> Bool {
        let relative = path.hasPrefix(configuration.contentDirectory + "/")
            ? String(path.dropFirst(configuration.contentDirectory.count + 1)) : path
        return configuration.content.frontMatterOptional.contains { Glob(pattern: $0).matches(relative) }
    }
}
