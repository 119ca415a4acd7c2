import Foundation
import Testing
import TestSupport

/// `atrium init` end to end: the new repository passes check and build as created and once committed.
@Suite("atrium init (binary)")
struct InitCommandTests {
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("atrium-init-\(UUID().uuidString)")
    }

    @Test("a new repository has every part, is a git repository, and passes check and build at once and after its first commit")
    func newRepositoryPasses() throws {
        let parent = Self.temporaryFolder()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let created = try PackagePaths.atrium(["init", "knowledge", "--title", "Test Knowledge Portal"], in: parent)
        #expect(created.status == 0, "\(created.standardError)")
        #expect(created.standardOutput.contains("a new git repository"))
        let root = parent.appendingPathComponent("knowledge")
        let fileManager = FileManager.default
        for path in ["atrium.yml", ".gitignore", ".github/workflows/atrium.yml", "README.md", ".git",
                     "content/guidance-note/welcome-to-the-knowledge-repository.md",
                     "site-template/templates/base.mustache", "site-template/assets/site.css"] {
            #expect(fileManager.fileExists(atPath: root.appendingPathComponent(path).path), "missing \(path)")
        }
        // The schemas are Atrium's own, byte for byte.
        let ownSchemas = try fileManager.contentsOfDirectory(atPath: PackagePaths.root.appendingPathComponent("schemas").path).sorted()
        #expect(try fileManager.contentsOfDirectory(atPath: root.appendingPathComponent("schemas").path).sorted() == ownSchemas)
        for name in ownSchemas {
            #expect(fileManager.contents(atPath: root.appendingPathComponent("schemas/" + name).path)
                    == fileManager.contents(atPath: PackagePaths.root.appendingPathComponent("schemas/" + name).path))
        }
        let configuration = try String(contentsOf: root.appendingPathComponent("atrium.yml"), encoding: .utf8)
        #expect(configuration.contains("title: \"Test Knowledge Portal\""))
        #expect(configuration.contains("# Organizational units"))
        #expect(try String(contentsOf: root.appendingPathComponent(".gitignore"), encoding: .utf8).contains("/_site/"))
        #expect(try String(contentsOf: root.appendingPathComponent(".github/workflows/atrium.yml"), encoding: .utf8).contains("fetch-depth: 0"))

        // Before any commit (the products count as uncommitted changes)…
        let check = try PackagePaths.atrium(["check"], in: root)
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        #expect(check.standardOutput.contains("1 product, 0 errors, 0 warnings"))
        let build = try PackagePaths.atrium(["build", "--quiet"], in: root)
        #expect(build.status == 0, "\(build.standardError)")
        #expect(build.standardError.isEmpty, "a repository with its own templates builds without notes: \(build.standardError)")
        #expect(fileManager.fileExists(atPath: root.appendingPathComponent("_site/products/welcome-to-the-knowledge-repository/index.html").path))

        // …and once committed, as a new repository would be. The built site stays out of git.
        let fixture = FixtureRepository(existing: root)
        try fixture.commitAll()
        #expect(try fixture.run("git", ["ls-files", "_site"]).isEmpty)
        let committedCheck = try PackagePaths.atrium(["check"], in: root)
        #expect(committedCheck.status == 0, "\(committedCheck.standardOutput)")
        let committedBuild = try PackagePaths.atrium(["build", "--out", "public"], in: root)
        #expect(committedBuild.status == 0, "\(committedBuild.standardError)")
    }

    @Test("init never writes over an existing repository")
    func refusesExisting() throws {
        let parent = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        try Data("site: {title: Mine}\n".utf8).write(to: parent.appendingPathComponent("atrium.yml"))
        let result = try PackagePaths.atrium(["init", parent.path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("already holds `atrium.yml`"))
        #expect(try String(contentsOf: parent.appendingPathComponent("atrium.yml"), encoding: .utf8) == "site: {title: Mine}\n")
        #expect(!FileManager.default.fileExists(atPath: parent.appendingPathComponent("content").path))
    }
}
