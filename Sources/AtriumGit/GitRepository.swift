import AtriumCore
import CGit2
import Foundation

/// A git repository opened through libgit2. Handles stay on the thread that uses them;
/// the type is deliberately not `Sendable`.
public final class GitRepository {
    private let handle: OpaquePointer

    /// Why a repository could not be opened, in words an author can act on.
    public struct OpenError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(path: String) throws {
        _ = GitLibrary.initialized
        var pointer: OpaquePointer?
        let status = git_repository_open_ext(&pointer, path, 0, nil)
        guard status == 0, let pointer else {
            throw OpenError(description: GitLibrary.lastErrorMessage(status: status, fallback: "`\(path)` is not a git repository"))
        }
        handle = pointer
    }

    deinit { git_repository_free(handle) }

    /// True for a shallow clone, whose history (and so every date) is cut short.
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

    /// The commit id HEAD points at, or nil for a repository with no commits yet.
    public var headCommitID: String? {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, handle, "HEAD") == 0 else { return nil }
        return GitLibrary.hex(oid)
    }
}

/// Process-wide libgit2 set-up and error text.
enum GitLibrary {
    static let initialized: Void = { _ = git_libgit2_init() }()

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
        return String(cString: buffer)
    }
}
