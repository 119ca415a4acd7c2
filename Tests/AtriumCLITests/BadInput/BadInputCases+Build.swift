import Foundation
import Testing
import TestSupport

/// Faults only `atrium build` meets: templates with errors, reported at the template's file and
/// line before anything is written. And the state of the repository itself: empty, without
/// commits, on a detached HEAD, with a damaged history cache.
extension BadInputCatalog {
    static let card = "site-template/templates/card.mustache"

    static let templates: [BadInputCase] = [
        template("a section never closed", replacing: "{{/statusNote}}", with: "",
                 .error("template/syntax", card, 7, 5, "`{{#statusNote}}` is never closed; add `{{/statusNote}}`")),
        template("a section closed with another name", replacing: "{{/isInternal}}", with: "{{/isInternl}}",
                 .error("template/syntax", card, 8, 63, "`{{/isInternl}}` closes `isInternal`, opened on line 8")),
        template("a section closed that was never opened", replacing: "{{summary}}</p>", with: "{{summary}}{{/summary}}</p>",
                 .error("template/syntax", card, 10, 39, "`{{/summary}}` closes a section that was never opened")),
        template("a tag missing one closing brace", replacing: "{{title}}</a>", with: "{{title}</a>",
                 .error("template/syntax", card, 2, 53, "tag opened here is not closed: `}}` is missing before the next `{{` (line 4, column 30)")),
        template("a tag never closed before the end of the file", replacing: "{{summary}}</p>", with: "{{summary</p>",
                 .error("template/syntax", card, 10, 28, "tag opened here is never closed with `}}`")),
        template("a space inside a name", replacing: "{{summary}}", with: "{{sum mary}}",
                 .error("template/syntax", card, 10, 34, "a tag is not finished: its name is followed by something other than the closing `}}`")),
        template("a delimiter change without its space", replacing: "{{summary}}", with: "{{=<%%>=}}",
                 .error("template/syntax", card, 10, 28, "a delimiter change is written `{{=<% %>=}}`")),
        template("a misspelt name", replacing: "{{summary}}", with: "{{sumary}}",
                 .error("template/unknown-name", card, 10, 28, "`sumary`: no view model of this page provides `sumary` here").help("did you mean `summary`?")),
        template("a partial that does not exist", replacing: "{{> badge}}", with: "{{> badges}}",
                 .error("template/missing-partial", card, 6, 5, "`{{> badges}}`: there is no template `badges`")),
        template("a partial named by a path out of the folder", replacing: "{{> badge}}", with: "{{> ../../../etc/passwd}}",
                 .error("template/missing-partial", card, 6, 5, "there is no template `../../../etc/passwd`").help("without folders")),
        BadInputCase(
            category: .templates, name: "a page template missing",
            setup: { fixture in try FileManager.default.removeItem(atPath: fixture.path + "/site-template/templates/search.mustache") },
            expected: [], outcome: .passes,
            build: .refused([.error("template/missing", nil, nil, nil, "the portal needs `site-template/templates/search.mustache`, which does not exist")])),
        BadInputCase(
            category: .templates, name: "a template in Latin-1",
            setup: { fixture in
                let path = fixture.path + "/" + card
                var data = try #require(FileManager.default.contents(atPath: path))
                data.append(contentsOf: Array("<p>Caf".utf8) + [0xE9] + Array("</p>\n".utf8))
                try data.write(to: URL(fileURLWithPath: path))
            },
            expected: [], outcome: .passes,
            build: .refused([.error("template/syntax", card, 12, 7, "template is not UTF-8 text: byte 0xE9 is not valid UTF-8")])),
    ]

    static let repository: [BadInputCase] = [
        BadInputCase(
            category: .repository, name: "an empty repository: configuration and schemas, no products",
            removing: [BadInputFixture.goodPath],
            expected: [.note("content/empty", nil, nil, nil, "there are no Markdown files under `content/`: nothing to check")],
            outcome: .passes, goodProduct: .blocked("the repository has no products by design"), build: .succeeds,
            verify: { run in
                let home = try String(contentsOfFile: run.site + "/index.html", encoding: .utf8)
                #expect(home.contains("0 products"), "the portal of an empty repository says how many products it has")
            }),
        BadInputCase(
            category: .repository, name: "an empty folder", removing: ["atrium.yml", "content", "schemas"],
            expected: [.error("config/invalid", nil, nil, nil, "no `atrium.yml` in")], outcome: .unusable,
            goodProduct: .blocked("there is nothing to compile")),
        BadInputCase(
            // The state right after `atrium init`: no note, every product uncommitted (changed today).
            category: .repository, name: "a git repository with no commits", git: .initialized,
            expected: [], outcome: .passes, build: .succeeds,
            verify: { run in
                #expect(run.reportedProducts.first { $0.id == BadInputFixture.goodID }?.state == "uncommitted")
            }),
        BadInputCase(
            category: .repository, name: "a detached HEAD", git: .detached,
            expected: [], outcome: .passes, build: .succeeds,
            verify: { run in
                #expect(run.reportedProducts.first { $0.id == BadInputFixture.goodID }?.lastCommitDate == "2024-03-02")
            }),
        BadInputCase(
            category: .repository, name: "a history cache full of garbage", git: .committed,
            setup: { fixture in
                try warmCache(fixture)
                try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }).write(to: URL(fileURLWithPath: cacheFile(fixture)))
            },
            expected: [.note("cache/unusable", nil, nil, nil, "`.atrium-cache/history-v2.txt` is damaged (unreadable or corrupt); it was ignored and rebuilt")],
            outcome: .passes, build: .succeeds,
            verify: { run in
                #expect(run.reportedProducts.first { $0.id == BadInputFixture.goodID }?.lastCommitDate == "2024-03-02")
                let rebuilt = try String(contentsOfFile: cacheFile(run.fixture), encoding: .utf8)
                #expect(rebuilt.hasPrefix("atrium-history-cache\t"), "the cache was not rebuilt")
            }),
        BadInputCase(
            category: .repository, name: "a history cache with a forged date", git: .committed,
            setup: { fixture in
                try warmCache(fixture)
                let text = try String(contentsOfFile: cacheFile(fixture), encoding: .utf8)
                let commitTime = "\t\(Int(ISO8601DateFormatter().date(from: BadInputFixture.commitDate)!.timeIntervalSince1970))\t"
                let forged = text.replacingOccurrences(of: commitTime, with: "\t1000000000\t")
                #expect(forged != text, "the cache does not hold the commit time")
                try Data(forged.utf8).write(to: URL(fileURLWithPath: cacheFile(fixture)))
            },
            expected: [.note("cache/unusable", nil, nil, nil, "is damaged (unreadable or corrupt)")], outcome: .passes,
            verify: { run in
                // The forged 2001 date would make the product overdue; the rebuilt history has the real one.
                #expect(run.reportedProducts.first { $0.id == BadInputFixture.goodID }?.lastCommitDate == "2024-03-02")
            }),
        BadInputCase(
            category: .repository, name: "a file where the cache folder should be", git: .committed,
            setup: { fixture in try Data("not a folder\n".utf8).write(to: URL(fileURLWithPath: fixture.path + "/.atrium-cache")) },
            expected: [.note("cache/unusable", nil, nil, nil, "`.atrium-cache` is a file, not a folder: the history cache is neither read nor written")],
            outcome: .passes,
            verify: { run in
                #expect(run.reportedProducts.first { $0.id == BadInputFixture.goodID }?.lastCommitDate == "2024-03-02")
                let untouched = try String(contentsOfFile: run.fixture.path + "/.atrium-cache", encoding: .utf8)
                #expect(untouched == "not a folder\n")
            }),
        BadInputCase(
            category: .repository, name: "a cache folder that links outside the repository", git: .committed,
            setup: { fixture in
                let outside = BadInputRun.outside(of: fixture)
                try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
                try BadInputFixture.link(".atrium-cache", to: outside, in: fixture)
            },
            expected: [.note("cache/unusable", nil, nil, nil, "`.atrium-cache` is a symbolic link: the history cache is neither read nor written")],
            outcome: .passes, build: .succeeds,
            verify: { run in
                let written = try FileManager.default.contentsOfDirectory(atPath: run.outside)
                #expect(written.isEmpty, "the cache was written outside the repository: \(written)")
                #expect(run.reportedProducts.first { $0.id == BadInputFixture.goodID }?.lastCommitDate == "2024-03-02")
            }),
        BadInputCase(
            category: .repository, name: "a cache file that links outside the repository", git: .committed,
            setup: { fixture in
                let outside = try BadInputFixture.writeOutsideSecret(for: fixture)
                try BadInputFixture.link(".atrium-cache/history-v2.txt", to: outside + "/outside-secret.md", in: fixture)
            },
            expected: [.note("cache/unusable", nil, nil, nil, "`.atrium-cache/history-v2.txt` is a symbolic link: the history cache is neither read nor written")],
            outcome: .passes,
            verify: { run in
                let outsideFile = try String(contentsOfFile: run.outside + "/outside-secret.md", encoding: .utf8)
                #expect(outsideFile.hasPrefix(BadInputFixture.outsideSecret), "the cache was written through the link")
                BadInputFixture.neverReadOutside(run)
            }),
    ]

    /// The good card template with one edit; the build must refuse with `diagnostic`, while the check passes.
    static func template(_ name: String, replacing original: String, with replacement: String,
                         _ diagnostic: ExpectedDiagnostic) -> BadInputCase {
        BadInputCase(
            category: .templates, name: name,
            setup: { fixture in
                let path = fixture.path + "/" + card
                let text = try String(contentsOfFile: path, encoding: .utf8)
                #expect(text.contains(original), "the card template no longer contains `\(original)`: update the case")
                try text.replacingOccurrences(of: original, with: replacement).write(toFile: path, atomically: true, encoding: .utf8)
            },
            expected: [], outcome: .passes, build: .refused([diagnostic]))
    }

    static func cacheFile(_ fixture: FixtureRepository) -> String { fixture.path + "/.atrium-cache/history-v2.txt" }

    /// One check, so that the history cache exists and is good before a case damages it.
    static func warmCache(_ fixture: FixtureRepository) throws {
        let result = try BadInputRun.atrium(["check", "--root", fixture.path, "--now", "2024-05-01", "--quiet"])
        #expect(result.status == 0, "\(result.standardOutput)")
        #expect(FileManager.default.fileExists(atPath: cacheFile(fixture)))
    }
}
