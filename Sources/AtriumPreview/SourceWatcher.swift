import Foundation

/// Notices changes to a repository's sources by polling modification times and sizes: portable,
/// needs no file-system events API, and costs one `stat` per file per poll.
public struct SourceWatcher: Sendable {
    /// What a poll saw: path → (modification time, size).
    public struct Fingerprint: Sendable, Equatable {
        var entries: [String: Entry] = [:]

        struct Entry: Sendable, Equatable {
            var modified: Date
            var size: Int
        }

        /// Paths added, removed or changed since `earlier`, sorted.
        public func changes(since earlier: Fingerprint) -> [String] {
            var changed = Set<String>()
            for (path, entry) in entries where earlier.entries[path] != entry { changed.insert(path) }
            for path in earlier.entries.keys where entries[path] == nil { changed.insert(path) }
            return changed.sorted()
        }
    }

    let root: String
    /// Folders and files to watch, relative to the root.
    let paths: [String]

    public init(root: String, paths: [String]) {
        self.root = root
        self.paths = paths
    }

    public func fingerprint() -> Fingerprint {
        var fingerprint = Fingerprint()
        let fileManager = FileManager.default
        for path in paths {
            let absolute = root + "/" + path
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: absolute, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue {
                record(path, absolute, into: &fingerprint)
                continue
            }
            let enumerator = fileManager.enumerator(atPath: absolute)
            while let relative = enumerator?.nextObject() as? String {
                // Editors' swap and backup files change on every keystroke; they are not sources.
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") || name.hasSuffix("~") { continue }
                record(path + "/" + relative, absolute + "/" + relative, into: &fingerprint)
            }
        }
        return fingerprint
    }

    private func record(_ path: String, _ absolute: String, into fingerprint: inout Fingerprint) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: absolute),
              attributes[.type] as? FileAttributeType != .typeDirectory else { return }
        fingerprint.entries[path] = .init(modified: attributes[.modificationDate] as? Date ?? .distantPast,
                                          size: (attributes[.size] as? NSNumber)?.intValue ?? 0)
    }
}
