import Foundation
import Testing
import TestSupport

/// The bad-input suite of issue #10, at the level of a whole repository and the built binary:
/// for each bad input, `atrium check` gives exactly the expected diagnostics (rule, severity,
/// file, line and column), and the good product beside it still compiles. "Compiles" is checked
/// one way for every case: no diagnostic names the good product's file, and
/// `atrium report freshness`, which lists every product that compiled, lists it. Faults only a
/// build meets (templates, the repository's state) also run `atrium build`.
///
/// Cases run in parallel, each in its own temporary repository (git only where git is the
/// point), and every run of the binary has a deadline, so a hang fails a case instead of the suite.
@Suite("Bad input: whole repositories (binary)")
struct BadInputSuiteTests {
    @Test("the exact diagnostic, and the good product still compiles", arguments: BadInputCatalog.all)
    func badInput(_ badCase: BadInputCase) throws {
        try BadInputRun.run(badCase)
    }

    @Test("the catalogue covers every category of issue #10 with at least 60 distinct cases")
    func catalogue() {
        let cases = BadInputCatalog.all
        #expect(cases.count >= 60)
        #expect(Set(cases.map(\.testDescription)).count == cases.count, "two cases share a name")
        for category in BadInputCase.Category.allCases {
            #expect(cases.contains { $0.category == category }, "no case for \(category.rawValue)")
        }
    }
}

/// Every case, by category.
enum BadInputCatalog {
    static let bad = BadInputFixture.bad

    static var all: [BadInputCase] {
        frontMatter + yaml + encoding + size + symbolicLinks + linksOutsideContent + traversal + identity + configuration + templates + repository
    }

    static func file(_ path: String, _ contents: String) -> String {
        BadInputFixture.file(path, contents)
    }
}
