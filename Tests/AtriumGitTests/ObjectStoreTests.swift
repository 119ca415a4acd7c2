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
