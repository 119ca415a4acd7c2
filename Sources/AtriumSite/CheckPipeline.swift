import AtriumContent
import AtriumCore
import AtriumValidation
import Foundation

/// `atrium check` as a list of named, timed stages: configuration → load → validate.
public struct CheckPipeline: Sendable {
    public struct Options: Sendable {
        public var root: String

        public init(root: String) {
            self.root = root
        }
    }

    /// The outcome, with enough context to print it in any format.
    public struct Outcome: Sendable {
        public var report: DiagnosticReport
        /// False when the configuration (or the repository itself) is unusable: exit status 2.
        public var configurationUsable: Bool
        public var sources: [String: SourceText]
        public var timings: [StageTiming]
        public var repository: KnowledgeRepository?
    }

    private let fileSystem: FileSystem

    public init(fileSystem: FileSystem = LocalFileSystem()) {
        self.fileSystem = fileSystem
    }

    public func run(_ options: Options) -> Outcome {
        var timer = StageTimer()
        let root = fileSystem.resolvedPath(options.root) ?? options.root
        guard fileSystem.fileKind(atPath: root) == .directory else {
            let diagnostic = Diagnostic(rule: .configInvalid, message: "`\(options.root)` is not a directory", span: nil,
                                        help: "pass the repository's root folder with `--root DIR`")
            return Outcome(report: DiagnosticReport(diagnostics: [diagnostic], productCount: 0), configurationUsable: false,
                           sources: [:], timings: [], repository: nil)
        }
        let loaded = timer.measure("configuration") { ConfigurationLoader(fileSystem: fileSystem).load(root: root) }
        var sources: [String: SourceText] = [:]
        if let source = loaded.source { sources[ConfigurationLoader.fileName] = source }
        guard loaded.isUsable, let configuration = loaded.configuration else {
            return Outcome(report: DiagnosticReport(diagnostics: loaded.diagnostics, productCount: 0), configurationUsable: false,
                           sources: sources, timings: timer.timings, repository: nil)
        }
        let sink = DiagnosticSink(policy: configuration.severityPolicy)
        sink.report(contentsOf: loaded.diagnostics)
        let repository = timer.measure("load") {
            RepositoryLoader(fileSystem: fileSystem).load(root: root, configuration: configuration, sink: sink)
        }
        sources.merge(repository.sources) { first, _ in first }
        timer.measure("validate") {
            let catalog = SchemaCatalog.discover(root: root, configuration: configuration, fileSystem: fileSystem, sink: sink)
            RepositoryValidator(catalog: catalog).validate(repository, sink: sink)
        }
        return Outcome(report: DiagnosticReport(diagnostics: sink.diagnostics, productCount: repository.productFileCount),
                       configurationUsable: true, sources: sources, timings: timer.timings, repository: repository)
    }
}
