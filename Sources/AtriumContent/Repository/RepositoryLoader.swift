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
        let walker = ContentWalker(fileSystem: fileSystem, canonicalRoot: canonicalRoot)
        let found = walker.markdownFiles(under: contentDirectory)
        sink.report(contentsOf: found.diagnostics)
        let reader = ProductFileReader(configuration: configuration)
        // Files are read and parsed on every core; results are gathered by index, so the
        // repository (and every diagnostic) comes out in the same order as a serial run.
        let paths = found.markdown
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
        if let size = fileSystem.fileSize(atPath: absolute), size > reader.configuration.content.maxFileSize {
            return .init(result: .failed, diagnostics: [Diagnostic(
                rule: .fileTooLarge,
                message: "file is \(ByteCountFormatter.string(fromByteCount: Int64(size), countStyle: .file)); the limit is \(ByteCountFormatter.string(fromByteCount: Int64(reader.configuration.content.maxFileSize), countStyle: .file))",
                span: .wholeFile(path),
                help: "split the product or move data into an attachment; the limit is `content.max_file_size` in atrium.yml")], source: nil)
        }
        do {
            let data = try fileSystem.readFile(atPath: absolute)
            return reader.read(data, path: path)
        } catch {
            return .init(result: .failed, diagnostics: [Diagnostic(
                rule: .fileUnreadable, message: "cannot read file: \(error.localizedDescription)", span: .wholeFile(path))], source: nil)
        }
    }
}
