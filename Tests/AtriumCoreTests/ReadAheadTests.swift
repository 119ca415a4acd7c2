import AtriumCore
import Foundation
import Testing

@Suite("Read-ahead of source files")
struct ReadAheadTests {
    /// The read-ahead runs before the loader looks at a single file, so it meets whatever the
    /// content folder holds: none of it may stop it, and it must not hang on a FIFO.
    @Test("passes over FIFOs, links, folders and missing files without waiting on any")
    func hostileEntries() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-readahead-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("---\ntitle: A\n---\n".utf8).write(to: URL(fileURLWithPath: folder + "/a.md"))
        #expect(mkfifo(folder + "/pipe.md", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.md", withDestinationPath: folder + "/pipe.md")
        try FileManager.default.createDirectory(atPath: folder + "/folder.md", withIntermediateDirectories: false)
        let paths = ["pipe.md", "link.md", "folder.md", "missing.md", "a.md", "nul\0.md"].map { folder + "/" + $0 }
        // Many more paths than threads, so every thread meets the FIFO in turn.
        let run = ReadAhead.start(Array(repeating: paths, count: 10).flatMap { $0 })
        #expect(run.wait(seconds: 10))
    }

    @Test("with nothing to read, it is done at once")
    func empty() {
        #expect(ReadAhead.start([]).wait(seconds: 0))
    }
}
