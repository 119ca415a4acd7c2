import AtriumCore
import AtriumGit
import Foundation

/// `atrium init DIR`: a new knowledge repository that passes `atrium check` and `atrium build` as
/// created — configuration with commented taxonomies, the schemas, the portal's templates, one
/// example product, a `.gitignore` and a CI workflow — in a new git repository unless it is
/// already inside one.
public struct RepositoryScaffold: Sendable {
    public struct Options: Sendable {
        public var directory: String
        public var title: String
        public var today: CalendarDate

        public init(directory: String, title: String = "Knowledge Portal", today: CalendarDate) {
            self.directory = directory
            self.title = title
            self.today = today
        }
    }

    public struct Outcome: Sendable {
        /// Files written, relative to the new repository, sorted.
        public var files: [String]
        /// True when a git repository was created (false when the folder was already inside one).
        public var createdGitRepository: Bool
    }

    public struct ScaffoldError: Error, CustomStringConvertible {
        public let description: String
    }

    let kit: StarterKit

    public init(kit: StarterKit) {
        self.kit = kit
    }

    public func create(_ options: Options) throws -> Outcome {
        let fileManager = FileManager.default
        let root = URL(fileURLWithPath: options.directory).standardizedFileURL
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: root.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ScaffoldError(description: "`\(options.directory)` is a file, not a folder") }
            let existing = (try? fileManager.contentsOfDirectory(atPath: root.path)) ?? []
            let clashes = ["atrium.yml", "content", "schemas", "site-template"].filter(existing.contains)
            guard clashes.isEmpty else {
                throw ScaffoldError(description: "`\(options.directory)` already holds \(clashes.map { "`\($0)`" }.joined(separator: ", ")); nothing was written. Choose an empty or new folder")
            }
        }
        var written: [String] = []
        func write(_ text: String, to path: String) throws {
            let url = root.appendingPathComponent(path)
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .withoutOverwriting)
            written.append(path)
        }
        do {
            try fileManager.createDirectory(at: root, withIntermediateDirectories: true)
            try write(StarterFiles.configuration(title: options.title), to: "atrium.yml")
            try write(StarterFiles.exampleProduct(today: options.today), to: "content/guidance-note/welcome-to-the-knowledge-repository.md")
            try write(StarterFiles.gitignore, to: ".gitignore")
            try write(StarterFiles.workflow, to: ".github/workflows/atrium.yml")
            try write(StarterFiles.readme(title: options.title), to: "README.md")
            written += try copyTree(kit.schemas, to: root.appendingPathComponent("schemas"), as: "schemas")
            written += try copyTree(kit.siteTemplate, to: root.appendingPathComponent("site-template"), as: "site-template")
        } catch let error as ScaffoldError {
            throw error
        } catch {
            throw ScaffoldError(description: "cannot write the new repository in `\(options.directory)`: \(error.localizedDescription)")
        }
        var createdGit = false
        if !GitRepository.isInsideRepository(root.path) {
            try GitRepository.create(at: root.path)
            createdGit = true
        }
        return Outcome(files: written.sorted(), createdGitRepository: createdGit)
    }

    /// Copies the files of a folder (hidden files left out), returning their new relative paths.
    private func copyTree(_ source: URL, to destination: URL, as name: String) throws -> [String] {
        let fileManager = FileManager.default
        guard let enumerator = fileManager.enumerator(atPath: source.path) else { return [] }
        var copied: [String] = []
        for case let relative as String in enumerator {
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            var isDirectory: ObjCBool = false
            let from = source.appendingPathComponent(relative)
            guard fileManager.fileExists(atPath: from.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let to = destination.appendingPathComponent(relative)
            try fileManager.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fileManager.copyItem(at: from, to: to)
            copied.append(name + "/" + relative)
        }
        return copied
    }
}
