import ArgumentParser
import AtriumCore
import AtriumSite
import Foundation

extension SiteAudience: ExpressibleByArgument {}

/// `atrium build`: the check, then the portal.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Check the repository, then compile the portal.",
        discussion: """
        The full check runs first: with any error the build stops and says which; warnings are printed and \
        the build goes on. The site is written to a temporary folder beside --out and swapped in only when \
        complete, so a failed or interrupted build leaves the previous site as it was.

        --audience public (the default) contains only public, published products, and nothing internal in any \
        form. --audience internal contains everything, with internal products marked.

        On a terminal, a progress bar counts files loaded and validated and pages rendered; it is not shown \
        when standard error is piped or with --quiet. --verbose prints how long each stage took.

        Exit status: 0 built, 1 errors (nothing written), 2 unusable arguments or atrium.yml.

        Examples:
          atrium build
          atrium build --out public --base-url https://knowledge.example.org/
          atrium build --audience internal --out _staff --now 2026-01-31
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, help: ArgumentHelp("The folder to write the site to.", valueName: "DIR"))
    var out = "_site"

    @Option(name: .long, help: "Who the site is for: public or internal.")
    var audience: SiteAudience = .public

    @Option(name: .long, help: ArgumentHelp("The address the site is served from (default: site.base_url in atrium.yml).", valueName: "URL"))
    var baseURL: String?

    @Flag(name: .long, help: "Print how long each stage took (to standard error).")
    var verbose = false

    @Flag(name: .long, help: "No progress bar and no closing summary; only problems are printed.")
    var quiet = false

    func validate() throws {
        if let baseURL {
            guard let url = URL(string: baseURL), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()), url.host != nil else {
                throw ValidationError("--base-url must be an absolute http(s) address such as https://knowledge.example.org/, got `\(baseURL)`")
            }
        }
    }

    func run() throws {
        let started = Date()
        let now = try repository.resolvedNow()
        let progress = TerminalProgress.make(quiet: quiet)
        // The check's parse of each public body renders it for the page as well.
        let bodies = PrerenderedBodies(audience: audience, baseURL: baseURL, now: now)
        let outcome = CheckPipeline().run(.init(root: repository.resolvedRoot, now: now, history: repository.historyMode, progress: progress,
                                                bodyHook: { bodies.prepare($0) }))
        let root = outcome.repository?.root ?? repository.resolvedRoot
        var sources = outcome.sources
        let colored = ColorChoice.shouldColor(fileDescriptor: STDERR_FILENO)
        let reader = DiagnosticSourceReader(root: root, maximumSize: outcome.repository?.configuration.content.maxFileSize ?? ContentSettings().maxFileSize)
        func printDiagnostics(_ diagnostics: [Diagnostic], productCount: Int) {
            for diagnostic in diagnostics {
                if let file = diagnostic.span?.file, sources[file] == nil, let text = reader.source(file) {
                    sources[file] = text
                }
            }
            let known = sources
            let report = DiagnosticReport(diagnostics: diagnostics, productCount: productCount)
            guard !diagnostics.isEmpty else { return }
            FileHandle.standardError.write(Data(TextDiagnosticFormatter(sources: { known[$0] }, colored: colored).format(report).utf8))
        }
        printDiagnostics(outcome.report.diagnostics, productCount: outcome.report.productCount)
        if verbose { StageTimings.print(outcome.timings) }
        if !outcome.configurationUsable { throw ExitCode(2) }
        if outcome.report.errorCount > 0 {
            let count = outcome.report.errorCount
            FileHandle.standardError.write(Data("error: not building: the check found \(count) error\(count == 1 ? "" : "s") (above); `\(out)` is unchanged\n".utf8))
            throw ExitCode(1)
        }
        let sink = DiagnosticSink(policy: outcome.repository?.configuration.severityPolicy ?? SeverityPolicy())
        // The repository's model is freed by the exit, not object by object (`ExitRetention`).
        ExitRetention.keep(outcome)
        var options = PortalBuilder.Options(output: out, audience: audience, baseURL: baseURL, now: now, progress: progress, prerendered: bodies)
        options.keepsModelsUntilExit = true
        let summary: PortalBuilder.Summary
        do {
            summary = try PortalBuilder().build(outcome, options: options, sink: sink)
        } catch {
            printDiagnostics(sink.diagnostics, productCount: outcome.report.productCount)
            FileHandle.standardError.write(Data("error: not building: \(error); `\(out)` is unchanged\n".utf8))
            throw ExitCode(1)
        }
        printDiagnostics(sink.diagnostics, productCount: outcome.report.productCount)
        if verbose { StageTimings.print(summary.timings) }
        let seconds = Date().timeIntervalSince(started)
        guard !quiet else { return }
        print(String(format: "built %d products (%@): %d pages, %d files in `%@` in %.2f s",
                     summary.products, audience.rawValue, summary.pages, summary.files, out, seconds))
    }
}
