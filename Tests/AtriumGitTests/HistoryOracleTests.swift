import AtriumCore
import AtriumGit
import Foundation
import Testing
import TestSupport

/// The history stage against git itself: for every file, the last substantive commit must equal
/// the newest entry of `git log --first-parent --diff-merges=first-parent --follow -M100% -- FILE`
/// once pure renames, ignored revisions and skip-trailer commits are dropped.
@Suite("History oracle")
struct HistoryOracleTests {
    struct OracleEntry {
        var commit: String
        var isPureRename: Bool
    }

    /// The oracle's commits for one file, newest first.
    static func gitLog(_ path: String, in root: URL) throws -> [OracleEntry] {
        let output = try ProcessRunner.run("git", ["log", "--first-parent", "--diff-merges=first-parent", "--follow", "-M100%",
                                                   "--name-status", "--format=@%H", "--", path], in: root).standardOutput
        var entries: [OracleEntry] = []
        for line in output.split(separator: "\n") {
            if line.hasPrefix("@") {
                entries.append(OracleEntry(commit: String(line.dropFirst()), isPureRename: false))
            } else if line.hasPrefix("R100"), !entries.isEmpty {
                entries[entries.count - 1].isPureRename = true
            }
        }
        return entries
    }

    static func nonSubstantive(in root: URL) throws -> Set<String> {
        var commits = Set<String>()
        let ignoreFile = root.appendingPathComponent(".git-blame-ignore-revs")
        if let text = try? String(contentsOf: ignoreFile, encoding: .utf8) {
            commits.formUnion(IgnoredRevisions(parsing: text).commits)
        }
        let log = try ProcessRunner.run("git", ["log", "--format=%H%x09%(trailers:key=Atrium-Freshness,valueonly,separator=%x2C)"], in: root).standardOutput
        for line in log.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2, parts[1].trimmingCharacters(in: .whitespaces).lowercased() == "skip" { commits.insert(String(parts[0])) }
        }
        return commits
    }

    static func compare(root: URL, contentDirectory: String, recreated: Set<String> = []) throws -> (files: Int, mismatches: [String]) {
        let repository = try GitRepository(path: root.path)
        let ignored = IgnoredRevisions(contentsOf: root.appendingPathComponent(".git-blame-ignore-revs").path)
        let result = try HistoryWalker(repository: repository, policy: .init(contentDirectory: contentDirectory,
                                                                              ignoredCommits: ignored.commits)).walk()
        let skipped = try nonSubstantive(in: root)
        var mismatches: [String] = []
        let files = try ProcessRunner.run("git", ["ls-tree", "-r", "--name-only", "HEAD", "--", contentDirectory], in: root)
            .standardOutput.split(separator: "\n").map(String.init).filter { $0.hasSuffix(".md") }
        #expect(Set(result.histories.keys) == Set(files))
        for file in files {
            let entries = try gitLog(file, in: root).filter { !$0.isPureRename && !skipped.contains($0.commit) }
            let history = result.histories[file]
            if history?.lastSubstantiveCommit?.id != entries.first?.commit {
                mismatches.append("\(file): last substantive \(history?.lastSubstantiveCommit?.id ?? "nil") ≠ git \(entries.first?.commit ?? "nil")")
            }
            guard !recreated.contains(file) else { continue }
            let all = try gitLog(file, in: root)
            if history?.createdCommit?.id != all.last?.commit {
                mismatches.append("\(file): created \(history?.createdCommit?.id ?? "nil") ≠ git \(all.last?.commit ?? "nil")")
            }
            if history?.revisions != entries.count {
                mismatches.append("\(file): \(history?.revisions ?? -1) revisions ≠ git \(entries.count)")
            }
        }
        return (files.count, mismatches)
    }

    @Test("generated histories agree with git for every file", arguments: [UInt64(1), 2, 3, 4])
    func generated(seed: UInt64) throws {
        let history = try GeneratedHistory(seed: seed, commits: 90)
        defer { history.fixture.remove() }
        let (files, mismatches) = try Self.compare(root: history.fixture.root, contentDirectory: "content",
                                                   recreated: history.recreatedPaths)
        #expect(files > 10)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    @Test("histories repacked as git gc leaves them agree with git for every file", arguments: [UInt64(5), 6])
    func repacked(seed: UInt64) throws {
        let history = try GeneratedHistory(seed: seed, commits: 90)
        defer { history.fixture.remove() }
        // Deltas run newest to oldest in a repacked repository, the other way from new commits'.
        try history.fixture.run("git", ["repack", "-adfq", "--depth=50", "--window=50"])
        let (files, mismatches) = try Self.compare(root: history.fixture.root, contentDirectory: "content",
                                                   recreated: history.recreatedPaths)
        #expect(files > 10)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    @Test("this repository's own history agrees with git")
    func ownHistory() throws {
        let root = PackagePaths.root
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path),
              try ProcessRunner.run("git", ["rev-parse", "--is-shallow-repository"], in: root).standardOutput.hasPrefix("false")
        else {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "CI must run in a full clone")
            return
        }
        let (files, mismatches) = try Self.compare(root: root, contentDirectory: "content")
        #expect(files >= 26)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    @Test("contributors come from non-merge commits, through .mailmap")
    func contributors() throws {
        let history = try GeneratedHistory(seed: 7, commits: 60)
        defer { history.fixture.remove() }
        let repository = try GitRepository(path: history.fixture.path)
        let result = try HistoryWalker(repository: repository, policy: .init(contentDirectory: "content")).walk()
        let everyone = Set(result.histories.values.flatMap(\.contributors))
        #expect(!everyone.contains { $0.email == "one-old@example.org" }, "the .mailmap alias must be resolved")
        #expect(!everyone.contains { $0.name == "Merger" }, "merge commits are not contributions")
        #expect(everyone.contains(Person(name: "Alias One", email: "one@example.org")))
    }
}
