@testable import AtriumGit
import Foundation
import Testing
import TestSupport

/// The pack reader against git itself: every object of a packed repository must read exactly as
/// `git cat-file --batch` prints it, whatever the pack's delta encoding and offset widths.
@Suite("Object store")
struct ObjectStoreTests {
    struct GitObject {
        var id: String
        var kind: String
        var bytes: [UInt8]
    }

    /// Every object in the repository, from `git cat-file --batch-all-objects --batch`.
    static func allObjects(in root: URL) throws -> [GitObject] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "cat-file", "--batch-all-objects", "--batch"]
        process.currentDirectoryURL = root
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        var objects: [GitObject] = []
        var position = 0
        while position < data.count, let newline = data[position...].firstIndex(of: 0x0A) {
            let header = String(decoding: data[position..<newline], as: UTF8.self).split(separator: " ")
            guard header.count == 3, let size = Int(header[2]) else { break }
            let start = newline + 1
            objects.append(GitObject(id: String(header[0]), kind: String(header[1]), bytes: Array(data[start..<(start + size)])))
            position = start + size + 1
        }
        return objects
    }

    static func expectAllRead(in root: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let objects = try allObjects(in: root)
        #expect(objects.count > 100, sourceLocation: sourceLocation)
        let store = try ObjectStore(repository: GitRepository(path: root.path))
        var mismatches: [String] = []
        for object in objects {
            guard let oid = GitLibrary.oid(object.id), let read = store.read(ObjectID(oid)) else {
                mismatches.append("\(object.id): not read")
                continue
            }
            let kind = ["commit": ObjectKind.commit, "tree": .tree, "blob": .blob, "tag": .tag][object.kind]
            if read.kind != kind || Array(read.bytes.buffer) != object.bytes || read.bytes.pointer[read.bytes.count] != 0 {
                mismatches.append("\(object.id): \(read.kind) of \(read.bytes.count) bytes ≠ git's \(object.kind) of \(object.bytes.count)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10).joined(separator: "\n"))", sourceLocation: sourceLocation)
        #expect(store.readsThroughLibgit2 == 0, "a fully packed repository is read from its packs", sourceLocation: sourceLocation)
    }

    static func packFiles(in root: URL, suffix: String) throws -> [URL] {
        let folder = root.appendingPathComponent(".git/objects/pack")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).filter { $0.path.hasSuffix(suffix) }
    }

    @Test("a repository repacked with offset deltas reads as git prints it")
    func offsetDeltas() throws {
        let history = try GeneratedHistory(seed: 11, commits: 50)
        defer { history.fixture.remove() }
        try history.fixture.run("git", ["repack", "-adfq", "--depth=50", "--window=50"])
        #expect(try Self.packFiles(in: history.fixture.root, suffix: ".pack").count == 1)
        // A pair that is not an index and a pack at all sits beside it, and is passed over.
        let folder = history.fixture.root.appendingPathComponent(".git/objects/pack")
        try Data("not an index".utf8).write(to: folder.appendingPathComponent("pack-0000.idx"))
        try Data("PACK but no more".utf8).write(to: folder.appendingPathComponent("pack-0000.pack"))
        try Self.expectAllRead(in: history.fixture.root)
    }

    @Test("a repository repacked with id deltas, and an index with 64-bit offsets, reads as git prints it")
    func idDeltasAndLargeOffsets() throws {
        let history = try GeneratedHistory(seed: 12, commits: 50)
        defer { history.fixture.remove() }
        try history.fixture.run("git", ["-c", "repack.useDeltaBaseOffset=false", "repack", "-adfq", "--depth=50", "--window=50"])
        // Rewrite the index so that every entry past the first 64 bytes takes the 64-bit table.
        let pack = try #require(try Self.packFiles(in: history.fixture.root, suffix: ".pack").first)
        let index = pack.deletingPathExtension().appendingPathExtension("idx")
        let rewritten = pack.deletingLastPathComponent().appendingPathComponent("rewritten.idx")
        try history.fixture.run("git", ["index-pack", "--index-version=2,64", "-o", rewritten.path, pack.path])
        try FileManager.default.removeItem(at: index)
        try FileManager.default.moveItem(at: rewritten, to: index)
        try history.fixture.run("git", ["fsck", "--no-progress"])
        try Self.expectAllRead(in: history.fixture.root)
    }

    @Test("loose objects, not in any pack, are read through libgit2")
    func looseObjects() throws {
        let history = try GeneratedHistory(seed: 13, commits: 30)
        defer { history.fixture.remove() }
        let objects = try Self.allObjects(in: history.fixture.root)
        let store = try ObjectStore(repository: GitRepository(path: history.fixture.path))
        for object in objects.prefix(50) {
            let oid = try #require(GitLibrary.oid(object.id))
            let read = try #require(store.read(ObjectID(oid)))
            #expect(Array(read.bytes.buffer) == object.bytes)
        }
        #expect(store.readsThroughLibgit2 == min(50, objects.count))
        #expect(store.read(ObjectID(GitLibrary.oid(String(repeating: "ab", count: 20))!)) == nil)
    }

    @Test("a damaged pack never crashes the reader")
    func damagedPack() throws {
        let history = try GeneratedHistory(seed: 14, commits: 40)
        defer { history.fixture.remove() }
        try history.fixture.run("git", ["repack", "-adfq", "--depth=50", "--window=50"])
        let objects = try Self.allObjects(in: history.fixture.root)
        let pack = try #require(try Self.packFiles(in: history.fixture.root, suffix: ".pack").first)
        var bytes = [UInt8](try Data(contentsOf: pack))
        var random = SplitMix64(seed: 99)
        // Scribble over a tenth of the entries' bytes, leaving the header alone.
        for _ in 0..<(bytes.count / 10) { bytes[12 + random.next(bytes.count - 32)] = UInt8(random.next(256)) }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: pack.path)
        try Data(bytes).write(to: pack)
        let store = try ObjectStore(repository: GitRepository(path: history.fixture.path))
        var intact = 0
        for object in objects {
            let oid = try #require(GitLibrary.oid(object.id))
            if let read = store.read(ObjectID(oid)), Array(read.bytes.buffer) == object.bytes { intact += 1 }
        }
        #expect(intact < objects.count)
    }

    @Test("deltas that reach outside their base, or say the wrong sizes, are refused")
    func hostileDeltas() {
        let base: [UInt8] = Array("0123456789".utf8)
        func apply(_ delta: [UInt8]) -> [UInt8]? {
            delta.withUnsafeBufferPointer { delta in
                base.withUnsafeBufferPointer { base in Delta.apply(delta, to: base).map { Array($0.buffer) } }
            }
        }
        // base size 10, result 6: copy 4 bytes from offset 2, then insert "ab".
        #expect(apply([10, 6, 0x91, 2, 4, 2, 0x61, 0x62]) == Array("2345ab".utf8))
        #expect(apply([9, 6, 0x91, 2, 4, 2, 0x61, 0x62]) == nil, "wrong base size")
        #expect(apply([10, 7, 0x91, 2, 4, 2, 0x61, 0x62]) == nil, "result shorter than announced")
        #expect(apply([10, 6, 0x91, 8, 4, 2, 0x61, 0x62]) == nil, "copy past the base's end")
        #expect(apply([10, 6, 0x91, 2, 4, 5, 0x61]) == nil, "insert past the delta's end")
        #expect(apply([10, 6, 0x91, 2]) == nil, "truncated copy")
        #expect(apply([10, 2, 0]) == nil, "reserved instruction")
        #expect(apply([10, 0x80]) == nil, "truncated size")
    }
}

/// The commits each merge brought in, against `git rev-list OTHER… ^FIRST`.
@Suite("Side branches")
struct SideBranchTests {
    static func expectAgreement(in root: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let store = try ObjectStore(repository: GitRepository(path: root.path))
        let merges = try ProcessRunner.run("git", ["rev-list", "--merges", "--parents", "--all"], in: root).standardOutput
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        for line in merges {
            let parents = line.dropFirst().compactMap { GitLibrary.oid($0).map(ObjectID.init) }
            let found = try SideBranch.commits(merged: Array(parents.dropFirst()), first: parents[0], store: store).map(\.id)
            let expected = try ProcessRunner.run("git", ["rev-list"] + line.dropFirst(2) + ["^" + line[1]], in: root).standardOutput
                .split(separator: "\n").map(String.init)
            #expect(Set(found.map { GitLibrary.hex($0.oid) }) == Set(expected), "merge \(line[0])", sourceLocation: sourceLocation)
            #expect(found.count == Set(found).count, "each commit once", sourceLocation: sourceLocation)
        }
        return merges.count
    }

    @Test("generated histories: every merge's side branch is what git rev-list lists", arguments: [UInt64(1), 2, 3])
    func generated(seed: UInt64) throws {
        let history = try GeneratedHistory(seed: seed, commits: 80)
        defer { history.fixture.remove() }
        #expect(try Self.expectAgreement(in: history.fixture.root) > 3)
    }

    @Test("branches of branches, an octopus merge, main merged into a topic, and skewed clocks")
    func tangled() throws {
        let fixture = try FixtureRepository("-- a.md --\nA\n")
        defer { fixture.remove() }
        var day = 0
        func commit(_ file: String, skew: Int = 0) throws {
            day += 1
            try fixture.write("\(file) \(day)\n", to: file)
            let date = "2024-01-\(String(format: "%02d", 1 + (day + skew + 40) % 28))T10:00:00Z"
            try fixture.run("git", ["add", "-A"])
            try fixture.run("git", ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "\(file) \(day)"],
                            environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        }
        func merge(_ branches: [String]) throws {
            try fixture.run("git", ["-c", "user.name=M", "-c", "user.email=m@example.org", "merge", "-q", "--no-ff", "--no-edit"] + branches)
        }
        try fixture.run("git", ["init", "-q", "-b", "main"])
        try commit("a.md")
        try commit("b.md")
        try fixture.run("git", ["checkout", "-qb", "one"])
        try commit("c.md", skew: -20)
        try fixture.run("git", ["checkout", "-qb", "two"])
        try commit("d.md")
        try fixture.run("git", ["checkout", "-q", "main"])
        try commit("e.md", skew: 10)
        try fixture.run("git", ["checkout", "-q", "one"])
        try merge(["main"])
        try commit("f.md", skew: -30)
        try fixture.run("git", ["checkout", "-qb", "three", "main"])
        try commit("g.md")
        try fixture.run("git", ["checkout", "-q", "main"])
        try commit("h.md")
        try merge(["one", "two", "three"])
        try commit("i.md")
        try merge(["two"])
        #expect(try Self.expectAgreement(in: fixture.root) >= 2)
    }

    @Test("a commit the walk found before a hidden path reached it is dropped (a clock set back on the main line)")
    func foundThenHidden() throws {
        let fixture = try FixtureRepository("-- a.md --\nA\n")
        defer { fixture.remove() }
        func commit(_ file: String, day: Int) throws {
            try fixture.write("\(file)\n", to: file)
            let date = "2024-01-\(String(format: "%02d", day))T10:00:00Z"
            try fixture.run("git", ["add", "-A"])
            try fixture.run("git", ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", file],
                            environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        }
        try fixture.run("git", ["init", "-q", "-b", "main"])
        try commit("a.md", day: 1)
        try commit("x.md", day: 10)
        try fixture.run("git", ["branch", "topic"])
        try commit("z.md", day: 2)
        try commit("y.md", day: 2)
        try fixture.run("git", ["checkout", "-q", "topic"])
        try commit("t.md", day: 3)
        try fixture.run("git", ["checkout", "-q", "main"])
        try fixture.run("git", ["-c", "user.name=M", "-c", "user.email=m@example.org", "merge", "-q", "--no-ff", "--no-edit", "topic"])
        #expect(try Self.expectAgreement(in: fixture.root) == 1)
    }
}

/// The shortcut of the work-tree status: the index's cached tree against HEAD's.
@Suite("Index cached tree")
struct IndexCachedTreeTests {
    @Test("the index's cached tree answers 'nothing staged' only when nothing is, and writes nothing")
    func indexCachedTree() throws {
        let fixture = try FixtureRepository("-- content/a.md --\nA\n-- content/b.md --\nB\n")
        defer { fixture.remove() }
        try fixture.commitAll()
        let objects = { try fixture.run("git", ["count-objects", "-v"]) }
        #expect(try GitRepository(path: fixture.path).indexMatchesHead)
        try fixture.write("A, edited\n", to: "content/a.md")
        #expect(try GitRepository(path: fixture.path).indexMatchesHead, "a work-tree edit leaves the index alone")
        try fixture.run("git", ["add", "content/a.md"])
        // With the cached tree out of date, libgit2 would write trees to answer; it must not.
        let before = try objects()
        #expect(try !GitRepository(path: fixture.path).indexMatchesHead, "a staged edit does not match")
        #expect(try objects() == before, "asking never writes an object")
        try fixture.run("git", ["reset", "-q"])
        try fixture.run("git", ["rm", "-q", "--cached", "content/b.md"])
        #expect(try !GitRepository(path: fixture.path).indexMatchesHead, "a staged deletion does not match")
        #expect(try GitRepository(path: fixture.path).uncommittedPaths(under: "content") == ["content/a.md", "content/b.md"])
    }
}
