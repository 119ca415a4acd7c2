import Foundation
import CGit2

extension GitRepository {
    /// Paths under `directory` whose work-tree or index state differs from HEAD, plus files not
    /// committed at all: such files count as changed now.
    public func uncommittedPaths(under directory: String) -> Set<String> {
        var options = git_status_options()
        git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION))
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        let pattern = strdup(directory + "/")
        defer { free(pattern) }
        var patterns: [UnsafeMutablePointer<CChar>?] = [pattern]
        var paths = Set<String>()
        patterns.withUnsafeMutableBufferPointer { buffer in
            options.pathspec = git_strarray(strings: buffer.baseAddress, count: 1)
            var list: OpaquePointer?
            guard git_status_list_new(&list, handle, &options) == 0, let list else { return }
            defer { git_status_list_free(list) }
            for index in 0..<git_status_list_entrycount(list) {
                guard let entry = git_status_byindex(list, index) else { continue }
                if entry.pointee.status.rawValue & GIT_STATUS_IGNORED.rawValue != 0 { continue }
                for delta in [entry.pointee.index_to_workdir, entry.pointee.head_to_index] {
                    guard let delta else { continue }
                    if let path = delta.pointee.new_file.path { paths.insert(String(cString: path)) }
                }
            }
        }
        return paths
    }
}
