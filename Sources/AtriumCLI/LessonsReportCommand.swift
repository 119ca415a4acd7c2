import ArgumentParser
import AtriumInsights

/// `atrium report lessons`: from lessons learned to lessons applied.
struct LessonsReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "Every tracked recommendation, with totals and the applied rate per owner unit.",
        discussion: """
        Recommendations come from lessons-learned studies, after-action reviews and end-of-assignment reports. \
        One is overdue when its `due` date has passed and its status is still open or in progress. The applied \
        rate is implemented ÷ (all − not accepted). `atrium check` warns on each overdue one (rule `lessons/overdue`).

        JSON shape: {"now","recommendations":[{"product","product_title","product_type","file","line","id","text",
        "owner","due","status","evidence","overdue","days_overdue"}],"units":[{"unit","unit_name","total","open",
        "in_progress","implemented","not_accepted","overdue","applied_rate"}],"totals":{same counts}}.
        CSV: one row per recommendation.

        Examples:
          atrium report lessons
          atrium report lessons --owner hq-policy --format markdown
          atrium report lessons --overdue --format csv > overdue-recommendations.csv
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, help: "table, csv, json or markdown.")
    var format: ReportFormat = .table

    @Option(name: .long, help: ArgumentHelp("Only recommendations owned by this unit.", valueName: "UNIT"))
    var owner: String?

    @Flag(name: .long, help: "Only overdue recommendations.")
    var overdue = false

    func run() throws {
        let (outcome, now) = try ReportInput.load(repository)
        var report = LessonsReport(products: outcome.repository?.products ?? [], configuration: outcome.repository!.configuration,
                                   now: now, owner: owner)
        if overdue { report.recommendations.removeAll { $0.daysOverdue == nil } }
        switch format {
        case .json: ReportInput.write(report.json())
        case .csv: ReportInput.write(report.csvTable.csv())
        case .markdown: ReportInput.write(report.text(markdown: true))
        case .table: ReportInput.write(report.text(markdown: false))
        }
    }
}
