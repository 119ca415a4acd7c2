import Foundation

/// Collects diagnostics from every stage. Stages report and carry on: a compiler that stops
/// at the first problem wastes an author's afternoon. Safe to use from several tasks.
public final class DiagnosticSink: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [Diagnostic] = []
    private let policy: SeverityPolicy

    public init(policy: SeverityPolicy = SeverityPolicy()) {
        self.policy = policy
    }

    /// Records a diagnostic after applying the organization's severity overrides;
    /// a rule set to `off` is dropped here, deliberately and only here.
    public func report(_ diagnostic: Diagnostic) {
        guard let severity = policy.severity(for: diagnostic.rule, default: diagnostic.severity) else { return }
        var diagnostic = diagnostic
        diagnostic.severity = severity
        lock.lock()
        collected.append(diagnostic)
        lock.unlock()
    }

    public func report(contentsOf diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { report(diagnostic) }
    }

    /// Everything reported so far, in stable order, without exact duplicates.
    public var diagnostics: [Diagnostic] {
        lock.lock()
        defer { lock.unlock() }
        // Exact duplicates only, compared byte for byte: Swift's String equality would merge the
        // diagnostics of two files whose names differ only in Unicode normalization.
        var seen = Set<[UInt8]>()
        return collected.sorted().filter { diagnostic in
            let key = "\(diagnostic.rule.id)\u{0}\(diagnostic.span?.file ?? "")\u{0}\(diagnostic.span?.start.line ?? 0):\(diagnostic.span?.start.column ?? 0)\u{0}\(diagnostic.message)"
            return seen.insert(Array(key.utf8)).inserted
        }
    }

    /// Errors reported so far, repeats included: enough to tell whether a stage added one, without
    /// sorting everything as `diagnostics` does.
    public var reportedErrorCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return collected.reduce(0) { $0 + ($1.severity == .error ? 1 : 0) }
    }
}

/// Per-rule severity overrides from `atrium.yml` (`rules: {freshness/overdue: error}`).
public struct SeverityPolicy: Sendable, Hashable {
    public var overrides: [String: RuleLevel]

    public init(overrides: [String: RuleLevel] = [:]) {
        self.overrides = overrides
    }

    /// The severity to report with, or nil when the rule is switched off.
    /// Rules that make a file impossible to read cannot be lowered: they are always errors.
    public func severity(for rule: RuleID, default severity: Severity) -> Severity? {
        guard rule.isConfigurable, let level = overrides[rule.id] else { return severity }
        return level.severity
    }
}
