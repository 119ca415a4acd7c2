import Foundation
import TestSupport

/// A git repository with a random but reproducible history: edits, creations, pure renames,
/// renames with edits, deletions, topic branches merged with --no-ff, bulk reformatting commits
/// (half marked with the skip trailer, half listed in .git-blame-ignore-revs) and skewed clocks.
struct GeneratedHistory {
    let fixture: FixtureRepository
    /// Files deleted and later re-created at the same path: `git log -- FILE` mixes their lives.
    private(set) var recreatedPaths: Set<String> = []
    private(set) var commitCount = 0

    private var random: SplitMix64
    private var files: [String: Int] = [:]          // path → last main-line commit index that touched it
    private var deletedPaths: Set<String> = []
    private var ignoredCommits: [String] = []
    private var day = 0
    private var serial = 0

    init(seed: UInt64, commits: Int) throws {
        fixture = try FixtureRepository("-- README.md --\nGenerated history \(seed)\n")
        random = SplitMix64(seed: seed)
        try fixture.run("git", ["init", "-q", "-b", "main"])
        try fixture.write("Alias One <one@example.org> <one-old@example.org>\n", to: ".mailmap")
        try commit("Initial commit")
        for _ in 0..<3 { try createFiles(1 + random.next(2)) ; try commit("Add products") }
        while commitCount < commits {
            let roll = random.next(100)
            switch roll {
            case 0..<40: try editFiles(1 + random.next(3)); try commit("Edit products")
            case 40..<55: try createFiles(1 + random.next(2)); try commit("Add products")
            case 55..<61: try renameFile(edit: false); try commit("Move a product")
            case 61..<64: try renameFile(edit: true); try commit("Retitle a product")
            case 64..<69: try deleteFile(); try commit("Remove an abandoned draft")
            case 69..<71: try recreateFile(); try commit("Restore a product")
            case 71..<85: try mergeTopic()
            case 85..<90: try bulkReformat()
            default: try editFiles(1); try commit("Small fix", skewed: true)
            }
        }
        try fixture.write(ignoredCommits.map { "\($0) # bulk reformat" }.joined(separator: "\n") + "\n# end\n",
                          to: ".git-blame-ignore-revs")
        try commit("List bulk reformatting commits for blame")
    }

    // MARK: Operations

    private mutating func createFiles(_ count: Int) throws {
        for _ in 0..<count {
            serial += 1
            let folder = ["guidance-note", "research-paper", "country-profile"][random.next(3)]
            let path = "content/\(folder)/product-\(serial).md"
            try fixture.write("---\ntitle: Product \(serial)\n---\nBody of product \(serial).\n", to: path)
            files[path] = commitCount
        }
    }

    private mutating func editFiles(_ count: Int) throws {
        for path in pick(count) { try append("Edit \(commitCount).", to: path) }
    }

    private mutating func append(_ line: String, to path: String) throws {
        let url = fixture.root.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        try fixture.write(text + line + "\n", to: path)
        files[path] = commitCount
    }

    private mutating func renameFile(edit: Bool) throws {
        guard let path = pick(1).first else { return }
        serial += 1
        let folder = ["guidance-note", "practice-note", "archive/2019"][random.next(3)]
        let newPath = "content/\(folder)/renamed-\(serial).md"
        try FileManager.default.createDirectory(at: fixture.root.appendingPathComponent(newPath).deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: fixture.root.appendingPathComponent(path), to: fixture.root.appendingPathComponent(newPath))
        files[path] = nil
        files[newPath] = commitCount
        if edit { try append("Retitled in \(commitCount).", to: newPath) }
    }

    private mutating func deleteFile() throws {
        guard files.count > 4, let path = pick(1).first else { return }
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent(path))
        files[path] = nil
        deletedPaths.insert(path)
    }

    private mutating func recreateFile() throws {
        guard let path = deletedPaths.sorted().first else { return try createFiles(1) }
        deletedPaths.remove(path)
        try fixture.write("---\ntitle: Restored\n---\nRestored in \(commitCount).\n", to: path)
        files[path] = commitCount
        recreatedPaths.insert(path)
    }

    private mutating func mergeTopic() throws {
        let back = 1 + random.next(3)
        guard commitCount > back + 2 else { return try editFiles(1) }
        let branchPoint = commitCount - back
        // Files main has not touched since the branch point can be edited on the topic without conflicts.
        let untouched = files.filter { $0.value < branchPoint - 1 }.keys.sorted()
        try fixture.run("git", ["checkout", "-q", "-b", "topic-\(commitCount)", "HEAD~\(back)"])
        let saved = files
        serial += 1
        let newPath = "content/guidance-note/topic-\(serial).md"
        try fixture.write("---\ntitle: Topic \(serial)\n---\nFrom a topic branch.\n", to: newPath)
        if let edited = untouched.isEmpty ? nil : untouched[random.next(untouched.count)] {
            try append("Topic edit \(commitCount).", to: edited)
        }
        try commit("Topic work", author: random.next(2) == 0 ? "Alias One <one-old@example.org>" : "Topic Author <topic@example.org>",
                   onMain: false)
        try fixture.run("git", ["checkout", "-q", "main"])
        files = saved
        day += 1
        let date = dateString()
        try fixture.run("git", ["-c", "user.name=Merger", "-c", "user.email=merger@example.org", "merge", "-q", "--no-ff",
                                "--no-edit", "-m", "Merge topic \(commitCount)", "topic-\(commitCount)"],
                        environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        commitCount += 1
        files[newPath] = commitCount
        for path in try changedInLastCommit() where files[path] != nil { files[path] = commitCount }
    }

    private mutating func bulkReformat() throws {
        for path in files.keys.sorted() where random.next(2) == 0 {
            let url = fixture.root.appendingPathComponent(path)
            let text = try String(contentsOf: url, encoding: .utf8)
            try fixture.write(text.replacingOccurrences(of: "title: ", with: "title:  ").replacingOccurrences(of: "title:   ", with: "title: "), to: path)
        }
        if random.next(2) == 0 {
            // Trailer keys and values are matched regardless of case, as git matches them.
            let trailer = ["Atrium-Freshness: skip", "atrium-freshness: Skip", "ATRIUM-FRESHNESS: SKIP"][commitCount % 3]
            try commit("Normalize front matter\n\n" + trailer)
        } else {
            try commit("Reformat all products")
            ignoredCommits.append(try fixture.run("git", ["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    // MARK: Plumbing

    private mutating func commit(_ message: String, author: String = "Alias One <one@example.org>",
                                 skewed: Bool = false, onMain: Bool = true) throws {
        day += 1
        // A skewed clock: the commit claims a date before its parent's.
        let date = skewed ? dateString(offsetDays: -40) : dateString()
        let name = String(author.prefix { $0 != "<" }).trimmingCharacters(in: .whitespaces)
        let email = String(author.drop { $0 != "<" }.dropFirst().prefix { $0 != ">" })
        try fixture.run("git", ["add", "-A"])
        try fixture.run("git", ["-c", "user.name=\(name)", "-c", "user.email=\(email)", "-c", "commit.gpgsign=false",
                                "commit", "-q", "--allow-empty", "-m", message],
                        environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        if onMain { commitCount += 1 }
    }

    private func changedInLastCommit() throws -> [String] {
        try fixture.run("git", ["diff", "--name-only", "HEAD^1", "HEAD"]).split(separator: "\n").map(String.init)
    }

    private func dateString(offsetDays: Int = 0) -> String {
        let seconds = 1_600_000_000 + (day + offsetDays) * 86_400 + (serial % 7) * 3_600
        return "\(seconds) +0200"
    }

    private mutating func pick(_ count: Int) -> [String] {
        let paths = files.keys.sorted()
        guard !paths.isEmpty else { return [] }
        var chosen: [String] = []
        for _ in 0..<count {
            let path = paths[random.next(paths.count)]
            if !chosen.contains(path) { chosen.append(path) }
        }
        return chosen
    }
}
