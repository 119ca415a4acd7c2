import ArgumentParser
import AtriumCore
import Foundation

/// `atrium explain RULE`: why a rule exists and how to satisfy it, like `rustc --explain`.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a rule shown in brackets in a diagnostic, or list every rule.",
        discussion: """
        Examples:
          atrium explain yaml/duplicate-key
          atrium explain schema/enum
          atrium explain            (lists every rule with its default severity)
        """)

    @Argument(help: ArgumentHelp("The rule id, e.g. `freshness/overdue`.", valueName: "RULE"))
    var rule: String?

    func run() throws {
        guard let rule else {
            var out = "Rules (default severity; change it under `rules:` in atrium.yml unless marked fixed):\n\n"
            for entry in RuleID.catalog {
                let fixed = entry.isConfigurable ? "" : ", fixed"
                out += "  \(entry.id.padding(toLength: 26, withPad: " ", startingAt: 0)) \(entry.defaultSeverity.rawValue)\(fixed): \(entry.summary)\n"
            }
            out += "  \("schema/<keyword>".padding(toLength: 26, withPad: " ", startingAt: 0)) error: front matter breaks a JSON Schema keyword (schema/required, schema/enum, …)\n"
            FileHandle.standardOutput.write(Data(out.utf8))
            return
        }
        guard let entry = RuleID.named(rule) else {
            let suggestion = Suggestion.closest(to: rule, among: RuleID.catalog.map(\.id))
            throw ValidationError("unknown rule `\(rule)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? "; `atrium explain` lists every rule"))
        }
        let severity = entry.isConfigurable ? "default severity: \(entry.defaultSeverity.rawValue) (configurable)" : "always an error"
        FileHandle.standardOutput.write(Data("\(entry.id) — \(entry.summary)\n[\(severity)]\n\n\(entry.explanation)\n".utf8))
    }
}
