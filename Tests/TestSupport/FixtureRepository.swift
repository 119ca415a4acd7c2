import Foundation

/// A whole repository written as one text block, Hugo-txtar style:
///
///     -- atrium.yml --
///     site: {title: Test}
///     -- content/guidance-note/a.md --
///     ---
///     title: …
///
/// turned into a temporary folder (and, on request, a git repository with fixed dates).
public struct FixtureRepository {
    public let root: URL

    /// Writes the files of `text` into a new temporary folder.
    public init(_ text: String, copyingSchemas: Bool = false, copyingTemplates: Bool = false) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("atrium-fixture-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, contents) in Self.parse(text) {
            try write(contents, to: path)
        }
        if copyingSchemas {
            try FileManager.default.copyItem(at: PackagePaths.root.appendingPathComponent("schemas"),
                                             to: root.appendingPathComponent("schemas"))
        }
        if copyingTemplates {
            try FileManager.default.copyItem(at: PackagePaths.root.appendingPathComponent("site-template"),
                                             to: root.appendingPathComponent("site-template"))
        }
    }

    /// A repository some other way made (by `atrium init`, say), to commit and run tools in.
    public init(existing root: URL) {
        self.root = root
    }

    /// Writes (or overwrites) one file, creating folders as needed.
    public func write(_ contents: String, to path: String) throws {
        try write(Data(contents.utf8), to: path)
    }

    public func write(_ data: Data, to path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    public var path: String { root.path }

    /// Commits every file with fixed author and committer dates, so tests are reproducible.
    public func commitAll(message: String = "Add fixture", date: String = "2024-01-15T10:00:00Z",
                          author: String = "Test Author <author@example.org>") throws {
        if !FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path) {
            try run("git", ["init", "-q", "-b", "main"])
        }
        try run("git", ["add", "-A"])
        let name = String(author.prefix { $0 != "<" }).trimmingCharacters(in: .whitespaces)
        let email = String(author.drop { $0 != "<" }.dropFirst().prefix { $0 != ">" })
        try run("git", ["-c", "user.name=\(name)", "-c", "user.email=\(email)", "commit", "-q", "--allow-empty", "-m", message],
                environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
    }

    @discardableResult
    public func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let result = try ProcessRunner.run(tool, arguments, in: root, environment: environment)
        guard result.status == 0 else {
            throw FixtureError("`\(tool) \(arguments.joined(separator: " "))` failed: \(result.standardError)")
        }
        return result.standardOutput
    }

    public func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    static func parse(_ text: String) -> [(String, String)] {
        var files: [(String, String)] = []
        var currentPath: String?
        var currentLines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- "), line.hasSuffix(" --"), line.count > 6 {
                if let currentPath { files.append((currentPath, currentLines.joined(separator: "\n"))) }
                currentPath = String(line.dropFirst(3).dropLast(3))
                currentLines = []
            } else if currentPath != nil {
                currentLines.append(line)
            }
        }
        if let currentPath { files.append((currentPath, currentLines.joined(separator: "\n"))) }
        return files
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
