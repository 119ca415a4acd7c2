import Foundation
import Testing
import TestSupport

/// One bad input of the repository-level suite: a small repository holding a good product and
/// the bad input, every diagnostic `atrium check` must give for it (exactly: rule, severity, file,
/// line, column, and a fragment of the message), and what must still work despite it.
struct BadInputCase: Sendable, CustomTestStringConvertible {
    enum Category: String, Sendable, CaseIterable {
        case frontMatter = "front matter"
        case yaml = "YAML"
        case encoding
        case size = "huge files"
        case symbolicLinks = "symbolic links"
        case traversal = "path traversal"
        case identity = "ids"
        case configuration = "atrium.yml"
        case templates
        case repository = "repository state"
    }

    /// How the fixture is put under git.
    enum Git: Sendable {
        /// Not a repository: every run passes `--no-git`.
        case none
        /// `git init` and nothing committed.
        case initialized
        /// Everything committed once, on 2024-03-02.
        case committed
        /// Committed, then HEAD detached from the branch (a CI checkout of a pull request).
        case detached
    }

    /// `atrium check`'s exit status.
    enum Outcome: Int32, Sendable {
        case passes = 0, fails = 1, unusable = 2
    }

    /// What becomes of the good product `good-practice`.
    enum GoodProduct: Sendable {
        /// Compiled with no diagnostic of its own, and listed by `atrium report freshness`.
        case compiles
        /// Nothing could be compiled (the reason says why, e.g. atrium.yml is unusable).
        case blocked(String)
    }

    /// Whether `atrium build` runs, and what it must do.
    enum Build: Sendable {
        case notRun
        /// Builds; the good product (when it compiles) has its page.
        case succeeds
        /// Refuses with exactly these diagnostics among its output, writing nothing.
        case refused([ExpectedDiagnostic])
    }

    let category: Category
    let name: String
    /// Files added to the base repository, in `FixtureRepository`'s text form; a file of the base
    /// (atrium.yml, say) is replaced by one of the same path.
    var files: String = ""
    /// Base files to delete.
    var removing: [String] = []
    var git: Git = .none
    /// Runs after the files are written and git is set up: links, raw bytes, a damaged cache.
    var setup: (@Sendable (FixtureRepository) throws -> Void)?
    /// Every diagnostic of `atrium check --format json` (apart from the `--no-git` warning).
    var expected: [ExpectedDiagnostic]
    var outcome: Outcome
    var goodProduct: GoodProduct = .compiles
    var build: Build = .notRun
    /// For hostile input: `atrium check` must finish within this many seconds.
    var within: TimeInterval?
    /// For hostile input: `atrium check`'s peak memory must stay below this.
    var memoryBelow: Int?
    /// Further checks of what the runs produced.
    var verify: (@Sendable (BadInputRun) throws -> Void)?

    var testDescription: String { "\(category.rawValue): \(name)" }
}

/// A diagnostic a case expects, matched exactly except for the message, of which a fragment is given.
struct ExpectedDiagnostic: Sendable, CustomStringConvertible {
    let severity: String
    let rule: String
    let file: String?
    let line: Int?
    let column: Int?
    let message: String
    /// A fragment the help line must contain, where the fix is the point.
    var help: String?

    /// The same diagnostic, whose help must contain `fragment`.
    func help(_ fragment: String) -> Self {
        var copy = self
        copy.help = fragment
        return copy
    }

    static func error(_ rule: String, _ file: String?, _ line: Int?, _ column: Int?, _ message: String) -> Self {
        Self(severity: "error", rule: rule, file: file, line: line, column: column, message: message)
    }

    static func warning(_ rule: String, _ file: String?, _ line: Int?, _ column: Int?, _ message: String) -> Self {
        Self(severity: "warning", rule: rule, file: file, line: line, column: column, message: message)
    }

    static func note(_ rule: String, _ file: String?, _ line: Int?, _ column: Int?, _ message: String) -> Self {
        Self(severity: "note", rule: rule, file: file, line: line, column: column, message: message)
    }

    /// `file:line:col` when there is a file, as the text output prints it.
    var place: String { file.map { "\($0):\(line ?? 0):\(column ?? 0)" } ?? "(no file)" }

    var description: String { "\(severity)[\(rule)] at \(place): …\(message)…" + (help.map { " help: …\($0)…" } ?? "") }
}
