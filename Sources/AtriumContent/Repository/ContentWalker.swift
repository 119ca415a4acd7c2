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
                            rule: .fileUnreadable, message: "symbolic link `\(childRelative)` \(unresolvableLink(childAbsolute))",
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

    /// Why a link resolves to nothing, found by following it one step at a time (never reading
    /// a file): it goes round in a loop, or ends at a path that does not exist.
    private func unresolvableLink(_ path: String) -> String {
        var current = path
        var seen: Set<String> = [path]
        for _ in 0..<64 {
            guard let destination = fileSystem.destinationOfSymbolicLink(atPath: current) else { break }
            let next = destination.hasPrefix("/")
                ? destination : (current as NSString).deletingLastPathComponent + "/" + destination
            let normalized = (next as NSString).standardizingPath
            guard seen.insert(normalized).inserted else { return "is part of a loop of symbolic links, so it leads to no file" }
            switch fileSystem.fileKind(atPath: normalized) {
            case .missing: return "points to `\(destination)`, which does not exist"
            case .symbolicLink: current = normalized
            default: return "cannot be followed"
            }
        }
        return "is part of a loop of symbolic links, so it leads to no file"
    }
}
