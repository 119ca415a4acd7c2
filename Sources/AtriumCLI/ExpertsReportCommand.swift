import ArgumentParser
import AtriumInsights

/// `atrium report experts`: the expertise locator.
struct ExpertsReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experts",
        abstract: "Who knows what: people from expert profiles, product authors and git contributors.",
        discussion: """
        People are joined by name (ignoring case and accents) and by git e-mail address against a profile's \
        `contact`; git identities go through `.mailmap` first. Areas are the strategic areas of their products, \
        most frequent first. Last activity is the latest date of a product they wrote or of a commit known to be theirs.
        This report carries e-mail addresses: it is for staff, and the public portal never shows it.

        JSON shape: {"experts":[{"name","unit","units","profile","contact","emails","expertise","areas","authored",
        "contributed","languages","last_activity","sources"}]}. CSV: one row per person with every field.

        Examples:
          atrium report experts
          atrium report experts --owner co-ke --format markdown
          atrium report experts --format json > experts.json
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, help: "table, csv, json or markdown.")
    var format: ReportFormat = .table

    @Option(name: .long, help: ArgumentHelp("Only people of this unit, or who worked on its products.", valueName: "UNIT"))
    var owner: String?

    func run() throws {
        let (outcome, _) = try ReportInput.load(repository)
        let directory = ExpertDirectory(products: outcome.repository?.products ?? [], histories: outcome.history?.histories ?? [:],
                                        owner: owner)
        switch format {
        case .json: ReportInput.write(directory.json())
        case .csv: ReportInput.write(directory.fullTable.csv())
        case .markdown: ReportInput.write(directory.text(markdown: true))
        case .table: ReportInput.write(directory.text(markdown: false))
        }
    }
}
