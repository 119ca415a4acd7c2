import ArgumentParser
import AtriumCore
import AtriumFreshness
import AtriumSite
import Foundation

/// `atrium report freshness`: every product's review state, most overdue first.
struct FreshnessReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freshness",
        abstract: "List products by review state, most overdue first.",
        discussion: """
        A product's reference date is the later of its last substantive commit and its `last_reviewed` date; \
        it is due at the reference date plus its review interval. States: current, due-soon, overdue, exempt \
        (archived, superseded, or reviewed never), uncommitted.

        JSON shape: {"products":[{"id","file","type","owner","status","state","last_commit","last_commit_date",
        "last_reviewed","reference_date","due","revisions","contributors"}]} with ISO 8601 dates (null when absent).

        Examples:
          atrium report freshness
          atrium report freshness --state overdue --owner co-ke --format csv > overdue.csv
          atrium report freshness --now 2026-01-01 --format json
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, help: "table, csv, json or markdown.")
    var format: ReportFormat = .table

    @Option(name: .long, help: ArgumentHelp("Only products owned by this unit.", valueName: "UNIT"))
    var owner: String?

    @Option(name: .long, help: ArgumentHelp("Only products in this state: current, due-soon, overdue, exempt, uncommitted.", valueName: "STATE"))
    var state: String?

    func validate() throws {
        if let state, FreshnessState(rawValue: state) == nil {
            throw ValidationError("--state must be one of \(FreshnessState.allCases.map(\.rawValue).joined(separator: ", ")), got `\(state)`")
        }
    }

    func run() throws {
        let (outcome, now) = try ReportInput.load(repository)
        let records = FreshnessReport.sorted(outcome.freshness.filter { record in
            (owner == nil || record.owner == owner) && (state == nil || record.assessment.state.rawValue == state)
        })
        let output: String
        switch format {
        case .json: output = FreshnessReport.json(records)
        case .csv: output = FreshnessReport.csv(records)
        case .markdown: output = FreshnessReport.markdown(records, now: now)
        case .table: output = FreshnessReport.table(records, now: now)
        }
        ReportInput.write(output)
    }
}
