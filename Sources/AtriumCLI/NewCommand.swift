import ArgumentParser
import AtriumAuthoring
import AtriumContent
import AtriumCore
import Foundation

/// `atrium new TYPE "Title"`: a product file that already satisfies its schema wherever a value can be derived.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a product file with its front matter ready to fill in.",
        discussion: """
        Writes content/TYPE/ID.md. Everything that can be derived is filled in: type, title, id (from the title \
        unless --id is given), today's date, the owner and language (from --owner and --language, else `defaults:` \
        in atrium.yml), the audience and `status: draft`. Every other field the type's schema requires is left \
        empty under a `# TODO` comment that says what it takes; `atrium check` reports each one until it is \
        filled. An existing file is never overwritten.

        The path of the new file is printed on standard output, so `$EDITOR "$(atrium new …)"` opens it.

        Types: after-action-review, community-of-practice, country-profile, end-of-assignment-report, \
        expert-profile, guidance-note, knowledge-product-plan, lessons-learned-study, practice-note, \
        programming-tool, research-paper, survey-of-practice, training-module (every type with a schema in \
        schemas/).

        Exit status: 0 created, 2 unusable arguments or atrium.yml (unknown type or unit, an id that is taken, \
        a file that exists).

        Examples:
          atrium new guidance-note "Gender-responsive budgeting in emergencies"
          atrium new after-action-review "Cyclone response coordination, Sofala" --owner co-mz
          atrium new country-profile "Country gender equality profile: Kenya" --id country-profile-ke-2026
          $EDITOR "$(atrium new practice-note "Working with women's cooperatives")"
        """)

    @Argument(help: ArgumentHelp("The product type, e.g. guidance-note.", valueName: "TYPE"))
    var type: String

    @Argument(help: ArgumentHelp("The product's title, 5 to 200 characters (quote it).", valueName: "TITLE"))
    var title: String

    @Option(name: .long, help: ArgumentHelp("The owning unit (default: defaults.owner in atrium.yml).", valueName: "UNIT"))
    var owner: String?

    @Option(name: .long, help: ArgumentHelp("The product's id and file name (default: made from the title).", valueName: "ID"))
    var id: String?

    @Option(name: .long, help: ArgumentHelp("The language code (default: defaults.language, else the first of `languages`).", valueName: "CODE"))
    var language: String?

    @Option(name: .long, help: ArgumentHelp(
        "The knowledge repository's root folder (default: the nearest folder upwards that holds atrium.yml).", valueName: "DIR"))
    var root: String?

    @Option(name: .long, help: ArgumentHelp("The date to write as `date` (default: SOURCE_DATE_EPOCH, else today).", valueName: "YYYY-MM-DD"))
    var now: String?

    func validate() throws {
        if let now, CalendarDate(iso: now) == nil {
            throw ValidationError("--now must be a real date written YYYY-MM-DD, got `\(now)`")
        }
    }

    func run() throws {
        let root = self.root ?? RepositoryOptions.nearestRoot()
        let (configuration, library) = try RepositoryConfiguration.loadWithSchemas(root: root)
        let today = try RepositoryOptions.today(now)
        let draft: ProductScaffold.Draft
        do {
            draft = try ProductScaffold(configuration: configuration, library: library).draft(
                .init(type: type, title: title, id: id, owner: owner, language: language, today: today))
        } catch {
            throw CommandFailure.unusable("\(error)")
        }
        let target = URL(fileURLWithPath: root).appendingPathComponent(draft.path)
        if FileManager.default.fileExists(atPath: target.path) {
            throw CommandFailure.unusable("`\(draft.path)` already exists and is left as it is; choose another id with `--id`")
        }
        if let taken = Self.fileNamed(draft.id + ".md", under: root + "/" + configuration.contentDirectory) {
            throw CommandFailure.unusable("the id `\(draft.id)` is taken by `\(configuration.contentDirectory)/\(taken)`; choose another with `--id`")
        }
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            // `.withoutOverwriting`: a file that appeared since the check above is not replaced either.
            try Data(draft.text.utf8).write(to: target, options: .withoutOverwriting)
        } catch {
            throw CommandFailure.unusable("cannot write `\(draft.path)`: \(error.localizedDescription)")
        }
        print(Self.displayPath(target.path))
        let todo = draft.placeholders.isEmpty ? "" : " Fill in \(draft.placeholders.map { "`\($0)`" }.joined(separator: ", ")) (marked TODO),"
        FileHandle.standardError.write(Data("created \(draft.path).\(todo) then run `atrium check`; `atrium serve` previews it.\n".utf8))
    }

    /// A file with this name anywhere under `directory`, as a path relative to it.
    static func fileNamed(_ name: String, under directory: String) -> String? {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return nil }
        for case let path as String in enumerator where (path as NSString).lastPathComponent == name { return path }
        return nil
    }

    /// Relative to the current folder when the file is inside it, so it can be pasted.
    static func displayPath(_ path: String) -> String {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let file = URL(fileURLWithPath: path).standardizedFileURL.path
        return file.hasPrefix(current + "/") ? String(file.dropFirst(current.count + 1)) : file
    }
}
