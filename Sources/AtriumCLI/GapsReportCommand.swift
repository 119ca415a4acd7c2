import ArgumentParser
import AtriumInsights

/// `atrium report gaps`: where knowledge is missing.
struct GapsReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Strategic areas by types of support, counting current products; empty and thin cells are gaps.",
        discussion: """
        A product is current when it is published, not overdue for review and not superseded. Plans and expert \
        profiles are not counted. A product counts in every cell of its strategic_areas × support_types. With \
        --by-region, one more matrix per configured region (a product counts in the regions it names and those \
        of its countries).

        JSON shape: {"now","thin_threshold","current":[ids],"unclassified":[ids],"matrices":[{"region","region_name",
        "strategic_areas":[{"id","name"}],"support_types":[{"id","name"}],"cells":[{"strategic_area","support_type",
        "count","products"}]}],"gaps":[{"region","strategic_area","support_type","count","kind"}]}.
        CSV: one row per cell of every matrix.

        Examples:
          atrium report gaps
          atrium report gaps --by-region --thin 2 --format markdown
          atrium report gaps --owner co-ke --format json
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, help: "table, csv, json or markdown.")
    var format: ReportFormat = .table

    @Option(name: .long, help: ArgumentHelp("Only products owned by this unit.", valueName: "UNIT"))
    var owner: String?

    @Flag(name: .long, help: "Add one matrix per region.")
    var byRegion = false

    @Option(name: .long, help: ArgumentHelp("Cells with at most this many current products are thin (0: report empty cells only).", valueName: "N"))
    var thin = 1

    func validate() throws {
        if thin < 0 { throw ValidationError("--thin must be 0 or more, got \(thin)") }
    }

    func run() throws {
        let (outcome, now) = try ReportInput.load(repository)
        let report = GapReport(products: outcome.repository?.products ?? [], freshness: outcome.freshness,
                               configuration: outcome.repository!.configuration, now: now, thinThreshold: thin,
                               byRegion: byRegion, owner: owner)
        switch format {
        case .json: ReportInput.write(report.json())
        case .csv: ReportInput.write(report.cellTable.csv())
        case .markdown: ReportInput.write(report.text(markdown: true))
        case .table: ReportInput.write(report.text(markdown: false))
        }
    }
}
