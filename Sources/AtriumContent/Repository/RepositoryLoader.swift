import AtriumCore
import Foundation

/// Stage 1 of the pipeline: reads `atrium.yml` and every Markdown file under the content
/// directory into products. A file that cannot be compiled is reported, never dropped.
public struct RepositoryLoader: Sendable {
    private let fileSystem: FileSystem

    public init(fileSystem: FileSystem = LocalFileSystem()) {
        self.fileSystem = fileSystem
    }

    /// Loads the content of a repository whose configuration is already read.
    public func load(root: String, configuration: Configuration, sink: DiagnosticSink,
                     progress: (any StageProgress)? = nil) -> KnowledgeRepository {
        let canonicalRoot = fileSystem.resolvedPath(root) ?? root
        var repository = KnowledgeRepository(root: canonicalRoot, configuration: configuration)
        let contentDirectory = configuration.contentDirectory
        guard fileSystem.fileKind(atPath: canonicalRoot + "/" + contentDirectory) != .missing else {
            sink.report(Diagnostic(rule: .configInvalid, message: "content folder `\(contentDirectory)` does not exist",
                                   span: nil, help: "create it, or set `content_dir` in atrium.yml"))
            return repository
        }
        // The content folder itself (or a folder on its path) may be a link: it must still lead
        // to a place inside the repository, or nothing under it is read.
        if let canonicalContent = fileSystem.resolvedPath(canonicalRoot + "/" + contentDirectory),
           canonicalContent != canonicalRoot, !canonicalContent.hasPrefix(canonicalRoot + "/") {
            sink.report(Diagnostic(
                rule: .fileOutsideRepository,
                message: "the content folder `\(contentDirectory)` is a symbolic link to `\(canonicalContent)`, outside the repository; nothing in it was read",
                span: .wholeFile(contentDirectory),
                help: "replace the link with the folder itself, or set `content_dir` in atrium.yml to a folder inside the repository"))
            return repository
        }
        let walker = ContentWalker(fileSystem: fileSystem, canonicalRoot: canonicalRoot)
        let found = walker.markdownFiles(under: contentDirectory)
        sink.report(contentsOf: found.diagnostics)
        if found.markdown.isEmpty && found.diagnostics.isEmpty {
            sink.report(Diagnostic(
                rule: .contentEmpty, message: "there are no Markdown files under `\(contentDirectory)/`: nothing to check",
                span: nil, help: "write a first product with `atrium new <type> \"Title\"`, or set `content_dir` in atrium.yml to the folder that holds the products"))
        }
        let reader = ProductFileReader(configuration: configuration)
        // Files are read and parsed on every core; results are gathered by index, so the
        // repository (and every diagnostic) comes out in the same order as a serial run.
        let paths = found.markdown
        // The disk starts on every file at once; the parsing threads below find most of them read.
        fileSystem.readAhead(paths.map { canonicalRoot + "/" + $0 })
        progress?.begin("loading", total: paths.count)
        let outcomes = ParallelMap.map(paths) { path in
            defer { progress?.advance(by: 1) }
            return readFile(path, root: canonicalRoot, reader: reader)
        }
        progress?.end()
        for (path, outcome) in zip(paths, outcomes) {
            sink.report(contentsOf: outcome.diagnostics)
            if let text = outcome.source { repository.sources[path] = text }
            switch outcome.result {
            case .product(let product): repository.products.append(product)
            case .page(let page): repository.pages.append(page)
            case .failed: repository.failedProductPaths.append(path)
            }
        }
        return repository
    }

    private func readFile(_ path: String, root: String, reader: ProductFileReader) -> ProductFileReader.Outcome {
        let absolute = root + "/" + path
        // The size comes from `stat`, before a single byte is read: a runaway file costs nothing.
        let limit = reader.configuration.content.maxFileSize
        if let size = fileSystem.fileSize(atPath: absolute), size > limit {
            return .init(result: .failed, diagnostics: [Diagnostic(
                rule: .fileTooLarge,
                message: "file is \(Self.describe(bytes: size)) (\(size) bytes); the limit is \(Self.describe(bytes: limit)), so it was not read",
                span: .wholeFile(path),
                help: "split the product or move data into an attachment; to allow larger files, raise `content.max_file_size` in atrium.yml")], source: nil)
        }
        do {
            let data = try fileSystem.readFile(atPath: absolute)
            return reader.read(data, path: path)
        } catch {
            return .init(result: .failed, diagnostics: [Diagnostic(
                rule: .fileUnreadable, message: "cannot read file: \(error.localizedDescription)", span: .wholeFile(path))], source: nil)
        }
    }

    /// A size in the units `content.max_file_size` is written in (1 MB = 1024 × 1024 bytes), so
    /// the limit reads back as the author wrote it: `10 MB`, not `10.5 MB`.
    static func describe(bytes: Int) -> String {
        for (unit, factor) in [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)] where bytes >= factor {
            if bytes % factor == 0 { return "\(bytes / factor) \(unit)" }
            return String(format: "%.1f", Double(bytes) / Double(factor)) + " " + unit
        }
        return "\(bytes) bytes"
    }
}
