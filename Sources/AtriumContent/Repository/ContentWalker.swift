import AtriumCore
import Foundation

/// Finds every Markdown file under the content directory without ever leaving the repository:
/// a symbolic link that resolves outside it is reported and not read, and link loops end.
struct ContentWalker {
    let fileSystem: FileSystem
    /// Canonical absolute path of the repository root.
    let canonicalRoot: String

    struct Found {
        var markdown: [String] = []
        var diagnostics: [Diagnostic] = []
    }

    /// Repository-relative paths of `*.md` files under `directory` (itself repository-relative), sorted.
    func markdownFiles(under directory: String) -> Found {
        var found = Found()
        var visitedDirectories = Set<String>()
        walk(relative: directory, found: &found, visited: &visitedDirectories)
        found.markdown.sort()
        return found
    }

    private func walk(relative: String, found: inout Found, visited: inout Set<String>) {
        let absolute = canonicalRoot + "/" + relative
        guard let canonical = fileSystem.resolvedPath(absolute), visited.insert(canonical).inserted else { return }
        let names: [String]
        do {
            names = try fileSystem.contentsOfDirectory(atPath: absolute)
        } catch {
            found.diagnostics.append(Diagnostic(rule: .fileUnreadable, message: "cannot list folder `\(relative)`: \(error.localizedDescription)",
                                                span: .wholeFile(relative)))
            return
        }
        for name in names.sorted() where name != ".git" {
            let childRelative = relative + "/" + name
            let childAbsolute = absolute + "/" + name
            var kind = fileSystem.fileKind(atPath: childAbsolute)
            let isMarkdown = name.lowercased().hasSuffix(".md")
            if kind == .symbolicLink {
                guard let target = fileSystem.resolvedPath(childAbsolute) else {
                    if isMarkdown {
                        found.diagnostics.append(Diagnostic(
                            rule: .fileUnreadable, message: "symbolic link `\(childRelative)` leads nowhere (dangling, or a loop of links)",
                            span: .wholeFile(childRelative), help: "remove the link or point it at a file inside the repository"))
                    }
                    continue
                }
                guard target == canonicalRoot || target.hasPrefix(canonicalRoot + "/") else {
                    found.diagnostics.append(Diagnostic(
                        rule: .fileOutsideRepository, message: "`\(childRelative)` is a symbolic link to a place outside the repository; it was not read",
                        span: .wholeFile(childRelative), help: "copy the file into the repository instead of linking to it"))
                    continue
                }
                kind = fileSystem.fileKind(atPath: target)
            }
            switch kind {
            case .directory:
                walk(relative: childRelative, found: &found, visited: &visited)
            case .file where isMarkdown:
                found.markdown.append(childRelative)
            default:
                continue
            }
        }
    }
}
