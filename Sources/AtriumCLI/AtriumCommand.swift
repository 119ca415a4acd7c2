import ArgumentParser
import AtriumCore
import Foundation

/// The `atrium` command: a compiler for git-backed knowledge repositories.
public struct AtriumCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "atrium",
        abstract: "Check, date and publish a git-backed repository of knowledge products.",
        discussion: """
        Knowledge products are Markdown files with YAML front matter under `content/`. Atrium checks their \
        metadata against the organization's standards (JSON Schemas in `schemas/`, settings in `atrium.yml`), \
        dates them by their git history, and compiles the portal.

        Getting started:
          atrium init knowledge && cd knowledge     a new repository that passes check and build
          atrium new practice-note "Title"          a product to fill in (fields marked TODO)
          atrium serve                              preview at http://127.0.0.1:8000/, reloads as you save
          atrium check                              every problem: file:line:column, what, how to fix

        Examples:
          atrium check --root ~/km --format json
          atrium check --format sarif > atrium.sarif
          atrium build --out public
          atrium report freshness --state overdue
          atrium schema export                      schemas with the taxonomies, for editors
          atrium explain schema/enum

        Shell completion: `atrium --generate-completion-script bash` (or zsh, fish) prints a script; for \
        bash, `atrium --generate-completion-script bash > ~/.local/share/bash-completion/completions/atrium`.

        Exit status of every command: 0 success, 1 errors found, 2 unusable arguments or atrium.yml.
        """,
        version: version,
        subcommands: [CheckCommand.self, BuildCommand.self, NewCommand.self, InitCommand.self, SchemaCommand.self, ServeCommand.self, ReportCommand.self, ExplainCommand.self]
    )

    public init() {}

    /// Parses the arguments and runs, with the exit statuses Atrium documents:
    /// 0 success, 1 errors found, 2 unusable arguments or configuration.
    public static func runFromCommandLine() -> Never {
        let status = runReturningStatus()
        // Caches written in the background are finished before the process ends, whatever the outcome.
        BackgroundWork.waitForAll()
        Foundation.exit(status)
    }

    private static func runReturningStatus() -> Int32 {
        do {
            var command = try parseAsRoot()
            try command.run()
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            return failure.exitStatus
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                BackgroundWork.waitForAll()
                self.exit(withError: error)
            }
            // Usage mistakes (ArgumentParser's 64) are status 2, like configuration mistakes.
            let message = fullMessage(for: error)
            FileHandle.standardError.write(Data((message + "\n").utf8))
            return code == .failure ? 1 : 2
        }
    }
}
