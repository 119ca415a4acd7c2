import AtriumContent
import AtriumCore
import AtriumFreshness
import AtriumGit
import AtriumValidation
import Foundation

/// `atrium check` as a list of named, timed stages: configuration → load → schemas → rules → history → freshness.
public struct CheckPipeline: Sendable {
    public struct Options: Sendable {
        public var root: String
        /// "Today", for freshness and date rules.
        public var now: CalendarDate
        public var history: HistoryMode
        /// Told how far loading, validating and history have got (a terminal's progress bar).
        public var progress: (any StageProgress)?
        /// A build's body renderer, made once the repository is loaded (`PrerenderedBodies`): the
        /// rules' parse of each body it wants renders the page's body too.
        public var bodyHook: (@Sendable (KnowledgeRepository) -> (any BodyRenderingHook)?)?

        public init(root: String, now: CalendarDate, history: HistoryMode = .git(allowShallow: false, useCache: true),
                    progress: (any StageProgress)? = nil,
                    bodyHook: (@Sendable (KnowledgeRepository) -> (any BodyRenderingHook)?)? = nil) {
            self.root = root
            self.now = now
            self.history = history
            self.progress = progress
            self.bodyHook = bodyHook
        }
    }

    /// Where last-change dates come from.
    public enum HistoryMode: Sendable, Hashable {
        /// One walk of git history (the default); shallow clones are refused unless allowed.
        case git(allowShallow: Bool, useCache: Bool)
        /// File modification times, for folders that are not git repositories (`--no-git`).
        case fileDates
    }

    /// The outcome, with enough context to print it in any format.
    public struct Outcome: Sendable {
        public var report: DiagnosticReport
        /// False when the configuration (or the repository itself) is unusable: exit status 2.
        public var configurationUsable: Bool
        public var sources: [String: SourceText]
        public var timings: [StageTiming]
        public var repository: KnowledgeRepository?
        public var freshness: [ProductFreshness] = []
        public var history: HistoryStage.Output?
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
        // libgit2 starts while the configuration is read; every way out of the pipeline waits
        // for it (at once when the history stage has opened the repository).
        let startingGit: ThreadResult<Void>? = if case .git = options.history { GitRepository.prepareLibrary() } else { nil }
        defer { _ = startingGit?.wait() }
        let loaded = timer.measure("configuration") { ConfigurationLoader(fileSystem: fileSystem).load(root: root) }
        var sources: [String: SourceText] = [:]
        if let source = loaded.source { sources[ConfigurationLoader.fileName] = source }
        guard loaded.isUsable, let configuration = loaded.configuration else {
            return Outcome(report: DiagnosticReport(diagnostics: loaded.diagnostics, productCount: 0), configurationUsable: false,
                           sources: sources, timings: timer.timings, repository: nil)
        }
        let sink = DiagnosticSink(policy: configuration.severityPolicy)
        sink.report(contentsOf: loaded.diagnostics)
        let progress = options.progress
        // The history walk reads only git objects, not the work tree, so it runs on its own
        // thread while the files are loaded and validated on the others.
        let pendingHistory: ThreadResult<(output: HistoryStage.Output, seconds: Double)>? = if case .git(let allowShallow, let useCache) = options.history {
            Self.timedOnItsOwnThread(HistoryStage(options: .init(
                root: root, contentDirectory: configuration.contentDirectory,
                ignoreRevisionsFile: configuration.freshness.ignoreRevisionsFile,
                nonSubstantiveTrailer: configuration.freshness.nonSubstantiveTrailer,
                allowShallow: allowShallow, cacheDirectory: useCache ? root + "/.atrium-cache" : nil,
                writesCacheInBackground: true)))
        } else {
            nil
        }
        // ATRIUM_SEQUENTIAL_HISTORY=1 lets the walk finish before loading starts, so that
        // Benchmarks/history.sh times it alone against `git log` (docs/performance.md).
        if ProcessInfo.processInfo.environment["ATRIUM_SEQUENTIAL_HISTORY"] == "1" { _ = pendingHistory?.wait() }
        let repository = timer.measure("load") {
            RepositoryLoader(fileSystem: fileSystem).load(root: root, configuration: configuration, sink: sink, progress: progress)
        }
        sources.merge(repository.sources) { first, _ in first }
        let validator = timer.measure("schemas") {
            let schemas = SchemaSet.load(root: root, configuration: configuration, fileSystem: fileSystem, sink: sink)
            let validator = RepositoryValidator(schemas: schemas, fileSystem: fileSystem)
            validator.validateSchemas(repository, sink: sink, progress: progress)
            return validator
        }
        timer.measure("rules") {
            validator.checkRules(repository, now: options.now, sink: sink, bodyHook: options.bodyHook?(repository))
        }
        var historyOutput: HistoryStage.Output?
        var fileDates: [String: CalendarDate] = [:]
        progress?.begin("history", total: nil)
        // "history" is the walk's own time, on its thread; "history wait" the part of it that
        // outlasted loading and validation.
        timer.measure("history wait") {
            switch options.history {
            case .git:
                guard let output = pendingHistory?.wait().output else { return }
                sink.report(contentsOf: output.diagnostics)
                historyOutput = output
            case .fileDates:
                sink.report(Diagnostic(
                    rule: .gitUnavailable, severity: .warning,
                    message: "--no-git: freshness uses file modification dates, which copies, checkouts and editors reset",
                    span: nil, help: "run in a full git clone for dates that can be trusted"))
                fileDates = modificationDates(of: repository, root: root)
            }
        }
        progress?.end()
        if let seconds = pendingHistory?.wait().seconds {
            let parts = historyOutput?.parts ?? []
            timer.record("history", seconds: seconds, threadCPUSeconds: parts.isEmpty ? nil : parts.map(\.cpuSeconds).reduce(0, +))
            for part in parts { timer.record("  " + part.name, seconds: part.seconds, threadCPUSeconds: part.cpuSeconds) }
        }
        var freshness: [ProductFreshness] = []
        if historyOutput?.isUsable ?? true {
            timer.measure("freshness") {
                freshness = ProductFreshness.assess(repository.products, histories: historyOutput?.histories ?? [:],
                                                    policy: FreshnessPolicy(configuration: configuration), now: options.now,
                                                    fileDates: fileDates)
                let productsByPath = Dictionary(repository.products.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
                for record in freshness {
                    if let diagnostic = dateAfterCommitDiagnostic(record, product: productsByPath[record.path]) { sink.report(diagnostic) }
                }
                for record in freshness where record.assessment.state == .overdue {
                    sink.report(overdueDiagnostic(record, product: productsByPath[record.path], now: options.now))
                }
            }
        }
        let diagnostics = sink.diagnostics
        return Outcome(report: DiagnosticReport(diagnostics: Self.withoutRedundantSchemaErrors(diagnostics),
                                                productCount: repository.productFileCount),
                       // A missing content or schemas folder is a configuration problem (exit 2), not a product's.
                       configurationUsable: !diagnostics.contains { $0.rule == .configInvalid && $0.severity == .error },
                       sources: sources, timings: timer.timings, repository: repository,
                       freshness: freshness, history: historyOutput)
    }

    /// One mistake, one message: where a specific rule has already explained a value (an id that
    /// is not a safe slug, an attachment path that leaves the repository, a reference to no
    /// product), the schema's complaint that the value does not match a regular expression
    /// (`schema/pattern`) adds nothing and is dropped. Other schema errors on the same value stay:
    /// an `enum` of units in an exported schema says something the schema itself enforces.
    static func withoutRedundantSchemaErrors(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        func key(_ span: SourceSpan) -> [UInt8] {
            Array("\(span.file)\u{0}\(span.start.line):\(span.start.column)-\(span.end.line):\(span.end.column)".utf8)
        }
        let explained = Set(diagnostics.compactMap { diagnostic -> [UInt8]? in
            guard diagnostic.severity == .error, !diagnostic.rule.id.hasPrefix("schema/"), let span = diagnostic.span else { return nil }
            return key(span)
        })
        guard !explained.isEmpty else { return diagnostics }
        return diagnostics.filter { diagnostic in
            guard diagnostic.rule.id == "schema/pattern", let span = diagnostic.span else { return true }
            return !explained.contains(key(span))
        }
    }

    private func overdueDiagnostic(_ record: ProductFreshness, product: Product?, now: CalendarDate) -> Diagnostic {
        let assessment = record.assessment
        var basis = "last revised \(record.history?.lastSubstantiveCommit?.date.description ?? assessment.referenceDate?.description ?? "?")"
        if let reviewed = record.lastReviewed { basis += ", last reviewed \(reviewed)" }
        return Diagnostic(
            rule: .freshnessOverdue,
            message: "`\(record.id)` is overdue for review since \(assessment.due?.description ?? "?") (\(basis); reviewed every \(assessment.interval))",
            span: product?.frontMatter.span ?? .wholeFile(record.path),
            help: "review it with its owner\(record.owner.map { " (`\($0)`)" } ?? ""); revise it, or set `last_reviewed: \(now)` if it is still right")
    }

    /// A product issued after the last commit that touched its file has a mistyped `date`.
    private func dateAfterCommitDiagnostic(_ record: ProductFreshness, product: Product?) -> Diagnostic? {
        guard let product, let history = record.history, !history.uncommitted, let last = history.lastCommit?.date,
              let date = product.date, date > last, let node = product.frontMatter["date"] else { return nil }
        return Diagnostic(rule: .dateAfterCommit, message: "`date` is \(date), after the last commit that touched this file (\(last))",
                          span: node.span, help: "correct the date of issue; a product cannot be issued after its file last changed")
    }

    private func modificationDates(of repository: KnowledgeRepository, root: String) -> [String: CalendarDate] {
        var dates: [String: CalendarDate] = [:]
        for product in repository.products {
            if let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + product.path),
               let modified = attributes[.modificationDate] as? Date {
                dates[product.path] = CalendarDate(unixTime: Int64(modified.timeIntervalSince1970))
            }
        }
        return dates
    }

    /// Runs the history stage on a thread of its own, timing it there.
    private static func timedOnItsOwnThread(_ stage: HistoryStage) -> ThreadResult<(output: HistoryStage.Output, seconds: Double)> {
        ThreadResult {
            let start = DispatchTime.now().uptimeNanoseconds
            let output = stage.run()
            return (output, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
    }
}
