import ArgumentParser
import AtriumCore
import AtriumSite
import Foundation

/// `atrium report …`: answers for knowledge-management specialists and managers.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Answers from the repository: freshness, lessons applied, knowledge gaps, plans and experts.",
        discussion: """
        Every report prints as a table (the default), CSV, JSON or Markdown, takes `--owner UNIT` to keep one \
        unit's part, and `--now YYYY-MM-DD` to fix "today". JSON shapes are stable; each report's help lists its own.

        Examples:
          atrium report freshness --state overdue --format markdown > overdue.md
          atrium report lessons --owner co-ke
          atrium report gaps --by-region --format markdown > gaps.md
          atrium report plans --format csv > plans.csv
          atrium report experts --format json
        """,
        subcommands: [FreshnessReportCommand.self, LessonsReportCommand.self, GapsReportCommand.self,
                      PlansReportCommand.self, ExpertsReportCommand.self])
}

/// Output formats shared by every report.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, markdown
}

/// What every report starts from: the check pipeline's outcome, or exit status 2 with the reason
/// when the repository cannot be read at all. Products that failed to compile are named in a note.
enum ReportInput {
    static func load(_ repository: RepositoryOptions) throws -> (CheckPipeline.Outcome, CalendarDate) {
        let now = try repository.resolvedNow()
        let outcome = CheckPipeline().run(.init(root: repository.resolvedRoot, now: now, history: repository.historyMode))
        let blocking = outcome.report.diagnostics.filter {
            $0.severity == .error && ($0.rule == .gitUnavailable || $0.rule == .gitShallow || $0.rule == .configInvalid)
        }
        if !outcome.configurationUsable || !blocking.isEmpty || outcome.repository == nil {
            let sources = outcome.sources
            let text = TextDiagnosticFormatter(sources: { sources[$0] }, colored: ColorChoice.shouldColor(fileDescriptor: STDERR_FILENO))
            for diagnostic in outcome.report.diagnostics where diagnostic.severity == .error {
                FileHandle.standardError.write(Data(text.format(diagnostic).utf8))
            }
            throw ExitCode(2)
        }
        if let failed = outcome.repository?.failedProductPaths, !failed.isEmpty {
            FileHandle.standardError.write(Data(
                "note: \(failed.count) product file(s) could not be compiled and are not in this report: \(failed.sorted().joined(separator: ", ")); run `atrium check`\n".utf8))
        }
        return (outcome, now)
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
