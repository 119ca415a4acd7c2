import AtriumSite
import Foundation
import Testing

@Suite("Atomic site writing")
struct SiteWriterTests {
    private func temporary() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a committed build replaces the old site entirely")
    func commit() throws {
        let root = try temporary()
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

    @Test("a build that fails or is abandoned leaves the previous site untouched")
    func failure() throws {
        let root = try temporary()
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appendingPathComponent("_site")
        let first = try SiteWriter(destination: site)
        try first.write("old", to: "index.html")
        try first.commit()
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
            let root = try temporary()
            defer { try? FileManager.default.removeItem(at: root) }
            try Data("x".utf8).write(to: root.appendingPathComponent("file"))
            #expect(throws: SiteWriter.WriteError.self) { try SiteWriter(destination: root.appendingPathComponent("file/_site")) }
            return
        }
        #expect(throws: SiteWriter.WriteError.self) { try SiteWriter(destination: URL(fileURLWithPath: "/proc/atrium-site")) }
    }
}
