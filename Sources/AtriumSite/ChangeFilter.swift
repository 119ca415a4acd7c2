import AtriumCore
import AtriumGit
import Foundation

/// Pull-request mode: the whole repository is loaded and checked (so rules across products stay
/// right), then only the diagnostics that concern the change are kept.
public struct ChangeFilter: Sendable {
    public let changes: GitRepository.ChangedPaths
    /// Ids of products that changed or disappeared: a reference to one of them may have broken.
    public let touchedIDs: Set<String>
    /// True when atrium.yml or a schema changed: every product may be affected.
    public let affectsEverything: Bool

    public init(changes: GitRepository.ChangedPaths, products: [Product], configuration: Configuration) {
        self.changes = changes
        var ids = Set(products.filter { changes.changed.contains($0.path) }.map(\.id))
        for removed in changes.removed where removed.hasSuffix(".md") {
            ids.insert(((removed as NSString).lastPathComponent as NSString).deletingPathExtension)
        }
        touchedIDs = ids
        let everything = changes.changed.union(changes.removed)
        affectsEverything = everything.contains("atrium.yml")
            || everything.contains { $0.hasPrefix(configuration.schemasDirectory + "/") }
    }

    /// Keeps diagnostics in changed files, diagnostics without a file, and reference errors
    /// elsewhere that name a product the change touched.
    public func filter(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        if affectsEverything { return diagnostics }
        return diagnostics.filter { diagnostic in
            guard let file = diagnostic.span?.file else { return true }
            if changes.changed.contains(file) { return true }
            guard diagnostic.rule.id.hasPrefix("ref/") else { return false }
            return touchedIDs.contains { id in diagnostic.message.contains("`\(id)`") || diagnostic.message.contains("atrium:\(id)`") }
        }
    }

    /// Loads the changes for a repository; the error says why it cannot, in words for the author.
    public static func load(root: String, revision: String) throws -> GitRepository.ChangedPaths {
        let repository = try GitRepository(path: root)
        let changes = try repository.changedPaths(since: revision)
        // Paths come relative to the git work tree; products are relative to the knowledge repository.
        let prefix = HistoryStage.prefix(of: root, in: repository.workTree)
        guard !prefix.isEmpty else { return changes }
        func strip(_ paths: Set<String>) -> Set<String> {
            Set(paths.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) })
        }
        return GitRepository.ChangedPaths(changed: strip(changes.changed), removed: strip(changes.removed))
    }
}
