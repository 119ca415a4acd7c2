import AtriumSite
import Foundation
import Testing
import TestSupport

/// A new empty temporary folder.
private func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-site-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A temporary folder holding the site a previous build committed: `_site/index.html` reading "old".
private func previousSite() throws -> (root: URL, site: URL) {
    let root = try temporaryFolder()
    let site = root.appendingPathComponent("_site")
    let previous = try SiteWriter(destination: site)
    try previous.write("old", to: "index.html")
    try previous.commit()
    return (root, site)
}

@Suite("Atomic site writing")
struct SiteWriterTests {
    @Test("a committed build replaces the old site entirely")
    func commit() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appendingPathComponent("_site")
        let first = try SiteWriter(destination: site)
        try first.write("old", to: "index.html")
        try first.write("stale", to: "gone/page.html")
        try first.commit()
        let second = try SiteWriter(destination: site)
        try second.write("new", to: "index.html")
        try second.commit()
        #expect(try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8) == "new")
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("gone/page.html").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["_site"])
    }

    /// Top-level folders are made under a temporary name and renamed (for ext4's placement of
    /// new inodes); from many threads at once, each must end under its own name, whole, with no
    /// temporary folder left behind.
    @Test("top-level folders made from many threads end up whole under their names, with nothing else beside them")
    func topFoldersFromManyThreads() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appendingPathComponent("_site")
        let writer = try SiteWriter(destination: site)
        let paths = (0..<400).map { index in "folder-\(index % 7)/page-\(index)/index.html" } + ["index.html", "top.xml"]
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            #expect(throws: Never.self) { try writer.write("page \(index)", to: paths[index]) }
        }
        // A top-level name already taken by a file is an error, not a folder made elsewhere.
        #expect(throws: SiteWriter.WriteError.self) { try writer.write("x", to: "top.xml/inner.html") }
        try writer.commit()
        let top = try FileManager.default.contentsOfDirectory(atPath: site.path).sorted()
        #expect(top == (0..<7).map { "folder-\($0)" } + ["index.html", "top.xml"])
        for (index, path) in paths.enumerated() {
            #expect(try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8) == "page \(index)")
        }
        for folder in top where folder.hasPrefix("folder-") {
            #expect(try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent(folder).path).count
                    == paths.filter { $0.hasPrefix(folder + "/") }.count)
        }
    }

    @Test("a build that fails or is abandoned leaves the previous site untouched")
    func failure() throws {
        let (root, site) = try previousSite()
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            let broken = try SiteWriter(destination: site)
            try broken.write("half", to: "index.html")
            #expect(throws: SiteWriter.WriteError.self) { try broken.write("x", to: "../escape.html") }
            // Abandoned without commit, as an interrupted build would be.
        }
        #expect(try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["_site"])
    }

    @Test("an unwritable output folder is a clear error")
    func unwritable() throws {
        guard geteuid() != 0 else {
            // root writes anywhere; use a path under a regular file instead.
            let root = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: root) }
            try Data("x".utf8).write(to: root.appendingPathComponent("file"))
            #expect(throws: SiteWriter.WriteError.self) { try SiteWriter(destination: root.appendingPathComponent("file/_site")) }
            return
        }
        #expect(throws: SiteWriter.WriteError.self) { try SiteWriter(destination: URL(fileURLWithPath: "/proc/atrium-site")) }
    }
}

@Suite("Site writing when the disk fails (injected)")
struct SiteWriterFailureTests {
    /// The real file system, except that writing the `failAfter`-th file, or making the staging
    /// folder, fails with `code`: how a full, read-only or broken disk looks to atrium.
    private func failing(_ code: Int32, writesBeforeFailure failAfter: Int? = nil, stagingFolder: Bool = false) -> SiteWriter.FileOperations {
        let count = Counter()
        return SiteWriter.FileOperations(
            makeDirectory: { path in
                stagingFolder && (path as NSString).lastPathComponent.contains(".atrium-tmp-")
                    ? code : SiteWriter.FileOperations.system.makeDirectory(path)
            },
            writeFile: { path, data in
                if let failAfter, count.next() >= failAfter { return code }
                return SiteWriter.FileOperations.system.writeFile(path, data)
            })
    }

    @Test("a full disk, a quota, a read-only or unwritable folder, an I/O error: the path, the system's reason and what to do")
    func messages() throws {
        let (root, site) = try previousSite()
        defer { try? FileManager.default.removeItem(at: root) }
        let cases: [(Int32, Bool, String)] = [
            (ENOSPC, false, "cannot write the site into `\(site.path)`: writing `b/2.html` failed: No space left on device (ENOSPC); free some space on the disk that holds `\(root.path)`, or choose another output folder (--out)"),
            (EDQUOT, false, "cannot write the site into `\(site.path)`: writing `b/2.html` failed: Disk quota exceeded (EDQUOT); your disk quota is used up: free some space, or choose another output folder (--out)"),
            (EIO, false, "cannot write the site into `\(site.path)`: writing `b/2.html` failed: Input/output error (EIO); check `\(root.path)`, or choose another output folder (--out)"),
            (EACCES, true, "cannot create a folder beside `\(site.path)` to build the new site in: Permission denied (EACCES); atrium builds the site next to the output folder and swaps it in when complete, so `\(root.path)` must be writable; make `\(root.path)` writable for this user, or choose another output folder (--out)"),
            (EROFS, true, "cannot create a folder beside `\(site.path)` to build the new site in: Read-only file system (EROFS); atrium builds the site next to the output folder and swaps it in when complete, so `\(root.path)` must be writable; `\(root.path)` is on a read-only file system: choose another output folder (--out)"),
        ]
        for (code, atStaging, expected) in cases {
            do {
                let writer = try SiteWriter(destination: site, operations: failing(code, writesBeforeFailure: atStaging ? nil : 2, stagingFolder: atStaging))
                try writer.write("a", to: "a/1.html")
                try writer.write("b", to: "a/b.html")
                try writer.write("c", to: "b/2.html")
                try writer.commit()
                Issue.record("no error for \(code)")
            } catch let error as SiteWriter.WriteError {
                #expect(error.description == expected)
                #expect(error.code == code)
            }
            #expect(try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8) == "old")
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["_site"], "the staging folder is removed")
        }
    }

    @Test("a site folder under a regular file names the file")
    func underAFile() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("notes.txt")
        try Data("x".utf8).write(to: file)
        #expect(throws: SiteWriter.WriteError.self) { try SiteWriter(destination: file.appendingPathComponent("deeper/_site")) }
        do {
            _ = try SiteWriter(destination: file.appendingPathComponent("deeper/_site"))
        } catch let error as SiteWriter.WriteError {
            #expect(error.description == "cannot create the folder `\(file.path)` for the site: Not a directory (ENOTDIR); `\(file.path)` is a file, not a folder: choose another output folder (--out)")
        }
    }

    @Test("the next build puts back a site that an interrupted two-rename swap had moved aside, and keeps a live build's staging folder")
    func recovery() throws {
        let (root, site) = try previousSite()
        defer { try? FileManager.default.removeItem(at: root) }
        // Interrupted between `rename(site, aside)` and `rename(staging, site)` by a process now gone.
        let gone = try ProcessRunner.run("sh", ["-c", "echo $$"]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.moveItem(at: site, to: root.appendingPathComponent("._site.atrium-old-\(gone)"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("._site.atrium-tmp-\(gone)-deadbeef"), withIntermediateDirectories: false)
        // A build running right now (pid 1 always is) writing to the same folder.
        let live = root.appendingPathComponent("._site.atrium-tmp-1-cafecafe")
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: false)
        let next = try SiteWriter(destination: site)
        #expect(try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8) == "old")
        let siblings = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        #expect(siblings == ["._site.atrium-tmp-1-cafecafe", next.staging.lastPathComponent, "_site"].sorted(), "\(siblings)")
    }
}

/// Counts calls from several threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}
