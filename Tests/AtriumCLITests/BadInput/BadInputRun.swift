import Foundation
import Testing
import TestSupport

/// One case run end to end: the fixture written, `atrium check --format json`, then
/// `atrium report freshness --format json` (which lists every product that compiled), and
/// `atrium build` where the case asks for it; then every expectation asserted.
struct BadInputRun {
    let fixture: FixtureRepository
    let check: BoundedProcess.Result
    /// Every diagnostic of the check, as JSON objects (the `--no-git` warning included).
    let diagnostics: [[String: Any]]
    let report: BoundedProcess.Result
    let build: BoundedProcess.Result?

    /// Where `atrium build` writes the site.
    var site: String { fixture.path + "/_site" }
    /// A folder beside the fixture, for files that must stay outside the repository.
    var outside: String { Self.outside(of: fixture) }

    static func outside(of fixture: FixtureRepository) -> String { fixture.path + "-outside" }

    /// No run may take longer than this, whatever the input: a hang fails the case.
    static let deadline: TimeInterval = 120

    static func run(_ badCase: BadInputCase) throws {
        let fixture = try FixtureRepository(BadInputFixture.base + badCase.files, copyingSchemas: true,
                                            copyingTemplates: { if case .notRun = badCase.build { false } else { true } }())
        defer {
            fixture.remove()
            try? FileManager.default.removeItem(atPath: outside(of: fixture))
        }
        for path in badCase.removing { try FileManager.default.removeItem(atPath: fixture.path + "/" + path) }
        switch badCase.git {
        case .none: break
        case .initialized: try fixture.run("git", ["init", "-q", "-b", "main"])
        case .committed: try fixture.commitAll(date: BadInputFixture.commitDate)
        case .detached:
            try fixture.commitAll(date: BadInputFixture.commitDate)
            try fixture.run("git", ["checkout", "-q", "--detach", "HEAD"])
        }
        try badCase.setup?(fixture)

        var common = ["--root", fixture.path, "--now", "2024-05-01"]
        if case .none = badCase.git { common.append("--no-git") }
        let check = try atrium(["check"] + common + ["--format", "json"])
        let report = try atrium(["report", "freshness"] + common + ["--format", "json"])
        var build: BoundedProcess.Result?
        if case .notRun = badCase.build {} else {
            build = try atrium(["build"] + common + ["--out", fixture.path + "/_site", "--quiet"])
        }
        let document = try JSONSerialization.jsonObject(with: Data(check.standardOutput.utf8)) as? [String: Any]
        let diagnostics = document?["diagnostics"] as? [[String: Any]] ?? []
        #expect(document != nil, "check printed no JSON: \(check.standardOutput)\(check.standardError)")
        let run = BadInputRun(fixture: fixture, check: check, diagnostics: diagnostics, report: report, build: build)
        run.assert(badCase)
        try badCase.verify?(run)
    }

    /// Runs the built `atrium` under the deadline.
    static func atrium(_ arguments: [String]) throws -> BoundedProcess.Result {
        let result = try BoundedProcess.run(PackagePaths.atriumBinary.path, arguments, environment: ["NO_COLOR": "1"], timeout: deadline)
        #expect(!result.timedOut, "`atrium \(arguments.joined(separator: " "))` did not finish in \(Int(deadline)) s")
        return result
    }

    // MARK: Assertions

    func assert(_ badCase: BadInputCase) {
        let output = check.standardOutput + check.standardError
        #expect(check.status == badCase.outcome.rawValue, "exit status \(check.status), expected \(badCase.outcome.rawValue): \(output)")
        assertDiagnostics(badCase)
        assertGoodProduct(badCase)
        assertBuild(badCase)
        if let within = badCase.within {
            #expect(check.seconds < within, "check took \(check.seconds) s; expected under \(within) s")
        }
        if let limit = badCase.memoryBelow {
            #expect(check.peakMemoryBytes > 0, "the check's peak memory was not measured")
            #expect(check.peakMemoryBytes < limit, "check peaked at \(check.peakMemoryBytes >> 20) MB; expected under \(limit >> 20) MB")
        }
    }

    /// The check's diagnostics, less the warning `--no-git` always gives, equal the expected ones exactly.
    private func assertDiagnostics(_ badCase: BadInputCase) {
        let actual = diagnostics.filter { diagnostic in
            !(diagnostic["rule"] as? String == "git/unavailable" && diagnostic["severity"] as? String == "warning"
              && (diagnostic["message"] as? String)?.hasPrefix("--no-git") == true)
        }
        let key = { (file: String?, line: Int?, column: Int?, rule: String) in
            "\(file ?? "")\u{0}\(String(format: "%09d:%09d", line ?? 0, column ?? 0))\u{0}\(rule)"
        }
        let sortedActual = actual.sorted {
            Array(key($0["file"] as? String, $0["line"] as? Int, $0["column"] as? Int, $0["rule"] as? String ?? "").utf8)
                .lexicographicallyPrecedes(Array(key($1["file"] as? String, $1["line"] as? Int, $1["column"] as? Int, $1["rule"] as? String ?? "").utf8))
        }
        let sortedExpected = badCase.expected.sorted {
            Array(key($0.file, $0.line, $0.column, $0.rule).utf8).lexicographicallyPrecedes(Array(key($1.file, $1.line, $1.column, $1.rule).utf8))
        }
        let dump = sortedActual.map(Self.describe).joined(separator: "\n")
        guard sortedActual.count == sortedExpected.count else {
            Issue.record("expected \(sortedExpected.count) diagnostic(s):\n\(sortedExpected.map(\.description).joined(separator: "\n"))\ngot \(sortedActual.count):\n\(dump)")
            return
        }
        for (diagnostic, expected) in zip(sortedActual, sortedExpected) {
            let file = diagnostic["file"] as? String
            // Paths are compared byte for byte: Swift's `==` would call NFC and NFD names equal.
            let sameFile = file.map { Array($0.utf8) } == expected.file.map { Array($0.utf8) }
            let matches = diagnostic["rule"] as? String == expected.rule && diagnostic["severity"] as? String == expected.severity
                && sameFile && diagnostic["line"] as? Int == expected.line && diagnostic["column"] as? Int == expected.column
                && (diagnostic["message"] as? String ?? "").contains(expected.message)
                && expected.help.map { (diagnostic["help"] as? String ?? "").contains($0) } ?? true
            #expect(matches, "expected \(expected)\ngot \(Self.describe(diagnostic))\nall:\n\(dump)")
            if expected.severity == "error" {
                #expect((diagnostic["help"] as? String)?.isEmpty == false, "an error without help: \(Self.describe(diagnostic))")
            }
        }
    }

    /// The good product compiled: no diagnostic names its file, and the freshness report lists it.
    private func assertGoodProduct(_ badCase: BadInputCase) {
        let good = BadInputFixture.goodPath
        let listed = reportedProducts.contains { $0.id == BadInputFixture.goodID && $0.file == good }
        switch badCase.goodProduct {
        case .compiles:
            let own = diagnostics.filter { ($0["file"] as? String) == good }
            #expect(own.isEmpty, "the good product got diagnostics: \(own.map(Self.describe))")
            #expect(report.status == 0, "report failed: \(report.standardError)")
            #expect(listed, "the good product is not among the compiled products: \(reportedProducts)\n\(report.standardError)")
        case .blocked(let reason):
            #expect(!listed, "the good product compiled, but the case says it cannot (\(reason))")
        }
    }

    private func assertBuild(_ badCase: BadInputCase) {
        guard let build else { return }
        let pagePath = site + "/products/\(BadInputFixture.goodID)/index.html"
        switch badCase.build {
        case .notRun:
            break
        case .succeeds:
            #expect(build.status == 0, "build failed: \(build.standardError)")
            if case .compiles = badCase.goodProduct {
                #expect(FileManager.default.fileExists(atPath: pagePath), "the good product has no page in the site")
            }
        case .refused(let expected):
            #expect(build.status == 1, "build exit status \(build.status): \(build.standardError)")
            #expect(build.standardError.contains("error: not building"), "\(build.standardError)")
            for diagnostic in expected {
                let header = diagnostic.file.map { "\($0):\(diagnostic.line ?? 0):\(diagnostic.column ?? 0): " } ?? ""
                #expect(build.standardError.contains("\(header)\(diagnostic.severity)[\(diagnostic.rule)]: "),
                        "no `\(header)\(diagnostic.severity)[\(diagnostic.rule)]` in:\n\(build.standardError)")
                #expect(build.standardError.contains(diagnostic.message), "no `\(diagnostic.message)` in:\n\(build.standardError)")
                if let help = diagnostic.help {
                    #expect(build.standardError.contains("= help: ") && build.standardError.contains(help), "no help `\(help)` in:\n\(build.standardError)")
                }
            }
            #expect(!FileManager.default.fileExists(atPath: site), "a refused build wrote `\(site)`")
        }
    }

    // MARK: Reading the output

    /// Products `atrium report freshness --format json` lists: id and file.
    var reportedProducts: [(id: String, file: String, state: String, lastCommitDate: String?)] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(report.standardOutput.utf8)) as? [String: Any],
              let products = object["products"] as? [[String: Any]] else { return [] }
        return products.map { ($0["id"] as? String ?? "", $0["file"] as? String ?? "", $0["state"] as? String ?? "",
                               $0["last_commit_date"] as? String) }
    }

    static func describe(_ diagnostic: [String: Any]) -> String {
        let place = (diagnostic["file"] as? String).map { "\($0):\(diagnostic["line"] as? Int ?? 0):\(diagnostic["column"] as? Int ?? 0)" } ?? "(no file)"
        return "\(diagnostic["severity"] as? String ?? "?")[\(diagnostic["rule"] as? String ?? "?")] at \(place): \(diagnostic["message"] as? String ?? "")"
            + ((diagnostic["help"] as? String).map { " help: \($0)" } ?? "")
    }
}
