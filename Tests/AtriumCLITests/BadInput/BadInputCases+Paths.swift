import Foundation
import Testing
import TestSupport

/// Paths and ids that try to leave the repository or the site (`../../etc/passwd`, absolute
/// paths, NUL bytes), and ids that clash: duplicates, and ids that differ only in letter case or
/// Unicode normalization, which would be one page on macOS, Windows and many web servers.
extension BadInputCatalog {
    static let traversal: [BadInputCase] = [
        idCase("an id that climbs out of the site", "../../etc/passwd", message: "id `../../etc/passwd` is not a valid slug", help: "suggestion: `etc-passwd`"),
        idCase("an absolute path as id", "/etc/passwd", message: "id `/etc/passwd` is not a valid slug"),
        idCase("a NUL byte in an id", "\"bad\\0id\"", message: "id `bad\\u{0}id` is not a valid slug"),
        idCase("backslashes in an id", "'..\\..\\windows'", message: "id `..\\..\\windows` is not a valid slug"),
        attachmentCase("an attachment that climbs out of the repository", "../../etc/passwd", column: 15,
                       message: "attachment path `../../etc/passwd` leaves the repository"),
        attachmentCase("an absolute attachment path", "/etc/passwd", column: 15, message: "attachment path `/etc/passwd` leaves the repository"),
        attachmentCase("a NUL byte in an attachment path", "\"content/form\\0.pdf\"", column: 15,
                       message: "attachment path `content/form\\u{0}.pdf` leaves the repository or is not a plain relative path"),
        attachmentCase("an attachment path that climbs out after going in", "content/../../etc/passwd", column: 15,
                       message: "attachment path `content/../../etc/passwd` leaves the repository"),
        attachmentCase("an attachment that is a folder", "content/practice-note", column: 15,
                       message: "attachment `content/practice-note` is a folder, not a file"),
        referenceCase("a related id that is a path", "related: [../../etc/passwd]", column: 11,
                      message: "`related` names `../../etc/passwd`, which is no product's id"),
        referenceCase("a NUL byte in a related id", "related: [\"good\\0practice\"]", column: 11,
                      message: "`related` names `good\\u{0}practice`, which is no product's id"),
        referenceCase("an absolute path in supersedes", "supersedes: /etc/passwd", column: 13,
                      message: "`supersedes` names `/etc/passwd`, which is no product's id"),
        BadInputCase(
            category: .traversal, name: "a body link that climbs out of the repository",
            files: file(bad, BadInputFixture.product(id: "bad", body: "See [the accounts](../../../../etc/passwd).\n")),
            expected: [.error("ref/unresolved", bad, 13, 5, "link to `../../../../etc/passwd` leads outside the repository")], outcome: .fails),
        BadInputCase(
            category: .traversal, name: "a body link with a percent-encoded NUL byte",
            files: file(bad, BadInputFixture.product(id: "bad", body: "See [the chart](secret%00.png).\n"))
                + file("content/practice-note/secret", "A file that a path cut at the NUL byte would name.\n"),
            expected: [.error("ref/unresolved", bad, 13, 5, "`content/practice-note/secret\\u{0}.png` does not exist")], outcome: .fails),
        BadInputCase(
            category: .traversal, name: "a file named `..md`",
            files: file("content/practice-note/..md", BadInputFixture.product(id: nil)),
            expected: [.error("id/invalid", "content/practice-note/..md", 1, 1, "file name `..md` does not give a valid id")], outcome: .fails),
        BadInputCase(
            category: .traversal, name: "a file name with a line break and a terminal escape",
            setup: { fixture in
                try fixture.write(BadInputFixture.product(id: nil), to: "content/practice-note/evil\nname\u{1B}[31m.md")
            },
            expected: [.error("id/invalid", "content/practice-note/evil\nname\u{1B}[31m.md", 1, 1,
                              "file name `evil\\u{A}name\\u{1B}[31m.md` does not give a valid id")], outcome: .fails,
            verify: { run in
                // The text and GitHub outputs show the name escaped: one line, no colour change.
                for format in ["text", "github"] {
                    let result = try BadInputRun.atrium(["check", "--root", run.fixture.path, "--no-git", "--now", "2024-05-01", "--format", format])
                    #expect(!result.standardOutput.contains("\u{1B}"), "\(format) output carries a raw escape")
                    #expect(result.standardOutput.contains("evil\\u{A}name\\u{1B}[31m.md"), "\(format): \(result.standardOutput)")
                }
            }),
    ]

    static let identity: [BadInputCase] = [
        BadInputCase(
            category: .identity, name: "two files with the same id",
            files: file("content/practice-note/first.md", BadInputFixture.product(id: "shared-id"))
                + file("content/practice-note/second.md", BadInputFixture.product(id: "shared-id")),
            expected: [.error("id/duplicate", "content/practice-note/second.md", 2, 5, "id `shared-id` is already used by `content/practice-note/first.md`")],
            outcome: .fails),
        BadInputCase(
            category: .identity, name: "two files with the same name in different folders",
            files: file("content/practice-note/2023/roster.md", BadInputFixture.product(id: nil))
                + file("content/practice-note/2024/roster.md", BadInputFixture.product(id: nil)),
            expected: [.error("id/duplicate", "content/practice-note/2024/roster.md", 1, 1, "id `roster` is already used by `content/practice-note/2023/roster.md`")],
            outcome: .fails),
        BadInputCase(
            category: .identity, name: "an id that another file's name already gives",
            files: file("content/practice-note/roster.md", BadInputFixture.product(id: nil))
                + file("content/practice-note/zz-other.md", BadInputFixture.product(id: "roster")),
            expected: [.error("id/duplicate", "content/practice-note/zz-other.md", 2, 5, "id `roster` is already used by `content/practice-note/roster.md`")],
            outcome: .fails),
        BadInputCase(
            category: .identity, name: "file names that differ only in letter case",
            files: file("content/practice-note/Roster-Guide.md", BadInputFixture.product(id: nil))
                + file("content/practice-note/archive/roster-guide.md", BadInputFixture.product(id: nil)),
            expected: [.error("id/collision", "content/practice-note/archive/roster-guide.md", 1, 1,
                              "id `roster-guide` and id `Roster-Guide` (`content/practice-note/Roster-Guide.md`) differ only in letter case")],
            outcome: .fails),
        BadInputCase(
            category: .identity, name: "file names that differ only in Unicode normalization (NFC and NFD)",
            files: file("content/practice-note/caf\u{E9}.md", BadInputFixture.product(id: nil))
                + file("content/practice-note/nfd/cafe\u{301}.md", BadInputFixture.product(id: nil)),
            expected: [.error("id/collision", "content/practice-note/nfd/cafe\u{301}.md", 1, 1,
                              "written with different Unicode code points (`cafe\\u{301}` and `caf\\u{E9}`)")],
            outcome: .fails),
        BadInputCase(
            category: .identity, name: "a case collision and, behind it, an exact duplicate",
            files: file("content/practice-note/a.md", BadInputFixture.product(id: "Roster"))
                + file("content/practice-note/b.md", BadInputFixture.product(id: "roster"))
                + file("content/practice-note/c.md", BadInputFixture.product(id: "roster")),
            expected: [.error("schema/pattern", "content/practice-note/a.md", 2, 5, "`id` does not have the expected form")
                .help("lowercase letters and digits in words separated by single hyphens"),
                       .error("id/collision", "content/practice-note/b.md", 2, 5, "differ only in letter case"),
                       .error("id/duplicate", "content/practice-note/c.md", 2, 5, "id `roster` is already used by `content/practice-note/b.md`")],
            outcome: .fails),
    ]

    static func idCase(_ name: String, _ id: String, message: String, help: String? = nil) -> BadInputCase {
        var diagnostic = ExpectedDiagnostic.error("id/invalid", bad, 2, 5, message)
        diagnostic.help = help
        return BadInputCase(category: .traversal, name: name, files: file(bad, BadInputFixture.product(id: id)),
                            expected: [diagnostic], outcome: .fails)
    }

    /// A product whose line 12 is `attachments: [PATH]`.
    static func attachmentCase(_ name: String, _ path: String, column: Int, message: String) -> BadInputCase {
        BadInputCase(category: .traversal, name: name, files: file(bad, BadInputFixture.product(id: "bad", extra: "attachments: [\(path)]\n")),
                     expected: [.error("attachment/missing", bad, 12, column, message)], outcome: .fails)
    }

    /// A product whose line 12 is `line`, a reference field.
    static func referenceCase(_ name: String, _ line: String, column: Int, message: String) -> BadInputCase {
        BadInputCase(category: .traversal, name: name, files: file(bad, BadInputFixture.product(id: "bad", extra: line + "\n")),
                     expected: [.error("ref/unresolved", bad, 12, column, message)], outcome: .fails)
    }
}
