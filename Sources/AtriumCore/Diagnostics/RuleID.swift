/// A named rule, like `yaml/duplicate-key` or `schema/required`: what authors see in brackets,
/// what `atrium explain` describes and what `atrium.yml` can set to error, warning or off.
public struct RuleID: Hashable, Sendable, CustomStringConvertible {
    public let id: String
    public let defaultSeverity: Severity
    /// One line: what the rule checks.
    public let summary: String
    /// One paragraph for `atrium explain`: why the rule exists and how to satisfy it.
    public let explanation: String
    /// False for rules whose violation makes a file unreadable; those stay errors whatever the configuration says.
    public let isConfigurable: Bool

    public init(_ id: String, _ defaultSeverity: Severity, summary: String, explanation: String,
                isConfigurable: Bool = true) {
        self.id = id
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.explanation = explanation
        self.isConfigurable = isConfigurable
    }

    public var description: String { id }

    public static func == (lhs: RuleID, rhs: RuleID) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
