import AtriumContent
import AtriumCore
import Foundation
import Testing
import TestSupport

@Suite("Loading a repository")
struct RepositoryLoaderTests {
    private func load(_ fixture: FixtureRepository, configuration: Configuration = Configuration()) -> (KnowledgeRepository, [Diagnostic]) {
        let sink = DiagnosticSink()
        let repository = RepositoryLoader().load(root: fixture.path, configuration: configuration, sink: sink)
        return (repository, sink.diagnostics)
    }

    @Test("the bundled content loads: at least two products of every type")
    func bundledContent() throws {
        let configuration = try #require(ConfigurationLoader().load(root: PackageRoot.path).configuration)
        let sink = DiagnosticSink()
        let repository = RepositoryLoader().load(root: PackageRoot.path, configuration: configuration, sink: sink)
        #expect(sink.diagnostics.filter { $0.severity == .error }.isEmpty, "\(sink.diagnostics)")
        #expect(repository.failedProductPaths.isEmpty)
        let types = Dictionary(grouping: repository.products, by: { $0.type ?? "" })
        #expect(types.count == 13, "\(types.keys.sorted())")
        for (type, products) in types {
            #expect(products.count >= 2, "only \(products.count) \(type)")
        }
    }

    @Test("a failing file is reported and counted, the others still load")
    func failuresAreNotDropped() throws {
        let fixture = try FixtureRepository("""
        -- content/a.md --
        ---
        title: Good
        ---
        -- content/sub/b.md --
        ---
        title: [broken
        ---
        -- content/notes.txt --
        not markdown
        """)
        defer { fixture.remove() }
        let (repository, diagnostics) = load(fixture)
        #expect(repository.products.map(\.path) == ["content/a.md"])
        #expect(repository.failedProductPaths == ["content/sub/b.md"])
        #expect(repository.productFileCount == 2)
        #expect(diagnostics.map(\.rule.id) == ["yaml/syntax"])
    }

    @Test("a symbolic link out of the repository is refused and never read")
    func symlinkOutside() throws {
        let fixture = try FixtureRepository("-- content/a.md --\n---\ntitle: Good\n---\n")
        defer { fixture.remove() }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-outside-\(UUID().uuidString).md")
        try Data("---\ntitle: secret\n---\n".utf8).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(atPath: fixture.path + "/content/leak.md", withDestinationPath: outside.path)
        let (repository, diagnostics) = load(fixture)
        #expect(repository.products.map(\.path) == ["content/a.md"])
        #expect(diagnostics.map(\.rule.id) == ["file/outside-repository"])
        #expect(diagnostics.first?.span?.file == "content/leak.md")
        #expect(repository.sources["content/leak.md"] == nil)
    }

    @Test("a loop of directory links terminates")
    func symlinkLoop() throws {
        let fixture = try FixtureRepository("-- content/a/x.md --\n---\ntitle: Good\n---\n")
        defer { fixture.remove() }
        try FileManager.default.createSymbolicLink(atPath: fixture.path + "/content/a/loop", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: fixture.path + "/content/self.md", withDestinationPath: "self.md")
        let (repository, diagnostics) = load(fixture)
        #expect(repository.products.map(\.path) == ["content/a/x.md"])
        #expect(diagnostics.map(\.rule.id) == ["file/unreadable"])
    }

    @Test("a file over the size limit is refused without being read")
    func sizeLimit() throws {
        let fixture = try FixtureRepository("-- content/a.md --\n---\ntitle: Good\n---\n")
        defer { fixture.remove() }
        try fixture.write(Data(repeating: UInt8(ascii: "a"), count: 4096), to: "content/huge.md")
        let configuration = Configuration(content: ContentSettings(maxFileSize: 1024))
        let (repository, diagnostics) = load(fixture, configuration: configuration)
        #expect(repository.failedProductPaths == ["content/huge.md"])
        #expect(diagnostics.map(\.rule.id) == ["file/too-large"])
    }
}
