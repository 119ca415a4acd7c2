import CGit2
import Foundation

extension GitRepository {
    /// Files that differ between a revision and the work tree (committed since it, staged,
    /// edited or new), for pull-request mode.
    public struct ChangedPaths: Sendable, Hashable {
        /// Paths that exist now and changed (added, modified, renamed to, untracked).
        public var changed: Set<String>
        /// Paths that existed at the revision and are gone (deleted, renamed from).
        public var removed: Set<String>

        public init(changed: Set<String>, removed: Set<String>) {
            self.changed = changed
            self.removed = removed
        }
    }

    public struct RevisionError: Error, CustomStringConvertible {
        public let description: String
    }

    public func changedPaths(since revision: String) throws -> ChangedPaths {
        var object: OpaquePointer?
        guard git_revparse_single(&object, handle, revision) == 0, let object else {
            throw RevisionError(description: "`\(revision)` names no commit in this repository (in CI, fetch the base branch, e.g. `git fetch origin main`, and check out with `fetch-depth: 0`)")
        }
        defer { git_object_free(object) }
        var treeObject: OpaquePointer?
        guard git_object_peel(&treeObject, object, GIT_OBJECT_TREE) == 0, let treeObject else {
            throw RevisionError(description: "`\(revision)` is not a commit or tree")
        }
        defer { git_object_free(treeObject) }
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.flags = GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue
        var diff: OpaquePointer?
        guard git_diff_tree_to_workdir_with_index(&diff, handle, treeObject, &options) == 0, let diff else {
            throw RevisionError(description: GitLibrary.lastErrorMessage(status: -1, fallback: "cannot compare `\(revision)` with the work tree"))
        }
        defer { git_diff_free(diff) }
        var result = ChangedPaths(changed: [], removed: [])
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index) else { continue }
            let status = delta.pointee.status
            let newPath = delta.pointee.new_file.path.map { String(cString: $0) }
            let oldPath = delta.pointee.old_file.path.map { String(cString: $0) }
            if status == GIT_DELTA_DELETED {
                if let oldPath { result.removed.insert(oldPath) }
            } else {
                if let newPath { result.changed.insert(newPath) }
                if status == GIT_DELTA_RENAMED, let oldPath, oldPath != newPath { result.removed.insert(oldPath) }
            }
        }
        return result
    }
}
