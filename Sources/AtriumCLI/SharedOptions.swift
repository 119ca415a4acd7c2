import ArgumentParser
import AtriumCore
import AtriumSite
import Foundation

/// Options every subcommand that reads a repository shares.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The knowledge repository's root folder (default: the nearest folder upwards that holds atrium.yml).", valueName: "DIR"))
    var root: String?

    /// `--root`, else the nearest folder upwards with an `atrium.yml`.
    var resolvedRoot: String { root ?? Self.nearestRoot() }

    /// The nearest folder from the current one upwards with an `atrium.yml` (as git finds
    /// `.git`), else the current folder, whose missing atrium.yml is then reported.
    static func nearestRoot() -> String {
        var url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("atrium.yml").path) { return url.path }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return "." }
            url = parent
        }
    }

    @Option(name: .long, help: ArgumentHelp(
        "Today's date for date rules and freshness (default: SOURCE_DATE_EPOCH, else the clock).", valueName: "YYYY-MM-DD"))
    var now: String?

    @Flag(name: .long, help: "Go on with a shallow clone, treating last-change dates as lower bounds.")
    var allowShallow = false

    @Flag(name: .long, help: "Use file modification dates instead of git history (approximate; warns).")
    var noGit = false

    @Flag(name: .long, help: "Ignore and do not write the history cache in .atrium-cache/.")
    var noCache = false

    /// Where last-change dates come from, by the flags.
    var historyMode: CheckPipeline.HistoryMode {
        noGit ? .fileDates : .git(allowShallow: allowShallow, useCache: !noCache)
    }

    func validate() throws {
        if let now, CalendarDate(iso: now) == nil {
            throw ValidationError("--now must be a real date written YYYY-MM-DD, got `\(now)`")
        }
    }

    /// "Now", by `today(_:)`.
    func resolvedNow(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CalendarDate {
        try Self.today(now, environment: environment)
    }

    /// "Now": `--now`, else `SOURCE_DATE_EPOCH` (for reproducible builds), else the clock.
    static func today(_ now: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CalendarDate {
        if let now, let date = CalendarDate(iso: now) { return date }
        if let epoch = environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            guard let seconds = Int64(epoch) else {
                throw ValidationError("SOURCE_DATE_EPOCH must be a number of seconds, got `\(epoch)`")
            }
            return CalendarDate(unixTime: seconds)
        }
        return CalendarDate(unixTime: Int64(Date().timeIntervalSince1970))
    }
}

/// Whether to colour terminal output: only on a terminal, never with NO_COLOR set.
enum ColorChoice {
    static func shouldColor(fileDescriptor: Int32 = STDOUT_FILENO) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(fileDescriptor) == 1
    }
}

/// `--verbose`: how long each stage took, one line a stage, on standard error: wall seconds,
/// and the CPU seconds of the whole process meanwhile (twice the wall time: both cores busy).
enum StageTimings {
    static func print(_ timings: [StageTiming]) {
        for timing in timings {
            let cpu = switch timing.cpu {
            case .process(let seconds): String(format: "   cpu %8.3f s", seconds)
            case .ownThread(let seconds): String(format: "   cpu %8.3f s (its own thread)", seconds)
            case nil: "   (its own thread)"
            }
            FileHandle.standardError.write(Data((timing.stage.padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(format: " %8.3f s", timing.seconds) + cpu + "\n").utf8))
        }
        // Work done beside the stages (the history cache is written while files load).
        for (name, seconds) in BackgroundWork.takeTimings() {
            FileHandle.standardError.write(Data((name + String(format: " %8.3f s   (in the background, beside the stages)\n", seconds)).utf8))
        }
    }
}
