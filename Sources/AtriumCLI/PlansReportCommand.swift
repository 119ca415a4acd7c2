import ArgumentParser
import AtriumInsights

/// `atrium report plans`: planned products against what was delivered.
struct PlansReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: "Knowledge-product plans matched to the products that delivered them; undelivered and late items per unit and year.",
        discussion: """
        A planned item is delivered when its `delivered_as` names a product (delivered-late when that product is \
        dated after the planned quarter), late when undelivered after its quarter, planned before that, and \
        unresolved when `delivered_as` names no product. For undelivered items, a product of the same type with a \
        close title is offered as a suggestion, never counted.

        JSON shape: {"now","items":[{"plan","file","line","unit","year","title","type","strategic_area","quarter","due",
        "delivered_as","delivered_on","state","suggestion":{"id","title","similarity"}|null}],"units":[{"unit","year",
        "planned","delivered","delivered_late","undelivered","late"}]}. CSV: one row per planned item.

        Examples:
          atrium report plans
          atrium report plans --owner co-ke --format markdown
          atrium report plans --undelivered --format csv
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, help: "table, csv, json or markdown.")
    var format: ReportFormat = .table

    @Option(name: .long, help: ArgumentHelp("Only the plans of this unit.", valueName: "UNIT"))
    var owner: String?

    @Flag(name: .long, help: "Only items not delivered.")
    var undelivered = false

    func run() throws {
        let (outcome, now) = try ReportInput.load(repository)
        var report = PlanReport(products: outcome.repository?.products ?? [], now: now, owner: owner)
        if undelivered { report.items.removeAll { $0.state.isDelivered } }
        switch format {
        case .json: ReportInput.write(report.json())
        case .csv: ReportInput.write(report.csvTable.csv())
        case .markdown: ReportInput.write(report.text(markdown: true))
        case .table: ReportInput.write(report.text(markdown: false))
        }
    }
}
