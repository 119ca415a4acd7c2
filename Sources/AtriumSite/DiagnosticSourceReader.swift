import AtriumContent
import AtriumCore

/// The text of a file a diagnostic names, read to quote its line when the check did not keep it
/// (templates, files met while building). Read only when that is safe: an ordinary file, not a
/// symbolic link, inside the repository, no larger than the size limit. A link refused with "it
/// was not read" must not be read to quote it (its first line would reach the CI log), and a
/// 50 MB file refused as too large must not be read to show one line of it.
public struct DiagnosticSourceReader: Sendable {
    private let canonicalRoot: String
    private let maximumSize: Int
    private let fileSystem: FileSystem

    public init(root: String, maximumSize: Int, fileSystem: FileSystem = LocalFileSystem()) {
        self.canonicalRoot = fileSystem.resolvedPath(root) ?? root
        self.maximumSize = maximumSize
        self.fileSystem = fileSystem
    }

    /// The file at repository-relative `path`, or nil when it may not or cannot be read.
    public func source(_ path: String) -> SourceText? {
        let absolute = canonicalRoot + "/" + path
        guard fileSystem.fileKind(atPath: absolute) == .file,
              let resolved = fileSystem.resolvedPath(absolute), resolved.hasPrefix(canonicalRoot + "/"),
              let size = fileSystem.fileSize(atPath: absolute), size <= maximumSize,
              let data = try? fileSystem.readFile(atPath: absolute),
              case .text(let text, _) = TextDecoding.decode(data) else { return nil }
        return SourceText(path: path, text: text)
    }
}
