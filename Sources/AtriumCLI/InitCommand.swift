import ArgumentParser
import AtriumAuthoring
import Foundation

/// `atrium init DIR`: a new knowledge repository that passes check and build as created.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new knowledge repository.",
        discussion: """
        Writes, in DIR (created if needed; it must not already hold atrium.yml, content/, schemas/ or \
        site-template/):

          atrium.yml                     settings and taxonomies, commented throughout: adapt them
          schemas/                       the JSON Schema of every product type
          site-template/                 the portal's templates, styles and search script
          content/guidance-note/…        one example product
          .gitignore                     leaves out _site/ and .atrium-cache/
          .github/workflows/atrium.yml   checks every pull request
          README.md                      the four commands authors need

        and makes DIR a git repository unless it is already inside one. `atrium check` and `atrium build` pass \
        straight away.

        The schemas and templates are copied from the Atrium checkout this binary was built from, or from \
        $ATRIUM_HOME (a folder holding schemas/ and site-template/) when it is set.

        Exit status: 0 created, 1 the files could not be written, 2 unusable arguments (DIR is not empty of \
        Atrium files).

        Examples:
          atrium init knowledge
          atrium init . --title "Meridian Knowledge Portal"
        """)

    @Argument(help: ArgumentHelp("The folder for the new repository.", valueName: "DIR"))
    var directory: String

    @Option(name: .long, help: ArgumentHelp("The portal's title (site.title in atrium.yml).", valueName: "TITLE"))
    var title = "Knowledge Portal"

    func run() throws {
        let kit: StarterKit
        do {
            kit = try StarterKit.locate()
        } catch {
            throw CommandFailure.failed("\(error)")
        }
        let outcome: RepositoryScaffold.Outcome
        do {
            outcome = try RepositoryScaffold(kit: kit).create(.init(directory: directory, title: title, today: try RepositoryOptions.today(nil)))
        } catch let error as RepositoryScaffold.ScaffoldError where error.description.contains("nothing was written") {
            throw CommandFailure.unusable(error.description)
        } catch {
            throw CommandFailure.failed("\(error)")
        }
        let git = outcome.createdGitRepository ? " (a new git repository)" : ""
        print("created a knowledge repository in `\(directory)`\(git): \(outcome.files.count) files")
        print("""

            Next:
              cd \(Self.shellQuoted(directory))
              atrium new practice-note "Title of your first product"
              atrium serve          # preview at http://127.0.0.1:8000/
              atrium check
              git add -A && git commit -m "Start the knowledge repository"
            """)
    }

    static func shellQuoted(_ path: String) -> String {
        path.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) } ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
