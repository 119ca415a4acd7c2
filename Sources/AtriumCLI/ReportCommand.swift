import ArgumentParser

/// `atrium report …`: answers for knowledge-management specialists and managers.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports on the repository: what is overdue for review, and who owns it.",
        discussion: """
        Examples:
          atrium report freshness
          atrium report freshness --state overdue --format markdown > overdue.md
        """,
        subcommands: [FreshnessReportCommand.self])
}

/// Output formats shared by every report.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, markdown
}
