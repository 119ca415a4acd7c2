import AtriumCore
import Foundation
import CGit2

extension GitRepository {
    /// HEAD's root tree, or nil for a repository with no commits.
    var headRootTree: git_oid? {
        var head = git_oid(), commit: OpaquePointer?
        guard git_reference_name_to_id(&head, handle, "HEAD") == 0, git_commit_lookup(&commit, handle, &head) == 0, let commit else { return nil }
        defer { git_commit_free(commit) }
        return git_commit_tree_id(commit)?.pointee
    }

    /// Whether the index is HEAD's tree exactly, by its cached tree (see `index(_:matchesTree:)`).
    var indexMatchesHead: Bool {
        var index: OpaquePointer?
        guard git_repository_index(&index, handle) == 0, let index else { return false }
        defer { git_index_free(index) }
        return headRootTree.map { Self.index(index, matchesTree: $0) } ?? false
    }

    /// True when the index's cached tree says it holds exactly the tree `root`. Git keeps the
    /// tree id of every folder it has not changed since in the index (the TREE extension, which
    /// `git commit` and `git checkout` write and libgit2 reads), and trusts it itself when it
    /// commits. libgit2 answers from that cache through `git_index_write_tree_to`; when the cache is
    /// incomplete it would write trees instead, so it is given an object database with no storage
    /// at all, where that fails and nothing is written.
    static func index(_ index: OpaquePointer, matchesTree root: git_oid) -> Bool {
        var odb: OpaquePointer?, scratch: OpaquePointer?
        guard git_odb_new(&odb) == 0, let odb else { return false }
        defer { git_odb_free(odb) }
        guard git_repository_wrap_odb(&scratch, odb) == 0, let scratch else { return false }
        defer { git_repository_free(scratch) }
        var tree = git_oid(), root = root
        return git_index_write_tree_to(&tree, index, scratch) == 0 && git_oid_equal(&tree, &root) == 1
    }

    /// Paths under `directory` whose work-tree or index state differs from HEAD, plus files not
    /// committed at all (unless git ignores them): such files count as changed now.
    ///
    /// What `git status` answers, computed the way git itself avoids reading files: the index
    /// records each file's stat data when it was last hashed, so a file whose size, times, inode
    /// and mode still match (and that was not written in the same instant as the index, the
    /// "racy" case) is unchanged without being read. Only files whose stat data differ are hashed
    /// (through the repository's filters, as `git add` would); symlinks and executable-bit changes,
    /// whose meaning depends on `core.symlinks` and `core.fileMode`, are left to `git_status_file`.
    /// HEAD against the index compares blob ids and modes from the raw trees. The general
    /// `git_status_list_new` cost more than all the rest of a run that finds its cache at HEAD.
    ///
    /// HEAD's files and the index are both in path order, so they are compared as two sorted
    /// streams of bytes; a path becomes a string only when it is reported. Untracked files are
    /// found by counting: when the work tree holds exactly as many files as the index entries
    /// found on disk, there are none, and only otherwise are the work tree's paths looked up.
    public func uncommittedPaths(under directory: String) -> Set<String> {
        guard let workTree else { return [] }
        var index: OpaquePointer?
        guard git_repository_index(&index, handle) == 0, let index else { return [] }
        defer { git_index_free(index) }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var changed = Set<String>()
        // The work tree's files are counted on a thread of their own (plain directory reads, no
        // libgit2), while the index is read and compared here.
        let fileCount = ThreadResult { () -> (files: Int, nestedRepositories: Bool) in
            var nested = false, files = 0
            Self.forEachFile(below: workTree + prefix, relativePath: prefix, nestedRepositories: &nested) { _, _ in files += 1 }
            return (files, nested)
        }

        // HEAD's blobs under the folder, in path order, their paths in one buffer.
        var headBytes: [UInt8] = []
        var head: [(end: Int, id: ObjectID, mode: UInt32)] = []
        // When the index is HEAD's tree exactly, nothing is staged, and HEAD's files need not be read.
        var indexIsHead = false
        if let root = headRootTree {
            if Self.index(index, matchesTree: root) {
                indexIsHead = true
            } else if let reader = try? TreeReader(repository: self),
                      let tree = reader.subtreeID(of: ObjectID(root), at: prefix.split(separator: "/").map(String.init)) {
                reader.forEachBlobPath(in: tree, prefix: prefix) { path, id, mode in
                    headBytes.append(contentsOf: path)
                    head.append((headBytes.count, id, mode))
                }
            }
        }
        var headPosition = 0
        func headPath(_ position: Int) -> UnsafeBufferPointer<UInt8> {
            let start = position == 0 ? 0 : head[position - 1].end
            return headBytes.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[start..<head[position].end]) }
        }
        /// HEAD's entry at `position` against an index path: <0, 0 or >0, bytewise.
        func compareHead(_ position: Int, with path: UnsafeBufferPointer<UInt8>) -> Int32 {
            let other = headPath(position)
            let common = min(other.count, path.count)
            let order = common == 0 ? 0 : memcmp(other.baseAddress!, path.baseAddress!, common)
            return order != 0 ? order : Int32(other.count) - Int32(path.count)
        }

        var indexStamp = stat()
        let hasIndexStamp = git_index_path(index).map { stat($0, &indexStamp) == 0 } ?? false
        // Index entries whose file is in the work tree, and whether counting can stand in for
        // looking every work-tree path up (not with conflicts, skipped or submodule entries).
        var presentInWorkTree = 0
        var countable = true
        let prefixBytes = Array(prefix.utf8)
        // Entries come in path order, so a folder's files are stat'ed through one descriptor for
        // the folder: the kernel resolves the folder's path once, not once per file.
        var folders = FolderHandles(workTree: workTree)
        defer { folders.close() }
        var position = 0
        let count = git_index_entrycount(index)
        if git_index_find_prefix(&position, index, prefix) != 0 { position = count }
        while position < count, let entry = git_index_get_byindex(index, position) {
            position += 1
            let pathBytes = UnsafeBufferPointer(start: UnsafeRawPointer(entry.pointee.path).assumingMemoryBound(to: UInt8.self),
                                                count: strlen(entry.pointee.path))
            guard pathBytes.starts(with: prefixBytes) else { break }
            // In HEAD but not in the index: a staged deletion.
            while headPosition < head.count, compareHead(headPosition, with: pathBytes) < 0 {
                changed.insert(String(decoding: headPath(headPosition), as: UTF8.self))
                headPosition += 1
            }
            var headEntry: (end: Int, id: ObjectID, mode: UInt32)?
            if indexIsHead {
                headEntry = (0, ObjectID(entry.pointee.id), entry.pointee.mode)
            } else if headPosition < head.count, compareHead(headPosition, with: pathBytes) == 0 {
                headEntry = head[headPosition]
                headPosition += 1
            }
            let stage = (entry.pointee.flags & UInt16(GIT_INDEX_ENTRY_STAGEMASK)) >> UInt16(GIT_INDEX_ENTRY_STAGESHIFT)
            if entry.pointee.mode == 0o160000 { countable = false; continue }   // submodules are not content
            if stage != 0 {   // an unresolved conflict
                countable = false
                changed.insert(String(decoding: pathBytes, as: UTF8.self))
                continue
            }
            if entry.pointee.flags_extended & UInt16(GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue) != 0 {
                countable = false
                if let headEntry, headEntry.id == ObjectID(entry.pointee.id), headEntry.mode == entry.pointee.mode { continue }
                changed.insert(String(decoding: pathBytes, as: UTF8.self))
                continue
            }
            var info = stat()
            let found = folders.lstat(pathBytes, &info)
            let state = workTreeState(entry.pointee, info: found ? info : nil, indexStamp: hasIndexStamp ? indexStamp : nil)
            if state.present { presentInWorkTree += 1 }
            // Staged (the index entry differs from HEAD's, or HEAD has none), or changed in the work tree.
            if state.differs || headEntry.map({ $0.id != ObjectID(entry.pointee.id) || $0.mode != entry.pointee.mode }) ?? true {
                changed.insert(String(decoding: pathBytes, as: UTF8.self))
            }
        }
        while headPosition < head.count {
            changed.insert(String(decoding: headPath(headPosition), as: UTF8.self))
            headPosition += 1
        }
        // Files in the work tree the index does not know, unless ignored.
        var (files, nestedRepositories) = fileCount.wait()
        if !countable || nestedRepositories || files != presentInWorkTree {
            var indexedPaths = Set<String>()
            position = 0
            if git_index_find_prefix(&position, index, prefix) != 0 { position = count }
            while position < count, let entry = git_index_get_byindex(index, position) {
                position += 1
                let path = String(cString: entry.pointee.path)
                guard path.hasPrefix(prefix) else { break }
                indexedPaths.insert(path)
            }
            Self.forEachFile(below: workTree + prefix, relativePath: prefix, nestedRepositories: &nestedRepositories) { folder, name in
                let path = folder + String(cString: name)
                if !indexedPaths.contains(path) {
                    var ignored: Int32 = 0
                    if git_ignore_path_is_ignored(&ignored, handle, path) != 0 || ignored == 0 { changed.insert(path) }
                }
            }
        }
        return changed
    }

    /// Whether the file of an index entry is in the work tree (as something other than a folder,
    /// so that the work tree's files can be counted against the index), and whether it differs
    /// from its index entry.
    /// `absolutePath` is the entry's file, NUL-terminated.
    /// `info` is the work-tree file's `lstat`, nil when there is none.
    private func workTreeState(_ entry: git_index_entry, info: stat?, indexStamp: stat?) -> (present: Bool, differs: Bool) {
        guard let info else { return (false, true) }   // deleted
        let type = info.st_mode & S_IFMT
        let present = type != S_IFDIR
        let isRegular = type == S_IFREG, isLink = type == S_IFLNK
        guard (entry.mode & 0o170000 == 0o100000 && isRegular) || (entry.mode == 0o120000 && isLink) else { return (present, true) }
        let executableChanged = isRegular && ((entry.mode & 0o100 != 0) != (info.st_mode & 0o100 != 0))
        let statMatches = UInt32(truncatingIfNeeded: info.st_size) == entry.file_size
            && Int64(entry.mtime.seconds) == Int64(info.st_mtim.tv_sec) && Int(entry.mtime.nanoseconds) == Int(info.st_mtim.tv_nsec)
            && Int64(entry.ctime.seconds) == Int64(info.st_ctim.tv_sec) && Int(entry.ctime.nanoseconds) == Int(info.st_ctim.tv_nsec)
            && UInt32(truncatingIfNeeded: info.st_ino) == entry.ino && info.st_uid == entry.uid && info.st_gid == entry.gid
        // Racy: written in the same instant as the index, so a later edit may have kept the stat data.
        let racy = indexStamp.map { stamp in
            (Int64(entry.mtime.seconds), Int(entry.mtime.nanoseconds)) >= (Int64(stamp.st_mtim.tv_sec), Int(stamp.st_mtim.tv_nsec))
        } ?? true
        if statMatches && !racy && !executableChanged { return (present, false) }
        if isRegular && !executableChanged {
            var id = git_oid()
            guard git_repository_hashfile(&id, handle, entry.path, GIT_OBJECT_BLOB, nil) == 0 else { return (present, true) }
            return (present, ObjectID(id) != ObjectID(entry.id))
        }
        // Symlinks and mode changes: whether they count depends on core.symlinks and core.fileMode.
        var flags: UInt32 = 0
        guard git_status_file(&flags, handle, entry.path) == 0 else { return (present, true) }
        return (present, flags & ~GIT_STATUS_IGNORED.rawValue != GIT_STATUS_CURRENT.rawValue)
    }

    /// Calls `body` with the folder (repository-relative, ending in `/`) and the name of every
    /// non-directory below `absolute`, skipping `.git` and nested repositories (which `git status`
    /// shows as one folder; `nestedRepositories` is set when one was skipped). The name is only
    /// valid during the call: counting files makes no string per file.
    private static func forEachFile(below absolute: String, relativePath: String, nestedRepositories: inout Bool,
                             _ body: (String, UnsafePointer<CChar>) -> Void) {
        guard let directory = opendir(absolute) else { return }
        defer { closedir(directory) }
        while let item = readdir(directory) {
            let type = Int32(item.pointee.d_type)
            withUnsafePointer(to: &item.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) { name in
                    if strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strcmp(name, ".git") == 0 { return }
                    var isDirectory = type == DT_DIR
                    if type == DT_UNKNOWN {
                        var info = stat()
                        isDirectory = lstat(absolute + String(cString: name), &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
                    }
                    guard isDirectory else { return body(relativePath, name) }
                    let folder = String(cString: name) + "/"
                    if access(absolute + folder + ".git", F_OK) == 0 {
                        nestedRepositories = true
                        return
                    }
                    forEachFile(below: absolute + folder, relativePath: relativePath + folder, nestedRepositories: &nestedRepositories, body)
                }
            }
        }
    }
}

/// An open descriptor for the work-tree folder of the index entry last looked at, so that its
/// neighbours are `lstat`ed by name (`fstatat`) instead of by their whole path.
private struct FolderHandles {
    private let workTree: [CChar]
    private var folder: [UInt8] = []
    private var descriptor: Int32 = -1
    private var opened = false
    /// The file's name with a NUL, in one reused buffer.
    private var name: [UInt8] = []

    init(workTree: String) {
        self.workTree = Array(workTree.utf8CString.dropLast())
    }

    /// `lstat` of the work-tree file at the repository-relative `path`; false when there is none.
    mutating func lstat(_ path: UnsafeBufferPointer<UInt8>, _ info: inout stat) -> Bool {
        let slash = path.lastIndex(of: 0x2F)
        let folderEnd = slash ?? 0
        if !opened || folder.count != folderEnd || !folder.elementsEqual(path[..<folderEnd]) {
            close()
            folder = Array(path[..<folderEnd])
            opened = true
            let folderPath = workTree + folder.map { CChar(bitPattern: $0) } + [0]
            descriptor = open(folderPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        guard descriptor >= 0 else { return false }
        let nameStart = slash.map { $0 + 1 } ?? 0
        name.removeAll(keepingCapacity: true)
        name.append(contentsOf: path[nameStart...])
        name.append(0)
        return name.withUnsafeBufferPointer { name in
            fstatat(descriptor, UnsafeRawPointer(name.baseAddress!).assumingMemoryBound(to: CChar.self), &info, AT_SYMLINK_NOFOLLOW) == 0
        }
    }

    mutating func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
        opened = false
    }
}
