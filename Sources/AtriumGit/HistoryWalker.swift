import AtriumCore
import CGit2
import Foundation

/// The history stage: one walk of HEAD's first-parent chain that finds, for every Markdown file
/// under the content folder, its last substantive commit, its creation, its revision count and
/// its contributors. Never one `git log` per file.
///
/// Rules, matching `git log --first-parent --diff-merges=first-parent --follow -M100% -- FILE`:
/// - each first-parent commit is compared with its first parent only, so a merge dates the day
///   the change landed on the main line;
/// - a pure rename or move (same blob id, another path) is not a revision, and the file's older
///   history is followed under its old path; an edit with a rename starts a new file, as `-M100%` does;
/// - commits listed in the ignore-revisions file, or carrying the non-substantive trailer, are not
///   revisions (but renames in them are still followed).
public struct HistoryWalker {
    public struct Policy: Sendable, Hashable {
        /// Repository-relative folder whose `*.md` files are tracked.
        public var contentDirectory: String
        /// Full commit ids that do not count as revisions.
        public var ignoredCommits: Set<String>
        /// `Key: value` trailer that marks a commit as not substantive (compared case-insensitively).
        public var nonSubstantiveTrailer: String

        public init(contentDirectory: String, ignoredCommits: Set<String> = [], nonSubstantiveTrailer: String = "Atrium-Freshness: skip") {
            self.contentDirectory = contentDirectory
            self.ignoredCommits = ignoredCommits
            self.nonSubstantiveTrailer = nonSubstantiveTrailer
        }
    }

    private let repository: GitRepository
    private let policy: Policy

    public init(repository: GitRepository, policy: Policy) {
        self.repository = repository
        self.policy = policy
    }

    /// A `.md` suffix in any case, checked on the bytes: HEAD holds thousands of paths.
    static func isMarkdown(_ path: String) -> Bool {
        let bytes = path.utf8
        guard bytes.count >= 3 else { return false }
        let suffix = bytes.suffix(3)
        var iterator = suffix.makeIterator()
        return iterator.next() == 0x2E && iterator.next().map { $0 | 0x20 } == 0x6D && iterator.next().map { $0 | 0x20 } == 0x64
    }

    /// Histories of the files at HEAD, keyed by path. `stopAt` ends the walk at that commit
    /// (exclusive), for incremental runs: then only the files the new commits touched are followed
    /// (a file is looked up in HEAD's tree when a commit first touches it, rather than all of HEAD's
    /// files listed up front), `histories` holds those files only, and `continuing` and `ended`
    /// say what became of each path of the `stopAt` commit.
    public struct Result {
        public var histories: [String: FileHistory]
        /// Path in the `stopAt` commit → the same file's path at HEAD, for the files the new commits
        /// touched (only when stopped there). A path in neither this nor `ended` is unchanged.
        public var continuing: [String: String]
        /// Paths in the `stopAt` commit whose file is not at HEAD: deleted, or replaced by a new file.
        public var ended: Set<String>
        /// True when the walk ended at `stopAt` (false when it is not on the first-parent chain).
        public var reachedStop: Bool
        public var headCommitID: String?
        public var commitsWalked: Int
    }

    public func walk(stopAt: String? = nil) throws -> Result {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, repository.handle, "HEAD") == 0 else {
            return Result(histories: [:], continuing: [:], ended: [], reachedStop: false, headCommitID: nil, commitsWalked: 0)
        }
        let headID = GitLibrary.hex(oid)
        let stopOID = stopAt.flatMap(GitLibrary.oid)
        var state = try WalkState(policy: policy, repository: repository, incremental: stopOID != nil)
        defer { state.release() }
        var commit = try state.store.commit(ObjectID(oid))
        var currentTree = state.contentTreeID(of: commit)
        if stopOID == nil {
            state.trackAll(in: currentTree)
        } else {
            state.headRoot = commit.tree
        }
        var walked = 0
        var reachedStop = false
        // libgit2 checks the file system each time it is asked.
        let isShallow = repository.isShallow
        while true {
            if let stopOID, commit.id == ObjectID(stopOID) {
                reachedStop = true
                break
            }
            walked += 1
            var parent: RawCommit?
            var parentTree: ObjectID?
            if let parentID = commit.firstParent {
                do {
                    parent = try state.store.commit(parentID)
                    parentTree = state.contentTreeID(of: parent!)
                } catch where isShallow {
                    // The shallow boundary: the parent is not in this clone, so history starts here.
                    parent = nil
                }
            }
            if currentTree != parentTree {
                try state.record(commit: commit, oldTree: parentTree, newTree: currentTree)
            }
            if commit.parentCount > 1 {
                // Past a shallow boundary side branches may be missing; their authors are then unknown.
                if isShallow { try? state.attributeSideBranch(of: commit) } else { try state.attributeSideBranch(of: commit) }
            }
            state.trees.advance()
            // A full walk ends early once every file at HEAD has been traced to its creation.
            guard let next = parent, state.incremental || !state.tracked.isEmpty else { break }
            commit = next
            currentTree = parentTree
        }
        var ended = state.stopped
        ended.formUnion(state.deleted.filter { state.tracked[$0] == nil })
        return Result(histories: state.finishedHistories(), continuing: reachedStop ? state.tracked.mapValues(\.headPath) : [:],
                      ended: reachedStop ? ended : [], reachedStop: reachedStop, headCommitID: headID, commitsWalked: walked)
    }
}

/// One HEAD file's history as the walk learns it, shared by every path the file has had, so that
/// a commit touching it costs one lookup of the path and no copy of the history.
private final class FileRecord {
    var history: FileHistory
    /// Indices into the walk's `people`.
    var authors: Set<Int> = []

    init(path: String) {
        history = FileHistory(path: path)
    }

    var headPath: String { history.path }
}

/// The mutable part of one walk: which HEAD file each path currently stands for, and what has been learned.
private struct WalkState {
    let policy: HistoryWalker.Policy
    let repository: GitRepository
    let store: ObjectStore
    let trees: TreeReader
    /// Path in the commit being examined → the HEAD file it is. In an incremental walk, only the
    /// paths commits have touched so far: any other path stands for itself if HEAD has it.
    var tracked: [String: FileRecord] = [:]
    /// Incremental walks: paths that no longer stand for a file at HEAD (it was created, or moved
    /// here, in a newer commit), and paths deleted by some commit walked.
    var stopped: Set<String> = []
    var deleted: Set<String> = []
    let incremental: Bool
    /// Incremental walks: HEAD's root tree, where a path is looked up when first touched.
    var headRoot: ObjectID?
    private let headTrees: TreeReader
    /// HEAD path → the file's record.
    var histories: [String: FileRecord] = [:]
    /// Every author met, once each (after the mailmap), so a file's contributors are small numbers.
    private var people: [Person] = []
    private var personIndices: [Person: Int] = [:]
    private var mailmap: OpaquePointer?
    private let trailer: (key: String, value: String)?
    /// The trailer's key in lowercase ASCII bytes, for a quick look before parsing trailers (nil
    /// when the key is not plain ASCII, or a message could spell it differently).
    private let trailerKeyBytes: [UInt8]?
    private let contentComponents: [String]

    init(policy: HistoryWalker.Policy, repository: GitRepository, incremental: Bool) throws {
        self.policy = policy
        self.repository = repository
        self.incremental = incremental
        store = try ObjectStore(repository: repository)
        trees = TreeReader(store: store)
        headTrees = TreeReader(store: store)
        var map: OpaquePointer?
        if git_mailmap_from_repository(&map, repository.handle) == 0 { mailmap = map }
        let parts = policy.nonSubstantiveTrailer.split(separator: ":", maxSplits: 1)
        trailer = parts.count == 2
            ? (parts[0].trimmingCharacters(in: .whitespaces).lowercased(), parts[1].trimmingCharacters(in: .whitespaces).lowercased())
            : nil
        trailerKeyBytes = trailer.flatMap { trailer in
            let bytes = Array(trailer.key.utf8)
            // Unicode lowercasing turns the Kelvin sign into `k`: a key with a `k` is always parsed.
            return !bytes.isEmpty && bytes.allSatisfy({ $0 < 0x80 && $0 != 0x6B }) ? bytes : nil
        }
        contentComponents = policy.contentDirectory.split(separator: "/").map(String.init)
    }

    func release() {
        if let mailmap { git_mailmap_free(mailmap) }
    }

    // MARK: Objects

    /// The id of the content folder's tree in a commit, or nil when the commit has none.
    func contentTreeID(of commit: RawCommit) -> ObjectID? {
        trees.subtreeID(of: commit.tree, at: contentComponents)
    }

    // MARK: HEAD's files

    mutating func trackAll(in tree: ObjectID?) {
        guard let tree else { return }
        var paths: [String] = []
        trees.forEachBlob(in: tree, prefix: policy.contentDirectory + "/") { path, _, _ in paths.append(path) }
        for path in paths where HistoryWalker.isMarkdown(path) {
            let record = FileRecord(path: path)
            tracked[path] = record
            histories[path] = record
        }
    }

    /// The HEAD file that `path` is in the commit being examined, if it reaches HEAD.
    mutating func file(at path: String) -> FileRecord? {
        if let record = tracked[path] { return record }
        guard incremental, !stopped.contains(path), HistoryWalker.isMarkdown(path), let headRoot,
              headTrees.blobID(of: headRoot, at: path) != nil else { return nil }
        let record = FileRecord(path: path)
        tracked[path] = record
        histories[path] = record
        return record
    }

    private mutating func personIndex(_ person: Person) -> Int {
        if let index = personIndices[person] { return index }
        people.append(person)
        personIndices[person] = people.count - 1
        return people.count - 1
    }

    /// `path` no longer stands for a HEAD file in older commits.
    private mutating func stop(_ path: String) {
        tracked[path] = nil
        if incremental { stopped.insert(path) }
    }

    // MARK: One commit

    struct Changes {
        var added: [(path: String, blob: ObjectID)] = []
        var deleted: [(path: String, blob: ObjectID)] = []
        var modified: [String] = []
        /// A tree whose bytes stopped making sense part way (the repository is damaged).
        var malformedTree: ObjectID?
    }

    /// The changes between two trees; throws when either is damaged, since a walk cannot go on past
    /// a damaged tree: its answer would be wrong without a sign of it.
    func changes(from oldTree: ObjectID?, to newTree: ObjectID?) throws -> Changes {
        var changes = Changes()
        diff(oldTree, newTree, prefix: policy.contentDirectory + "/", into: &changes)
        if let tree = changes.malformedTree {
            throw GitRepository.OpenError.other(
                "tree object \(GitLibrary.hex(tree.oid)) is damaged (its entries do not parse); run `git fsck` to see what else is")
        }
        return changes
    }

    /// Compares two trees entry by entry in git's tree order (both are sorted), descending only
    /// where subtree ids differ. Changes come out in path order, as git's own diff lists them.
    func diff(_ oldID: ObjectID?, _ newID: ObjectID?, prefix: String, into changes: inout Changes) {
        var oldEntries = oldID.flatMap(trees.uncheckedTree)?.makeIterator(), newEntries = newID.flatMap(trees.uncheckedTree)?.makeIterator()
        var old = oldEntries?.next(), new = newEntries?.next()
        while old != nil || new != nil {
            let order: Int32 = if let old, let new { RawTree.Entry.order(old, new) } else { old == nil ? 1 : -1 }
            if order < 0, let entry = old {
                let path = prefix + entry.nameString
                if entry.kind == .tree {
                    diff(entry.id, nil, prefix: path + "/", into: &changes)
                } else {
                    changes.deleted.append((path, entry.id))
                }
                old = oldEntries?.next()
            } else if order > 0, let entry = new {
                let path = prefix + entry.nameString
                if entry.kind == .tree {
                    diff(nil, entry.id, prefix: path + "/", into: &changes)
                } else {
                    changes.added.append((path, entry.id))
                }
                new = newEntries?.next()
            } else if let oldEntry = old, let newEntry = new {
                old = oldEntries?.next()
                new = newEntries?.next()
                let oldBlob = oldEntry.id, newBlob = newEntry.id
                if oldBlob == newBlob { continue }
                let path = prefix + newEntry.nameString
                if newEntry.kind == .tree {
                    diff(oldBlob, newBlob, prefix: path + "/", into: &changes)
                } else {
                    changes.modified.append(path)
                }
            }
        }
        if oldEntries?.malformed == true { changes.malformedTree = oldID }
        if newEntries?.malformed == true { changes.malformedTree = newID }
    }

    mutating func record(commit: RawCommit, oldTree: ObjectID?, newTree: ObjectID?) throws {
        let changes = try changes(from: oldTree, to: newTree)
        if incremental { deleted.formUnion(changes.deleted.lazy.map(\.path)) }
        // Every changed path is looked up (not just until the first hit): an incremental walk
        // starts following each file the first time a commit touches it.
        let modified = changes.modified.compactMap { file(at: $0) }
        let added = changes.added.compactMap { added in file(at: added.path).map { (path: added.path, blob: added.blob, file: $0) } }
        guard !modified.isEmpty || !added.isEmpty else { return }
        let info = commitInfo(commit)
        let author = personIndex(info.author)
        let substantive = isSubstantive(commit, id: info.id)
        let isMerge = commit.parentCount > 1
        // Pure renames: an added path whose blob was deleted from another path in the same commit.
        var deletedByBlob: [ObjectID: [String]] = [:]
        for deleted in changes.deleted { deletedByBlob[deleted.blob, default: []].append(deleted.path) }
        for added in added {
            let blob = added.blob
            if var sources = deletedByBlob[blob], !sources.isEmpty {
                // Prefer a source with the same file name (a move), then the first in path order.
                let name = added.path.split(separator: "/").last
                let chosen = sources.firstIndex { $0.split(separator: "/").last == name } ?? 0
                let source = sources.remove(at: chosen)
                deletedByBlob[blob] = sources
                stop(added.path)
                tracked[source] = added.file
                stopped.remove(source)
                touch(added.file, info: info, author: author, substantive: false, isMerge: isMerge)
                continue
            }
            stop(added.path)
            added.file.history.createdCommit = info
            touch(added.file, info: info, author: author, substantive: substantive, isMerge: isMerge)
        }
        for file in modified {
            touch(file, info: info, author: author, substantive: substantive, isMerge: isMerge)
        }
    }

    private func touch(_ file: FileRecord, info: CommitInfo, author: Int, substantive: Bool, isMerge: Bool) {
        if file.history.lastCommit == nil { file.history.lastCommit = info }
        if substantive {
            if file.history.lastSubstantiveCommit == nil { file.history.lastSubstantiveCommit = info }
            file.history.revisions += 1
            if !isMerge { file.authors.insert(author) }
        }
    }

    /// Authors of the non-merge commits a merge brought in, credited to the files they touched.
    mutating func attributeSideBranch(of merge: RawCommit) throws {
        guard let first = merge.firstParent else { return }
        for commit in try SideBranch.commits(merged: merge.mergedParents, first: first, store: store) {
            guard commit.parentCount == 1, let parentID = commit.firstParent else { continue }
            let info = commitInfo(commit)
            guard isSubstantive(commit, id: info.id) else { continue }
            let author = personIndex(info.author)
            let parent = try store.commit(parentID)
            let newTree = contentTreeID(of: commit), oldTree = contentTreeID(of: parent)
            guard newTree != oldTree else { continue }
            let changes = try changes(from: oldTree, to: newTree)
            for path in changes.modified + changes.added.map(\.path) {
                file(at: path)?.authors.insert(author)
            }
        }
    }

    // MARK: Commit details

    func commitInfo(_ commit: RawCommit) -> CommitInfo {
        let when = commit.committerTime
        return CommitInfo(id: GitLibrary.hex(commit.id.oid), time: when.time, offsetMinutes: when.offsetMinutes,
                          author: commit.author(mailmap: mailmap))
    }

    func isSubstantive(_ commit: RawCommit, id: String) -> Bool {
        if policy.ignoredCommits.contains(id) { return false }
        guard let trailer else { return true }
        let message = commit.message
        // Most messages do not mention the trailer's key at all: no need to parse their trailers.
        if let key = trailerKeyBytes, !Self.contains(message, caseInsensitive: key) { return true }
        var trailers = git_message_trailer_array()
        guard git_message_trailers(&trailers, message) == 0 else { return true }
        defer { git_message_trailer_array_free(&trailers) }
        for index in 0..<trailers.count {
            let item = trailers.trailers[index]
            let key = String(cString: item.key).trimmingCharacters(in: .whitespaces).lowercased()
            let value = String(cString: item.value).trimmingCharacters(in: .whitespaces).lowercased()
            if key == trailer.key && value == trailer.value { return false }
        }
        return true
    }

    /// Whether the NUL-terminated `text` contains `lowercased` (ASCII), ignoring ASCII case.
    static func contains(_ text: UnsafePointer<CChar>, caseInsensitive lowercased: [UInt8]) -> Bool {
        guard let first = lowercased.first else { return true }
        let bytes = UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self)
        let length = strlen(text)
        guard length >= lowercased.count else { return false }
        let lower = { (byte: UInt8) in byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        for start in 0...(length - lowercased.count) where lower(bytes[start]) == first {
            var matched = true
            for offset in 1..<lowercased.count where lower(bytes[start + offset]) != lowercased[offset] {
                matched = false
                break
            }
            if matched { return true }
        }
        return false
    }

    func finishedHistories() -> [String: FileHistory] {
        var result: [String: FileHistory] = [:]
        result.reserveCapacity(histories.count)
        for (path, file) in histories {
            var history = file.history
            history.contributors = file.authors.map { people[$0] }.sorted()
            result[path] = history
        }
        return result
    }
}
