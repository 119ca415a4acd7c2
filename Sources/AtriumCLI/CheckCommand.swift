import ArgumentParser
import AtriumCore
import AtriumSite
import Foundation

extension DiagnosticFormat: ExpressibleByArgument {}

/// `atrium check`: every product's metadata against the standards, with compiler-grade diagnostics.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every product against the organization's standards.",
        discussion: """
        Exit status: 0 when there are no errors (warnings allowed), 1 when there are errors, \
        2 when the arguments or atrium.yml are unusable.

        Formats:
          text    for people: file:line:column, the line, a caret, and help (default)
          json    {"diagnostics":[…],"summary":{"products","errors","warnings"}}
          github  GitHub Actions annotations (::error file=…,line=…::message)
          sarif   SARIF 2.1.0 for code-scanning upload
          markdown  a summary table for a pull-request comment

        On a terminal, a progress bar counts the files loaded and validated; it is not shown when the \
        output is piped or with --quiet. --verbose prints how long each stage took.

        Examples:
          atrium check
          atrium check --root path/to/repository --format json
          atrium check --format github        (in a GitHub Actions step)
          atrium check --changed-since origin/main --format markdown > comment.md
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, help: ArgumentHelp(
        "Report only products changed since this revision (and products whose references the change broke); the whole repository is still checked.",
        valueName: "REV"))
    var changedSince: String?

    @Option(name: .long, help: "Output format: text, json, github, sarif or markdown.")
    var format: DiagnosticFormat = .text

    @Flag(name: .long, help: "Print how long each stage took (to standard error).")
    var verbose = false

    @Flag(name: .long, help: "No progress bar (it is shown only on a terminal anyway).")
    var quiet = false

    func run() throws {
        let now = try repository.resolvedNow()
        var outcome = CheckPipeline().run(.init(root: repository.resolvedRoot, now: now, history: repository.historyMode,
                                                progress: TerminalProgress.make(quiet: quiet)))
        if let changedSince, outcome.configurationUsable, let loaded = outcome.repository {
            do {
                let changes = try ChangeFilter.load(root: loaded.root, revision: changedSince)
                let filter = ChangeFilter(changes: changes, products: loaded.products, configuration: loaded.configuration)
                outcome.report = DiagnosticReport(diagnostics: filter.filter(outcome.report.diagnostics), productCount: outcome.report.productCount)
            } catch {
                let diagnostic = Diagnostic(rule: .gitUnavailable, message: "--changed-since: \(error)", span: nil)
                outcome.report = DiagnosticReport(diagnostics: outcome.report.diagnostics + [diagnostic], productCount: outcome.report.productCount)
                outcome.configurationUsable = false
            }
        }
        let output: String
        switch format {
        case .text:
            let sources = outcome.sources
            output = TextDiagnosticFormatter(sources: { sources[$0] }, colored: ColorChoice.shouldColor()).format(outcome.report)
        case .json:
            output = JSONDiagnosticFormatter().format(outcome.report)
        case .github:
            output = GitHubDiagnosticFormatter().format(outcome.report)
        case .sarif:
            output = SARIFDiagnosticFormatter(toolVersion: AtriumCommand.version).format(outcome.report)
        case .markdown:
            output = MarkdownDiagnosticFormatter().format(outcome.report)
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        if verbose { StageTimings.print(outcome.timings) }
        if !outcome.configurationUsable { throw ExitCode(2) }
        if outcome.report.errorCount > 0 { throw ExitCode(1) }
    }
}
