import AtriumCore
import Foundation

/// The history stage as the pipeline runs it: open the repository, refuse shallow clones (or
/// mark their dates as lower bounds), walk history once (incrementally with the cache), and mark
/// files with uncommitted changes.
public struct HistoryStage: Sendable {
    public struct Options: Sendable {
        public var root: String
        public var contentDirectory: String
        /// Repository-relative path of the ignore-revisions file.
        public var ignoreRevisionsFile: String
        public var nonSubstantiveTrailer: String
        public var allowShallow: Bool
        /// Where the incremental cache lives; nil disables it.
        public var cacheDirectory: String?
        /// Writes the cache through `BackgroundWork` rather than before `run()` returns: the
        /// answer is ready sooner, and whoever reads the cache next (or the command line, before
        /// it exits) waits for the file.
        public var writesCacheInBackground: Bool

        public init(root: String, contentDirectory: String, ignoreRevisionsFile: String, nonSubstantiveTrailer: String,
                    allowShallow: Bool = false, cacheDirectory: String? = nil, writesCacheInBackground: Bool = false) {
            self.root = root
            self.contentDirectory = contentDirectory
            self.ignoreRevisionsFile = ignoreRevisionsFile
            self.nonSubstantiveTrailer = nonSubstantiveTrailer
            self.allowShallow = allowShallow
            self.cacheDirectory = cacheDirectory
            self.writesCacheInBackground = writesCacheInBackground
        }
    }

    public struct Output: Sendable {
        /// Histories of the Markdown files under the content folder, by repository-relative path.
        public var histories: [String: FileHistory]
        public var diagnostics: [Diagnostic]
        public var headCommitID: String?
        /// True when the clone is shallow and dates are only lower bounds.
        public var datesAreLowerBounds: Bool
        public var commitsWalked: Int
        /// How the cache was used: `cold`, `hit`, `incremental`, `rebuilt (reason)` or `off`.
        public var cacheUse: String
        /// False when history could not be read at all (not a repository, shallow without permission…).
        public var isUsable: Bool
        /// Seconds spent in each part of the stage (`open`, `cache read`, `walk`, `merge`,
        /// `cache write` unless written in the background, `work tree wait`), for `--verbose`.
        public var parts: [Part] = []
    }

    /// One timed part of the stage: wall seconds, and the CPU seconds of the thread that ran it
    /// (less disturbed than wall time by whatever else the machine runs).
    public struct Part: Sendable {
        public var name: String
        public var seconds: Double
        public var cpuSeconds: Double
    }

    /// Times the parts of one run, one after the other.
    private struct PartClock {
        private var last = DispatchTime.now().uptimeNanoseconds
        private var lastCPU = CPUClock.thread()
        private(set) var parts: [Part] = []

        mutating func lap(_ name: String) {
            let now = DispatchTime.now().uptimeNanoseconds, cpu = CPUClock.thread()
            parts.append(Part(name: name, seconds: Double(now - last) / 1e9, cpuSeconds: cpu - lastCPU))
            last = now
            lastCPU = cpu
        }
    }

    private let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func run() -> Output {
        var clock = PartClock()
        var output = Output(histories: [:], diagnostics: [], headCommitID: nil, datesAreLowerBounds: false,
                            commitsWalked: 0, cacheUse: options.cacheDirectory == nil ? "off" : "cold", isUsable: false)
        let repository: GitRepository
        do {
            repository = try GitRepository(path: options.root)
        } catch let error as GitRepository.OpenError {
            let help: String
            switch error {
            case .notARepository: help = "run Atrium inside a git clone of the knowledge repository, or pass `--no-git` to use file dates (freshness will be approximate)"
            case .dubiousOwnership(let path): help = "git config --global --add safe.directory \(path)"
            case .other: help = "check that the repository is readable"
            }
            output.diagnostics.append(Diagnostic(rule: .gitUnavailable, message: error.description, span: nil, help: help))
            return output
        } catch {
            output.diagnostics.append(Diagnostic(rule: .gitUnavailable, message: "\(error)", span: nil))
            return output
        }
        if repository.isShallow {
            let message = "this is a shallow clone: its history is cut short, so every product's last-change date would be wrong"
            let help = "fetch the full history (`git fetch --unshallow`; in GitHub Actions set `fetch-depth: 0` on actions/checkout), or pass `--allow-shallow` to treat dates as lower bounds"
            if !options.allowShallow {
                output.diagnostics.append(Diagnostic(rule: .gitShallow, message: message, span: nil, help: help))
                return output
            }
            output.diagnostics.append(Diagnostic(rule: .gitShallow, severity: .warning,
                                                 message: message + "; dates are shown as lower bounds", span: nil, help: help))
            output.datesAreLowerBounds = true
        }
        let ignored = IgnoredRevisions(contentsOf: options.root + "/" + options.ignoreRevisionsFile)
        for (line, text) in ignored.malformedLines {
            output.diagnostics.append(Diagnostic(
                rule: .gitIgnoreRevisions, message: "`\(text)` is not a full 40-character commit id",
                span: SourceSpan(file: options.ignoreRevisionsFile, line: line, column: 1, length: text.count),
                help: "write one full commit id per line (`git rev-parse <commit>` prints it); `#` starts a comment"))
        }
        // The knowledge repository may be a folder inside a larger git repository: git paths then
        // carry that folder as a prefix, which the results drop again.
        let prefix = Self.prefix(of: options.root, in: repository.workTree)
        let policy = HistoryWalker.Policy(contentDirectory: prefix + options.contentDirectory, ignoredCommits: ignored.commits,
                                          nonSubstantiveTrailer: options.nonSubstantiveTrailer)
        let mailmap = (try? String(contentsOfFile: (repository.workTree ?? options.root + "/") + ".mailmap", encoding: .utf8)) ?? ""
        let key = HistoryCache.key(for: [policy.contentDirectory, policy.nonSubstantiveTrailer,
                                         ignored.commits.sorted().joined(separator: ","), mailmap])
        let walker = HistoryWalker(repository: repository, policy: policy)
        // The work tree's state does not depend on history: it is read on a thread of its own,
        // with its own handle on the repository (libgit2 handles are not shared between threads),
        // while this one walks.
        let root = options.root, contentDirectory = policy.contentDirectory
        let status = ThreadResult { (try? GitRepository(path: root))?.uncommittedPaths(under: contentDirectory) }
        clock.lap("open")
        do {
            output.histories = try walkWithCache(walker, key: key, head: repository.headCommitID, output: &output, clock: &clock)
        } catch {
            output.diagnostics.append(Diagnostic(rule: .gitUnavailable, message: "cannot read history: \(error)", span: nil))
            _ = status.wait()
            return output
        }
        output.headCommitID = repository.headCommitID
        let uncommitted = status.wait() ?? repository.uncommittedPaths(under: policy.contentDirectory)
        for path in uncommitted where HistoryWalker.isMarkdown(path) {
            output.histories[path, default: FileHistory(path: path)].uncommitted = true
        }
        clock.lap("work tree wait")
        output.parts = clock.parts
        if !prefix.isEmpty {
            output.histories = Dictionary(uniqueKeysWithValues: output.histories.map { path, history in
                var history = history
                history.path = String(path.dropFirst(prefix.count))
                return (history.path, history)
            })
        }
        output.isUsable = true
        return output
    }

    /// Whether the cache may be read and written: absent, or a plain folder holding a plain file.
    /// A cache folder or file that is a symbolic link (committed by anyone, so pointing anywhere)
    /// is neither read nor written through; a file where the folder should be is left alone.
    private func usableCacheDirectory(_ directory: String, output: inout Output) -> Bool {
        let shown = Self.shown(directory, root: options.root)
        let problem: String
        switch Self.kind(of: directory) {
        case nil, .typeDirectory?:
            guard Self.kind(of: directory + "/" + HistoryCache.fileName) == .typeSymbolicLink else { return true }
            problem = "`\(shown)/\(HistoryCache.fileName)` is a symbolic link"
        case .typeSymbolicLink?:
            problem = "`\(shown)` is a symbolic link"
        default:
            problem = "`\(shown)` is a file, not a folder"
        }
        output.cacheUse = "off (\(problem))"
        output.diagnostics.append(Diagnostic(
            rule: .cacheUnusable, message: "\(problem): the history cache is neither read nor written, and history is walked in full",
            span: nil, help: "delete `\(shown)`; Atrium creates the folder itself on the next run"))
        return false
    }

    /// The type of the file at `path` itself, links not followed; nil when there is none.
    private static func kind(of path: String) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    }

    /// A folder as authors see it: relative to the repository root when it lies inside it.
    static func shown(_ directory: String, root: String) -> String {
        directory.hasPrefix(root + "/") ? String(directory.dropFirst(root.count + 1)) : directory
    }

    /// `sub/dir/` when `root` lies inside the work tree, "" when it is the work tree.
    public static func prefix(of root: String, in workTree: String?) -> String {
        guard let workTree else { return "" }
        let canonicalRoot = (URL(fileURLWithPath: root).resolvingSymlinksInPath().path as NSString).standardizingPath
        let canonicalTree = (URL(fileURLWithPath: workTree).resolvingSymlinksInPath().path as NSString).standardizingPath
        guard canonicalRoot.hasPrefix(canonicalTree + "/") else { return "" }
        return String(canonicalRoot.dropFirst(canonicalTree.count + 1)) + "/"
    }

    private func walkWithCache(_ walker: HistoryWalker, key: String, head: String?, output: inout Output,
                               clock: inout PartClock) throws -> [String: FileHistory] {
        guard let directory = options.cacheDirectory, let head, usableCacheDirectory(directory, output: &output) else {
            let result = try walker.walk()
            output.commitsWalked = result.commitsWalked
            clock.lap("walk")
            return result.histories
        }
        var cached: HistoryCache?
        BackgroundWork.waitForAll()   // a cache this process is still writing
        switch HistoryCache.load(directory: directory, key: key) {
        case .loaded(let cache): cached = cache
        case .absent: break
        case .invalid(let reason): output.cacheUse = "rebuilt (\(reason))"
        case .corrupt(let reason):
            output.cacheUse = "rebuilt (\(reason))"
            output.diagnostics.append(Diagnostic(
                rule: .cacheUnusable,
                message: "the history cache `\(Self.shown(directory, root: options.root))/\(HistoryCache.fileName)` is damaged (\(reason)); it was ignored and rebuilt from git history",
                span: nil, help: "nothing to do; the folder is safe to delete, and is rebuilt on the next run"))
        }
        clock.lap("cache read")
        if let cached, cached.headCommitID == head {
            output.cacheUse = "hit"
            return Dictionary(uniqueKeysWithValues: cached.histories.map { ($0.path, $0) })
        }
        let result = try walker.walk(stopAt: cached?.headCommitID)
        output.commitsWalked = result.commitsWalked
        clock.lap("walk")
        var histories: [String: FileHistory]
        // Committed history only, in path order, as the cache keeps it.
        var committed: [FileHistory]
        if let cached, result.reachedStop {
            // The cache's histories stand for every file the new commits did not touch; the
            // touched ones add what the new commits say to what the cache knew of them.
            output.cacheUse = "incremental"
            histories = Dictionary(minimumCapacity: cached.histories.count + result.histories.count)
            committed = []
            committed.reserveCapacity(cached.histories.count + result.histories.count)
            var touched: [FileHistory] = []
            for previous in cached.histories {
                if let headPath = result.continuing[previous.path] {
                    guard var merged = result.histories[headPath] else { continue }
                    merged.lastSubstantiveCommit = merged.lastSubstantiveCommit ?? previous.lastSubstantiveCommit
                    merged.lastCommit = merged.lastCommit ?? previous.lastCommit
                    merged.createdCommit = previous.createdCommit
                    merged.revisions += previous.revisions
                    merged.contributors = Array(Set(merged.contributors).union(previous.contributors)).sorted()
                    histories[headPath] = merged
                    touched.append(merged)
                } else if !result.ended.contains(previous.path) {
                    histories[previous.path] = previous
                    committed.append(previous)
                }
            }
            // Files the new commits created.
            for (path, history) in result.histories where histories[path] == nil {
                histories[path] = history
                touched.append(history)
            }
            // The cache's order is path order: only the touched files need placing, each by a
            // binary search (sorting all ten thousand paths again cost more than the walk).
            for history in touched {
                var low = 0, high = committed.count
                while low < high {
                    let middle = (low + high) / 2
                    if committed[middle].path < history.path { low = middle + 1 } else { high = middle }
                }
                committed.insert(history, at: low)
            }
        } else {
            histories = result.histories
            committed = histories.values.sorted { $0.path < $1.path }
        }
        let cache = HistoryCache(version: HistoryCache.version, key: key, headCommitID: head, histories: committed)
        clock.lap("merge")
        if options.writesCacheInBackground {
            // `--verbose` shows the write on a line of its own.
            BackgroundWork.run("history cache write") { try? cache.save(directory: directory) }
        } else {
            try? cache.save(directory: directory)
            clock.lap("cache write")
        }
        return histories
    }
}
