import Foundation

/// The file system as Atrium sees it, injected so tests can use temporary trees and
/// so no stage reaches for `FileManager.default` on its own.
public protocol FileSystem: Sendable {
    /// Entries of a directory (names only), or throws if it is not a readable directory.
    func contentsOfDirectory(atPath path: String) throws -> [String]
    func fileKind(atPath path: String) -> FileKind
    func readFile(atPath path: String) throws -> Data
    /// The canonical path with every symbolic link resolved, or nil when it cannot be resolved (a loop, a dangling link).
    func resolvedPath(_ path: String) -> String?
    func fileSize(atPath path: String) -> Int?
    /// What a symbolic link points to, as written in the link (not resolved), or nil when `path` is not a link.
    func destinationOfSymbolicLink(atPath path: String) -> String?
    /// Starts bringing these files (absolute paths) into memory in the background, for reads soon
    /// after; returns at once. A hint only: nothing depends on it having happened.
    func readAhead(_ paths: [String])
}

extension FileSystem {
    public func readAhead(_ paths: [String]) {}
}

public enum FileKind: Sendable, Hashable {
    case missing, file, directory, symbolicLink, other
}

/// The real file system. A path holding a NUL character names no file: the C calls underneath
/// would silently cut it at the NUL (`a%00.png` in a link would become `a`), so such paths are
/// missing here, whatever exists at the shorter path.
public struct LocalFileSystem: FileSystem {
    public init() {}

    public func contentsOfDirectory(atPath path: String) throws -> [String] {
        guard !path.utf8.contains(0) else { throw CocoaError(.fileReadInvalidFileName) }
        return try FileManager.default.contentsOfDirectory(atPath: path)
    }

    public func fileKind(atPath path: String) -> FileKind {
        guard !path.utf8.contains(0) else { return .missing }
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    public func readFile(atPath path: String) throws -> Data {
        guard !path.utf8.contains(0) else { throw CocoaError(.fileReadInvalidFileName) }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    public func resolvedPath(_ path: String) -> String? {
        guard !path.utf8.contains(0), let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public func destinationOfSymbolicLink(atPath path: String) -> String? {
        guard !path.utf8.contains(0) else { return nil }
        return try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    public func readAhead(_ paths: [String]) {
        ReadAhead.start(paths)
    }

    public func fileSize(atPath path: String) -> Int? {
        guard !path.utf8.contains(0) else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }
}
