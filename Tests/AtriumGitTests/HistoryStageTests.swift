import AtriumCore
import AtriumGit
import Foundation
import Testing
import TestSupport

@Suite("History stage")
struct HistoryStageTests {
    private func options(_ fixture: FixtureRepository, allowShallow: Bool = false, cache: Bool = true) -> HistoryStage.Options {
        HistoryStage.Options(root: fixture.path, contentDirectory: "content", ignoreRevisionsFile: ".git-blame-ignore-revs",
                             nonSubstantiveTrailer: "Atrium-Freshness: skip", allowShallow: allowShallow,
                             cacheDirectory: cache ? fixture.path + "/.atrium-cache" : nil)
    }

    @Test("a folder that is not a git repository is a clear error")
    func notARepository() throws {
        let fixture = try FixtureRepository("-- content/a.md --\n---\ntitle: A\n---\n")
        defer { fixture.remove() }
        let output = HistoryStage(options: options(fixture)).run()
        #expect(!output.isUsable)
        #expect(output.diagnostics.map(\.rule.id) == ["git/unavailable"])
        #expect(output.diagnostics.first?.help?.contains("--no-git") == true)
    }

    @Test("a repository with no commits marks every file uncommitted")
    func noCommits() throws {
        let fixture = try FixtureRepository("-- content/a.md --\n---\ntitle: A\n---\n")
        defer { fixture.remove() }
        try fixture.run("git", ["init", "-q", "-b", "main"])
        let output = HistoryStage(options: options(fixture)).run()
        #expect(output.isUsable)
        #expect(output.histories["content/a.md"]?.uncommitted == true)
        #expect(output.histories["content/a.md"]?.lastSubstantiveCommit == nil)
    }

    @Test("uncommitted edits and new files are marked")
    func uncommitted() throws {
        let fixture = try FixtureRepository("-- content/a.md --\n---\ntitle: A\n---\n-- content/b.md --\n---\ntitle: B\n---\n")
        defer { fixture.remove() }
        try fixture.commitAll()
        try fixture.write("---\ntitle: A changed\n---\n", to: "content/a.md")
        try fixture.write("---\ntitle: C\n---\n", to: "content/new/c.md")
        let output = HistoryStage(options: options(fixture)).run()
        #expect(output.histories["content/a.md"]?.uncommitted == true)
        #expect(output.histories["content/a.md"]?.lastSubstantiveCommit != nil)
        #expect(output.histories["content/b.md"]?.uncommitted == false)
        #expect(output.histories["content/new/c.md"]?.uncommitted == true)
    }

    @Test("staged edits and deletions, same-size edits and executable bits are marked; ignored new files are not")
    func stagedAndIgnored() throws {
        let files = ["a", "b", "c", "d", "e"].map { "-- content/\($0).md --\n---\ntitle: \($0.uppercased())\n---\n" }.joined()
        let fixture = try FixtureRepository(files + "-- .gitignore --\ncontent/drafts/\n")
        defer { fixture.remove() }
        try fixture.commitAll()
        try fixture.write("---\ntitle: A staged\n---\n", to: "content/a.md")
        try fixture.run("git", ["add", "content/a.md"])
        try fixture.run("git", ["rm", "-q", "content/b.md"])
        try fixture.write("---\ntitle: X\n---\n", to: "content/c.md")
        try fixture.run("chmod", ["+x", fixture.path + "/content/e.md"])
        try fixture.write("---\ntitle: Draft\n---\n", to: "content/drafts/f.md")
        let output = HistoryStage(options: options(fixture)).run()
        #expect(output.histories["content/a.md"]?.uncommitted == true)
        #expect(output.histories["content/b.md"]?.uncommitted == true)
        #expect(output.histories["content/c.md"]?.uncommitted == true)
        #expect(output.histories["content/d.md"]?.uncommitted == false)
        #expect(output.histories["content/e.md"]?.uncommitted == true)
        #expect(output.histories["content/drafts/f.md"] == nil)
    }

    @Test("a shallow clone is refused with the fix, or allowed as lower bounds")
    func shallow() throws {
        let source = try FixtureRepository("-- content/a.md --\n---\ntitle: A\n---\n")
        defer { source.remove() }
        try source.commitAll(date: "2024-01-01T00:00:00Z")
        try source.write("---\ntitle: A2\n---\n", to: "content/a.md")
        try source.commitAll(message: "Edit", date: "2024-02-01T00:00:00Z")
        let clone = try FixtureRepository("-- .keep --\n")
        defer { clone.remove() }
        try FileManager.default.removeItem(at: clone.root)
        _ = try ProcessRunner.run("git", ["clone", "-q", "--depth", "1", "file://" + source.path, clone.path])
        let refused = HistoryStage(options: options(clone)).run()
        #expect(!refused.isUsable)
        #expect(refused.diagnostics.first?.rule.id == "git/shallow")
        #expect(refused.diagnostics.first?.severity == .error)
        #expect(refused.diagnostics.first?.help?.contains("fetch-depth: 0") == true)
        let allowed = HistoryStage(options: options(clone, allowShallow: true)).run()
        #expect(allowed.isUsable)
        #expect(allowed.datesAreLowerBounds)
        #expect(allowed.diagnostics.first?.severity == .warning)
    }

    @Test("the cache: a hit, then an incremental walk of only the new commit, same answer as cold")
    func cache() throws {
        let history = try GeneratedHistory(seed: 11, commits: 40)
        let fixture = history.fixture
        defer { fixture.remove() }
        let cold = HistoryStage(options: options(fixture)).run()
        #expect(cold.cacheUse == "cold")
        #expect(cold.commitsWalked > 30)
        let hit = HistoryStage(options: options(fixture)).run()
        #expect(hit.cacheUse == "hit")
        #expect(hit.histories == cold.histories)
        // One new commit: edit one file and rename another.
        let files = cold.histories.keys.sorted()
        try fixture.write("---\ntitle: Edited\n---\nNew text.\n", to: files[0])
        try FileManager.default.moveItem(atPath: fixture.path + "/" + files[1], toPath: fixture.path + "/content/moved.md")
        try fixture.commitAll(message: "Edit and move", date: "2031-01-01T00:00:00Z")
        let warm = HistoryStage(options: options(fixture)).run()
        #expect(warm.cacheUse == "incremental")
        #expect(warm.commitsWalked == 1)
        let reference = HistoryStage(options: options(fixture, cache: false)).run()
        #expect(warm.histories == reference.histories)
        #expect(warm.histories["content/moved.md"]?.createdCommit == cold.histories[files[1]]?.createdCommit)
    }

    @Test("an incremental walk from any earlier commit gives the cold answer", arguments: [UInt64(21), 22, 23])
    func incrementalFromAnyAncestor(seed: UInt64) throws {
        // Generated histories move, delete, re-create and replace files and merge topic branches:
        // the incremental walk follows only the files the new commits touch, and must still agree
        // with a full walk on every file, whichever main-line commit the cache was written at.
        let history = try GeneratedHistory(seed: seed, commits: 90)
        let fixture = history.fixture
        defer { fixture.remove() }
        let head = try fixture.run("git", ["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let chain = try fixture.run("git", ["rev-list", "--first-parent", "HEAD"]).split(separator: "\n").map(String.init)
        let ignoreRevisions = try String(contentsOfFile: fixture.path + "/.git-blame-ignore-revs", encoding: .utf8)
        let reference = HistoryStage(options: options(fixture, cache: false)).run()
        #expect(reference.histories.count > 20)
        var random = SplitMix64(seed: seed)
        for _ in 0..<4 {
            let start = chain[1 + random.next(chain.count - 2)]
            try? FileManager.default.removeItem(atPath: fixture.path + "/.atrium-cache")
            _ = try fixture.run("git", ["reset", "-q", "--hard", start])
            // The cache is keyed by the ignore-revisions file: keep HEAD's, as a later run sees it.
            try fixture.write(ignoreRevisions, to: ".git-blame-ignore-revs")
            let earlier = HistoryStage(options: options(fixture)).run()
            #expect(earlier.cacheUse == "cold")
            _ = try fixture.run("git", ["reset", "-q", "--hard", head])
            let warm = HistoryStage(options: options(fixture)).run()
            #expect(warm.cacheUse == "incremental", "cache written at \(start)")
            #expect(warm.commitsWalked == chain.firstIndex(of: start))
            let mismatched = Set(reference.histories.keys).union(warm.histories.keys).sorted()
                .filter { warm.histories[$0] != reference.histories[$0] }
            #expect(mismatched.isEmpty, "cache written at \(start): \(mismatched.prefix(5))")
        }
    }

    @Test("a corrupt cache is detected and rebuilt, never trusted")
    func corruptCache() throws {
        let fixture = try FixtureRepository("-- content/a.md --\n---\ntitle: A\n---\n")
        defer { fixture.remove() }
        try fixture.commitAll()
        _ = HistoryStage(options: options(fixture)).run()
        let cacheFile = fixture.path + "/.atrium-cache/history-v2.txt"
        try Data("{\"version\": 1, \"key\": \"x\", \"histo".utf8).write(to: URL(fileURLWithPath: cacheFile))
        let rebuilt = HistoryStage(options: options(fixture)).run()
        #expect(rebuilt.cacheUse.hasPrefix("rebuilt"))
        #expect(rebuilt.histories["content/a.md"]?.revisions == 1)
        // A cache naming a commit that does not exist is not trusted either.
        var text = try String(contentsOfFile: cacheFile, encoding: .utf8)
        let head = try #require(rebuilt.headCommitID)
        text = text.replacingOccurrences(of: head, with: String(repeating: "e", count: 40))
        try Data(text.utf8).write(to: URL(fileURLWithPath: cacheFile))
        let again = HistoryStage(options: options(fixture)).run()
        #expect(again.histories["content/a.md"]?.lastSubstantiveCommit?.id == head)
        #expect(again.histories["content/a.md"]?.revisions == 1)
        // Damage that still parses (one digit of the commit time) is caught by the checksum.
        let good = try String(contentsOfFile: cacheFile, encoding: .utf8)
        let time = try #require(again.histories["content/a.md"]?.lastSubstantiveCommit?.time)
        let damaged = good.replacingOccurrences(of: "\t\(time)\t", with: "\t\(time - 86_400 * 900)\t")
        #expect(damaged != good)
        try Data(damaged.utf8).write(to: URL(fileURLWithPath: cacheFile))
        let checked = HistoryStage(options: options(fixture)).run()
        #expect(checked.cacheUse.hasPrefix("rebuilt"))
        #expect(checked.histories["content/a.md"]?.lastSubstantiveCommit?.time == time)
    }
}

@Suite("History stage in a subfolder")
struct HistorySubfolderTests {
    @Test("a knowledge repository inside a larger git repository gets its dates")
    func subfolder() throws {
        let fixture = try FixtureRepository("-- docs/km/content/a.md --\n---\ntitle: A\n---\n-- src/main.c --\nint main;\n")
        defer { fixture.remove() }
        try fixture.commitAll(date: "2023-05-05T12:00:00Z")
        try fixture.write("---\ntitle: B\n---\n", to: "docs/km/content/b.md")
        let output = HistoryStage(options: .init(root: fixture.path + "/docs/km", contentDirectory: "content",
                                                 ignoreRevisionsFile: ".git-blame-ignore-revs", nonSubstantiveTrailer: "Atrium-Freshness: skip")).run()
        #expect(output.isUsable)
        #expect(output.histories["content/a.md"]?.lastSubstantiveCommit?.date.description == "2023-05-05")
        #expect(output.histories["content/a.md"]?.uncommitted == false)
        #expect(output.histories["content/b.md"]?.uncommitted == true)
        #expect(Set(output.histories.keys) == ["content/a.md", "content/b.md"])
    }
}
