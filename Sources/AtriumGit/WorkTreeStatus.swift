import Foundation
import CGit2

extension GitRepository {
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
    public func uncommittedPaths(under directory: String) -> Set<String> {
        guard let workTree else { return [] }
        var index: OpaquePointer?
        guard git_repository_index(&index, handle) == 0, let index else { return [] }
        defer { git_index_free(index) }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var changed = Set<String>()

        // HEAD's blobs under the folder, to compare with the index.
        var headBlobs: [String: (id: ObjectID, mode: UInt32)] = [:]
        var headOID = git_oid()
        if git_reference_name_to_id(&headOID, handle, "HEAD") == 0, let reader = try? TreeReader(repository: self) {
            var commit: OpaquePointer?
            if git_commit_lookup(&commit, handle, &headOID) == 0, let commit {
                defer { git_commit_free(commit) }
                let components = prefix.split(separator: "/").map(String.init)
                if let root = git_commit_tree_id(commit), let tree = reader.subtreeID(of: ObjectID(root.pointee), at: components) {
                    reader.forEachBlob(in: tree, prefix: prefix) { path, id, mode in headBlobs[path] = (id, mode) }
                }
            }
        }

        var indexStamp = stat()
        let hasIndexStamp = git_index_path(index).map { stat($0, &indexStamp) == 0 } ?? false
        var indexedPaths = Set<String>()
        var position = 0
        let count = git_index_entrycount(index)
        if git_index_find_prefix(&position, index, prefix) != 0 { position = count }
        while position < count, let entry = git_index_get_byindex(index, position) {
            position += 1
            let path = String(cString: entry.pointee.path)
            guard path.hasPrefix(prefix) else { break }
            indexedPaths.insert(path)
            let stage = (entry.pointee.flags & UInt16(GIT_INDEX_ENTRY_STAGEMASK)) >> UInt16(GIT_INDEX_ENTRY_STAGESHIFT)
            if entry.pointee.mode == 0o160000 { headBlobs[path] = nil; continue }   // submodules are not content
            if stage != 0 { changed.insert(path); headBlobs[path] = nil; continue }   // an unresolved conflict
            // Staged: the index entry differs from HEAD's.
            if let head = headBlobs.removeValue(forKey: path) {
                if head.id != ObjectID(entry.pointee.id) || head.mode != entry.pointee.mode { changed.insert(path); continue }
            } else {
                changed.insert(path)
                continue
            }
            if entry.pointee.flags_extended & UInt16(GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue) != 0 { continue }
            if workTreeDiffers(entry.pointee, path: path, workTree: workTree, indexStamp: hasIndexStamp ? indexStamp : nil) {
                changed.insert(path)
            }
        }
        // In HEAD but no longer in the index: a staged deletion.
        changed.formUnion(headBlobs.keys)
        // Files in the work tree the index does not know, unless ignored.
        forEachFile(below: workTree + prefix, relativePath: prefix) { path in
            if !indexedPaths.contains(path) {
                var ignored: Int32 = 0
                if git_ignore_path_is_ignored(&ignored, handle, path) != 0 || ignored == 0 { changed.insert(path) }
            }
        }
        return changed
    }

    /// True when the file at `path` differs from its index entry.
    private func workTreeDiffers(_ entry: git_index_entry, path: String, workTree: String, indexStamp: stat?) -> Bool {
        var info = stat()
        guard lstat(workTree + path, &info) == 0 else { return true }   // deleted
        let type = info.st_mode & S_IFMT
        let isRegular = type == S_IFREG, isLink = type == S_IFLNK
        guard (entry.mode & 0o170000 == 0o100000 && isRegular) || (entry.mode == 0o120000 && isLink) else { return true }
        let executableChanged = isRegular && ((entry.mode & 0o100 != 0) != (info.st_mode & 0o100 != 0))
        let statMatches = UInt32(truncatingIfNeeded: info.st_size) == entry.file_size
            && Int64(entry.mtime.seconds) == Int64(info.st_mtim.tv_sec) && Int(entry.mtime.nanoseconds) == Int(info.st_mtim.tv_nsec)
            && Int64(entry.ctime.seconds) == Int64(info.st_ctim.tv_sec) && Int(entry.ctime.nanoseconds) == Int(info.st_ctim.tv_nsec)
            && UInt32(truncatingIfNeeded: info.st_ino) == entry.ino && info.st_uid == entry.uid && info.st_gid == entry.gid
        // Racy: written in the same instant as the index, so a later edit may have kept the stat data.
        let racy = indexStamp.map { stamp in
            (Int64(entry.mtime.seconds), Int(entry.mtime.nanoseconds)) >= (Int64(stamp.st_mtim.tv_sec), Int(stamp.st_mtim.tv_nsec))
        } ?? true
        if statMatches && !racy && !executableChanged { return false }
        if isRegular && !executableChanged {
            var id = git_oid()
            guard git_repository_hashfile(&id, handle, path, GIT_OBJECT_BLOB, nil) == 0 else { return true }
            return ObjectID(id) != ObjectID(entry.id)
        }
        // Symlinks and mode changes: whether they count depends on core.symlinks and core.fileMode.
        var flags: UInt32 = 0
        guard git_status_file(&flags, handle, path) == 0 else { return true }
        return flags & ~GIT_STATUS_IGNORED.rawValue != GIT_STATUS_CURRENT.rawValue
    }

    /// Calls `body` with the repository-relative path of every non-directory below `absolute`,
    /// skipping `.git` and nested repositories (which `git status` shows as one folder).
    private func forEachFile(below absolute: String, relativePath: String, _ body: (String) -> Void) {
        guard let directory = opendir(absolute) else { return }
        defer { closedir(directory) }
        while let item = readdir(directory) {
            let name = withUnsafePointer(to: &item.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) { String(cString: $0) }
            }
            if name == "." || name == ".." || name == ".git" { continue }
            var isDirectory = Int32(item.pointee.d_type) == DT_DIR
            if Int32(item.pointee.d_type) == DT_UNKNOWN {
                var info = stat()
                isDirectory = lstat(absolute + name, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
            }
            if isDirectory {
                if access(absolute + name + "/.git", F_OK) == 0 { continue }
                forEachFile(below: absolute + name + "/", relativePath: relativePath + name + "/", body)
            } else {
                body(relativePath + name)
            }
        }
    }
}
