import AtriumCore
import AtriumSite
import Foundation

/// One rebuild of the preview: the full check, then the portal synchronized into the preview
/// folder, so only files whose bytes changed are written and the last good site stays in place
/// when the check or the build fails.
public struct PreviewBuilder: Sendable {
    public struct Settings: Sendable {
        public var root: String
        public var output: String
        public var audience: SiteAudience
        public var baseURL: String
        public var history: CheckPipeline.HistoryMode
        public var now: @Sendable () -> CalendarDate

        public init(root: String, output: String, audience: SiteAudience, baseURL: String,
                    history: CheckPipeline.HistoryMode, now: @escaping @Sendable () -> CalendarDate) {
            self.root = root
            self.output = output
            self.audience = audience
            self.baseURL = baseURL
            self.history = history
            self.now = now
        }
    }

    /// What a rebuild gave: a site (with any warnings), or the problems that stopped it.
    public enum Result: Sendable {
        case built(summary: PortalBuilder.Summary, warnings: String, seconds: Double)
        /// The diagnostics as text (file:line:column, the line, a caret, help), for the terminal and the page.
        case failed(report: String, seconds: Double)
    }

    let settings: Settings

    public init(settings: Settings) {
        self.settings = settings
    }

    public func build() -> Result {
        let started = Date()
        let now = settings.now()
        let outcome = CheckPipeline().run(.init(root: settings.root, now: now, history: settings.history))
        let formatter = { (diagnostics: [Diagnostic]) -> String in
            let sources = outcome.sources
            let reader = DiagnosticSourceReader(root: outcome.repository?.root ?? settings.root,
                                                maximumSize: outcome.repository?.configuration.content.maxFileSize ?? ContentSettings().maxFileSize)
            return TextDiagnosticFormatter(sources: { path in sources[path] ?? reader.source(path) }, colored: false).format(DiagnosticReport(diagnostics: diagnostics, productCount: outcome.report.productCount))
        }
        guard outcome.configurationUsable, outcome.report.errorCount == 0 else {
            return .failed(report: formatter(outcome.report.diagnostics), seconds: Date().timeIntervalSince(started))
        }
        let sink = DiagnosticSink(policy: outcome.repository?.configuration.severityPolicy ?? SeverityPolicy())
        do {
            let summary = try PortalBuilder().build(outcome, options: .init(
                output: settings.output, audience: settings.audience, baseURL: settings.baseURL, now: now, writeMode: .synchronize), sink: sink)
            let warnings = outcome.report.diagnostics + sink.diagnostics.filter { $0.severity != .note }
            return .built(summary: summary, warnings: warnings.isEmpty ? "" : formatter(warnings), seconds: Date().timeIntervalSince(started))
        } catch {
            let report = formatter(sink.diagnostics) + "error: the portal was not built: \(error)\n"
            return .failed(report: report, seconds: Date().timeIntervalSince(started))
        }
    }
}
