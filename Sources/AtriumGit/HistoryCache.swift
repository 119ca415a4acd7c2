import AtriumCore
import Foundation

/// The history stage's incremental cache in `.atrium-cache/`: the histories computed at one HEAD,
/// keyed by the commit id and by everything else that shapes them (content folder, ignored
/// revisions, trailer, mailmap). A run after new commits walks only those commits. A cache that
/// does not parse, has another version or another key is rebuilt, never trusted.
struct HistoryCache: Codable {
    static let version = 1
    static let fileName = "history-v\(version).json"

    var version: Int
    /// Hash of the policy and mailmap the histories were computed under.
    var key: String
    var headCommitID: String
    var histories: [FileHistory]

    enum LoadOutcome {
        case loaded(HistoryCache)
        case absent
        /// Present but unusable: the reason, for `--verbose`.
        case invalid(String)
    }

    static func load(directory: String, key: String) -> LoadOutcome {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return .absent }
        guard let cache = try? JSONDecoder().decode(HistoryCache.self, from: data) else { return .invalid("unreadable or corrupt") }
        guard cache.version == version else { return .invalid("written by another version") }
        guard cache.key == key else { return .invalid("configuration, ignored revisions or mailmap changed") }
        guard cache.headCommitID.count == 40, cache.headCommitID.allSatisfy(\.isHexDigit) else { return .invalid("malformed commit id") }
        return .loaded(cache)
    }

    /// Writes atomically: a temporary file renamed over the old one, so an interrupted run never leaves half a cache.
    func save(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let gitignore = directory + "/.gitignore"
        if !FileManager.default.fileExists(atPath: gitignore) {
            try Data("# Written by atrium; safe to delete.\n*\n".utf8).write(to: URL(fileURLWithPath: gitignore))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(self)
        let target = URL(fileURLWithPath: directory + "/" + Self.fileName)
        let temporary = URL(fileURLWithPath: directory + "/.\(Self.fileName).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try data.write(to: temporary)
        if rename(temporary.path, target.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// A stable hash (FNV-1a, 64 bits) of the strings that shape the histories.
    static func key(for parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 + [0] {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }
}
