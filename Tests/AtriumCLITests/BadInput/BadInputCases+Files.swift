import Foundation
import Testing
import TestSupport

/// Huge files, refused by size before a byte is read, and symbolic links: out of the repository
/// (refused, never read), in loops (they end), and leading nowhere.
extension BadInputCatalog {
    static let size: [BadInputCase] = [
        BadInputCase(
            category: .size, name: "a 50 MB Markdown file under the default 10 MB limit",
            setup: { fixture in try writeHugeProduct(to: fixture, megabytes: 50) },
            expected: [.error("file/too-large", bad, 1, 1, "file is 50 MB (52428800 bytes); the limit is 10 MB, so it was not read")
                .help("raise `content.max_file_size` in atrium.yml")],
            outcome: .fails,
            // The build reports the check's errors as text, quoting lines: not from this file.
            build: .refused([.error("file/too-large", bad, 1, 1, "the limit is 10 MB, so it was not read")]),
            within: 10,
            // Reading the file would take at least its 50 MB on top of the ~40 MB a run needs.
            memoryBelow: 80 << 20,
            verify: { run in
                let build = try #require(run.build)
                #expect(build.peakMemoryBytes > 0 && build.peakMemoryBytes < 80 << 20, "build peaked at \(build.peakMemoryBytes >> 20) MB")
                #expect(build.seconds < 10, "build took \(build.seconds) s")
            }),
        BadInputCase(
            category: .size, name: "a file over a limit set in atrium.yml",
            files: file("atrium.yml", BadInputFixture.configuration + "content: {max_file_size: 1 KB}\n")
                + file(bad, BadInputFixture.product(id: "bad", body: String(repeating: "Long body text. ", count: 128))),
            expected: [.error("file/too-large", bad, 1, 1, "the limit is 1 KB, so it was not read")], outcome: .fails),
        BadInputCase(
            category: .size, name: "a size limit that is not a size",
            files: file("atrium.yml", BadInputFixture.configuration + "content: {max_file_size: lots}\n"),
            expected: [.error("config/invalid", "atrium.yml", 6, 26, "`content.max_file_size` must be a positive size")],
            outcome: .unusable, goodProduct: .blocked("atrium.yml is unusable")),
        BadInputCase(
            category: .size, name: "a size limit of zero",
            files: file("atrium.yml", BadInputFixture.configuration + "content: {max_file_size: 0}\n"),
            expected: [.error("config/invalid", "atrium.yml", 6, 26, "`content.max_file_size` must be a positive size")],
            outcome: .unusable, goodProduct: .blocked("atrium.yml is unusable")),
    ]

    static let symbolicLinks: [BadInputCase] = [
        BadInputCase(
            category: .symbolicLinks, name: "a product that links to a file outside the repository",
            setup: { fixture in
                let outside = try BadInputFixture.writeOutsideSecret(for: fixture)
                try BadInputFixture.link(bad, to: outside + "/outside-secret.md", in: fixture)
            },
            expected: [.error("file/outside-repository", bad, 1, 1, "symbolic link to a place outside the repository; it was not read")],
            outcome: .fails,
            // The build prints the check's errors with their source lines: never this file's.
            build: .refused([.error("file/outside-repository", bad, 1, 1, "it was not read")]),
            verify: BadInputFixture.neverReadOutside),
        BadInputCase(
            category: .symbolicLinks, name: "a relative link that climbs out of the repository",
            setup: { fixture in
                try BadInputFixture.writeOutsideSecret(for: fixture)
                let name = URL(fileURLWithPath: BadInputRun.outside(of: fixture)).lastPathComponent
                try BadInputFixture.link(bad, to: "../../../\(name)/outside-secret.md", in: fixture)
            },
            expected: [.error("file/outside-repository", bad, 1, 1, "symbolic link to a place outside the repository")],
            outcome: .fails, verify: BadInputFixture.neverReadOutside),
        BadInputCase(
            category: .symbolicLinks, name: "a folder under content/ that links outside the repository",
            setup: { fixture in
                try BadInputFixture.link("content/shared", to: try BadInputFixture.writeOutsideSecret(for: fixture), in: fixture)
            },
            expected: [.error("file/outside-repository", "content/shared", 1, 1, "symbolic link to a place outside the repository")],
            outcome: .fails, verify: BadInputFixture.neverReadOutside),
        BadInputCase(
            category: .symbolicLinks, name: "the content folder itself links outside the repository",
            setup: { fixture in
                try FileManager.default.moveItem(atPath: fixture.path + "/content", toPath: fixture.path + "/content-moved")
                try BadInputFixture.link("content", to: try BadInputFixture.writeOutsideSecret(for: fixture), in: fixture)
            },
            expected: [.error("file/outside-repository", "content", 1, 1, "the content folder `content` is a symbolic link")],
            outcome: .fails, goodProduct: .blocked("the content folder is refused whole; the good product was moved out of it"),
            verify: BadInputFixture.neverReadOutside),
        BadInputCase(
            category: .symbolicLinks, name: "two links that point at each other",
            setup: { fixture in
                try BadInputFixture.link("content/practice-note/loop-a.md", to: "loop-b.md", in: fixture)
                try BadInputFixture.link("content/practice-note/loop-b.md", to: "loop-a.md", in: fixture)
            },
            expected: [.error("file/unreadable", "content/practice-note/loop-a.md", 1, 1, "is part of a loop of symbolic links"),
                       .error("file/unreadable", "content/practice-note/loop-b.md", 1, 1, "is part of a loop of symbolic links")],
            outcome: .fails, within: 10),
        BadInputCase(
            category: .symbolicLinks, name: "a link to itself",
            setup: { fixture in try BadInputFixture.link(bad, to: "bad.md", in: fixture) },
            expected: [.error("file/unreadable", bad, 1, 1, "is part of a loop of symbolic links")], outcome: .fails, within: 10),
        BadInputCase(
            category: .symbolicLinks, name: "a folder link back to its parent (a loop of folders)",
            setup: { fixture in
                try BadInputFixture.link("content/practice-note/again", to: "..", in: fixture)
                try BadInputFixture.link("content/here", to: ".", in: fixture)
            },
            // Each folder is walked once: the good product is not read a second time under another path.
            expected: [], outcome: .passes, within: 10),
        BadInputCase(
            category: .symbolicLinks, name: "a link that leads nowhere",
            setup: { fixture in try BadInputFixture.link(bad, to: "nowhere.md", in: fixture) },
            expected: [.error("file/unreadable", bad, 1, 1, "points to `nowhere.md`, which does not exist")], outcome: .fails),
        BadInputCase(
            category: .symbolicLinks, name: "an attachment that links outside the repository",
            files: file(bad, BadInputFixture.product(id: "bad", extra: "attachments: [content/attachments/bad/form.md]\n")),
            setup: { fixture in
                let outside = try BadInputFixture.writeOutsideSecret(for: fixture)
                try BadInputFixture.link("content/attachments/bad/form.md", to: outside + "/outside-secret.md", in: fixture)
            },
            expected: [.error("attachment/missing", bad, 12, 15, "is a link to a file outside the repository"),
                       .error("file/outside-repository", "content/attachments/bad/form.md", 1, 1, "symbolic link to a place outside the repository")],
            outcome: .fails, verify: BadInputFixture.neverReadOutside),
        BadInputCase(
            category: .symbolicLinks, name: "a body link through a link outside the repository",
            files: file(bad, BadInputFixture.product(id: "bad", body: "See [the data](../data.csv).\n")),
            setup: { fixture in
                try BadInputFixture.link("content/data.csv", to: try BadInputFixture.writeOutsideSecret(for: fixture) + "/outside-secret.md", in: fixture)
            },
            expected: [.error("ref/unresolved", bad, 13, 5, "`content/data.csv` is a symbolic link to a place outside the repository"),
                       .error("file/outside-repository", "content/data.csv", 1, 1, "symbolic link to a place outside the repository")],
            outcome: .fails),
    ]

    /// Links out of the repository beside the content: schemas, templates, assets.
    static let linksOutsideContent: [BadInputCase] = [
        BadInputCase(
            category: .symbolicLinks, name: "a schema that links outside the repository",
            setup: { fixture in
                let outside = try BadInputFixture.writeOutsideSecret(for: fixture)
                try BadInputFixture.link("schemas/leak.schema.json", to: outside + "/outside-secret.md", in: fixture)
            },
            expected: [.error("file/outside-repository", "schemas/leak.schema.json", 1, 1, "is a symbolic link to a place outside the repository; it was not read")],
            outcome: .fails, verify: BadInputFixture.neverReadOutside),
        BadInputCase(
            category: .symbolicLinks, name: "a template that links outside the template folder",
            setup: { fixture in
                let outside = try BadInputFixture.writeOutsideSecret(for: fixture)
                try FileManager.default.removeItem(atPath: fixture.path + "/site-template/templates/footer.mustache")
                try BadInputFixture.link("site-template/templates/footer.mustache", to: outside + "/outside-secret.md", in: fixture)
            },
            expected: [], outcome: .passes,
            build: .refused([.error("file/outside-repository", "site-template/templates/footer.mustache", 1, 1,
                                    "is a symbolic link to a place outside the template folder; it was not read")]),
            verify: BadInputFixture.neverReadOutside),
        BadInputCase(
            category: .symbolicLinks, name: "an asset that links outside the template folder",
            setup: { fixture in
                let outside = try BadInputFixture.writeOutsideSecret(for: fixture)
                try BadInputFixture.link("site-template/assets/extra.css", to: outside + "/outside-secret.md", in: fixture)
            },
            expected: [], outcome: .passes,
            build: .refused([.error("file/outside-repository", "site-template/assets/extra.css", 1, 1,
                                    "is a symbolic link to a place outside the template folder; it was not read")]),
            verify: BadInputFixture.neverReadOutside),
    ]

    /// A real 50 MB Markdown product: front matter, then one line repeated, written in 1 MB blocks.
    static func writeHugeProduct(to fixture: FixtureRepository, megabytes: Int) throws {
        let path = fixture.path + "/" + bad
        let header = Data(BadInputFixture.product(id: "bad", body: "").utf8)
        let line = "Line of a runaway generated report, repeated until the file is huge.\n"
        let block = Data(String(repeating: line, count: (1 << 20) / line.utf8.count + 1).utf8.prefix(1 << 20))
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw FixtureError("cannot create \(path)") }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.write(contentsOf: header + block.prefix(block.count - header.count))
        for _ in 1..<megabytes { try handle.write(contentsOf: block) }
    }
}
