import Foundation
import Testing
import TestSupport

/// The README's "Your first knowledge repository", done exactly as written: init, new, serve, fill in, check.
@Suite("Getting started, as the README says (binary)")
struct GettingStartedTests {
    /// The commands of the first code block under `heading` in the README, then of the next one.
    static func readmeBlocks(after heading: String) throws -> [[String]] {
        let readme = try String(contentsOf: PackagePaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: heading + "\n").dropFirst().first)
        let blocks = section.components(separatedBy: "```sh\n").dropFirst().prefix(2).map { block in
            block.components(separatedBy: "```")[0].split(separator: "\n").map(String.init)
        }
        return blocks
    }

    @Test("init, new, serve (errors in the page, then the product once filled in), check, commit, check")
    func firstRepository() async throws {
        let blocks = try Self.readmeBlocks(after: "### Your first knowledge repository")
        #expect(blocks.first == ["atrium init knowledge", "cd knowledge", "atrium new practice-note \"Working with women's cooperatives\"",
                                 "atrium serve"])
        #expect(blocks.last == ["atrium check", "git add -A && git commit -m \"Add a practice note on cooperatives\""])

        let home = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }

        let initialized = try PackagePaths.atrium(["init", "knowledge"], in: home)
        #expect(initialized.status == 0, "\(initialized.standardError)")
        let repository = home.appendingPathComponent("knowledge")
        let created = try PackagePaths.atrium(["new", "practice-note", "Working with women's cooperatives"], in: repository)
        #expect(created.status == 0, "\(created.standardError)")
        let path = "content/practice-note/working-with-women-s-cooperatives.md"
        #expect(created.standardOutput == path + "\n")

        let server = try ServeProcess([], in: repository)
        defer { server.stop() }
        #expect(server.address.absoluteString.hasPrefix("http://127.0.0.1:"))
        let unfinished = try await server.fetch("products/working-with-women-s-cooperatives/")
        #expect(unfinished.status == 500)
        #expect(unfinished.body.contains("\(path):"))
        #expect(unfinished.body.contains("`summary`"))

        let file = repository.appendingPathComponent(path)
        let text = try String(contentsOf: file, encoding: .utf8)
        let filled = try PlaceholderFiller(values: [
            "summary": ["How country offices work with women's cooperatives on market access and savings groups."],
            "practice_area": ["partnerships"],
        ]).fill(text)
        try Data(filled.utf8).write(to: file)
        let finished = try await server.fetch("products/working-with-women-s-cooperatives/") { status, _ in status == 200 }
        #expect(finished.status == 200)
        #expect(finished.body.contains("Working with women&#39;s cooperatives") || finished.body.contains("Working with women's cooperatives"))
        #expect(server.stop() == 0)

        let check = try PackagePaths.atrium(["check"], in: repository)
        #expect(check.status == 0, "\(check.standardOutput)")
        #expect(check.standardOutput.contains("2 products, 0 errors"))
        let fixture = FixtureRepository(existing: repository)
        try fixture.commitAll(message: "Add a practice note on cooperatives", date: ISO8601DateFormatter().string(from: Date()))
        let committed = try PackagePaths.atrium(["check"], in: repository)
        #expect(committed.status == 0, "\(committed.standardOutput)")
    }

    @Test("atrium --help and every subcommand's help are complete, with examples")
    func helpHasExamples() throws {
        for command in [[], ["new"], ["init"], ["serve"], ["check"], ["build"], ["schema"], ["schema", "export"], ["report"],
                        ["report", "freshness"], ["explain"]] {
            let help = try PackagePaths.atrium(command + ["--help"])
            #expect(help.status == 0)
            #expect(help.standardOutput.contains("Examples:"), "`atrium \(command.joined(separator: " ")) --help` has no examples")
            #expect(help.standardOutput.contains("OVERVIEW:"))
        }
        let root = try PackagePaths.atrium(["--help"]).standardOutput
        for subcommand in ["init", "new", "serve", "check", "build", "schema", "report", "explain"] {
            #expect(root.contains("  \(subcommand) "), "`atrium --help` does not list \(subcommand)")
        }
        let completion = try PackagePaths.atrium(["--generate-completion-script", "bash"])
        #expect(completion.status == 0)
        #expect(completion.standardOutput.contains("serve"))
    }
}
