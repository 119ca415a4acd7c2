import CGit2
import Foundation

extension GitRepository {
    /// True when `path` is inside a git work tree (or is one).
    public static func isInsideRepository(_ path: String) -> Bool {
        (try? GitRepository(path: path)) != nil
    }

    /// Creates an empty repository with a work tree at `path` (as `git init -b main`), so that a
    /// new knowledge repository has history from its first commit.
    public static func create(at path: String, initialBranch: String = "main") throws {
        _ = GitLibrary.initialized
        var options = git_repository_init_options()
        git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION))
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue
        var pointer: OpaquePointer?
        let status = initialBranch.withCString { branch in
            options.initial_head = branch
            return git_repository_init_ext(&pointer, path, &options)
        }
        guard status == 0, let pointer else {
            throw OpenError.other(GitLibrary.lastErrorMessage(status: status, fallback: "cannot create a git repository at `\(path)`"))
        }
        git_repository_free(pointer)
    }
}
