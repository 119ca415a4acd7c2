import AtriumCore
import CGit2
import Foundation

/// A git repository opened through libgit2. libgit2 handles stay on the thread that uses them,
/// so the type is deliberately not `Sendable`; the history stage runs on one thread.
public final class GitRepository {
    let handle: OpaquePointer
    /// Absolute path of the work tree, with a trailing `/`; nil for a bare repository.
    public let workTree: String?

    /// Why a repository could not be opened, in words an author can act on.
    public enum OpenError: Error, CustomStringConvertible, Equatable {
        case notARepository(String)
        case dubiousOwnership(String)
        case other(String)

        public var description: String {
            switch self {
            case .notARepository(let path):
                return "`\(path)` is not inside a git repository"
            case .dubiousOwnership(let path):
                return """
                detected dubious ownership in repository at '\(path)': it is owned by another user, so git (and libgit2) refuse to read it. \
                To trust it, run: git config --global --add safe.directory \(path)
                """
            case .other(let message):
                return message
            }
        }
    }

    public init(path: String) throws {
        _ = GitLibrary.initialized
        var pointer: OpaquePointer?
        let status = git_repository_open_ext(&pointer, path, 0, nil)
        guard status == 0, let pointer else {
            let message = GitLibrary.lastErrorMessage(status: status, fallback: "")
            // libgit2 1.5.1 reports a foreign owner as GIT_EOWNER, or, when no configuration
            // file mentions safe.directory at all, as "config value 'safe.directory' was not found".
            if let workTree = GitLibrary.discoveredWorkTree(from: path),
               status == GIT_EOWNER.rawValue || message.contains("safe.directory") || GitLibrary.isOwnedByAnotherUser(workTree) {
                throw OpenError.dubiousOwnership(workTree)
            }
            if status == GIT_ENOTFOUND.rawValue { throw OpenError.notARepository(path) }
            throw OpenError.other(GitLibrary.lastErrorMessage(status: status, fallback: "cannot open git repository at `\(path)`"))
        }
        handle = pointer
        workTree = git_repository_workdir(pointer).map { String(cString: $0) }
    }

    deinit { git_repository_free(handle) }

    /// Starts libgit2 on a thread of its own, for a caller that will open a repository shortly:
    /// built with mbedTLS, libgit2 parses the system's certificate bundle when it starts (about
    /// 6 ms here), which can then happen while the caller does other work. Opening a repository
    /// waits for it as before. The caller must also wait (`wait()`) before the process can end:
    /// exiting while libgit2 starts crashes it (exit status 11, seen when a command stops at once
    /// on a folder without atrium.yml).
    public static func prepareLibrary() -> ThreadResult<Void> {
        ThreadResult { _ = GitLibrary.initialized }
    }

    /// True for a shallow clone, whose history (and so every date) is cut short.
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

    /// The commit id HEAD points at, or nil for a repository with no commits yet.
    public var headCommitID: String? {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, handle, "HEAD") == 0 else { return nil }
        return GitLibrary.hex(oid)
    }

    /// True when HEAD is detached (a CI checkout of a pull request, say).
    public var isHeadDetached: Bool { git_repository_head_detached(handle) == 1 }
}

/// Process-wide libgit2 set-up and error text.
enum GitLibrary {
    static let initialized: Void = {
        _ = git_libgit2_init()
        // Trees are read raw and kept only as long as a walk needs them (`TreeReader`): caching
        // them here would keep every tree of the history in memory.
        _ = atrium_git_set_cache_object_limit(GIT_OBJECT_TREE, 0)
        _ = atrium_git_set_cache_object_limit(GIT_OBJECT_COMMIT, 1 << 16)
        _ = atrium_git_set_cache_max_size(512 << 20)
        _ = atrium_git_set_strict_hash_verification(0)
    }()

    static func lastErrorMessage(status: Int32, fallback: String) -> String {
        if let error = git_error_last(), let message = error.pointee.message {
            return String(cString: message)
        }
        return "\(fallback) (libgit2 status \(status))"
    }

    static func hex(_ oid: git_oid) -> String {
        var oid = oid
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, &oid)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func oid(_ hex: String) -> git_oid? {
        var oid = git_oid()
        guard hex.utf8.count == 40, git_oid_fromstr(&oid, hex) == 0 else { return nil }
        return oid
    }

    /// True when the repository's `.git` belongs to another user than the one running Atrium.
    static func isOwnedByAnotherUser(_ workTree: String) -> Bool {
        var info = stat()
        guard stat(workTree + "/.git", &info) == 0 else { return false }
        return info.st_uid != geteuid()
    }

    /// The work tree that holds `path`, found the way git does: the nearest parent with a `.git`.
    static func discoveredWorkTree(from path: String) -> String? {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(".git").path) { return url.path }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }
}
