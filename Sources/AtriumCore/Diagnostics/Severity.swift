/// How serious a diagnostic is. `error` fails `atrium check`; `warning` is reported only.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 2
        case .warning: 1
        case .note: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// What an organization may set a rule to in `atrium.yml`.
public enum RuleLevel: String, Sendable, Codable, CaseIterable {
    case error
    case warning
    case off

    public var severity: Severity? {
        switch self {
        case .error: .error
        case .warning: .warning
        case .off: nil
        }
    }
}
