/// How long a product stays current after its reference date: `24 months`, `60 days`, `never`.
public enum ReviewInterval: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case day, week, month, year
    }

    case never
    case every(Int, Unit)

    /// Parses `N day(s)|week(s)|month(s)|year(s)` or `never`; nil for anything else.
    public init?(parsing text: String) {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" })
        if words == ["never"] {
            self = .never
            return
        }
        guard words.count == 2, let count = Int(words[0]), count > 0 else { return nil }
        var unitWord = String(words[1])
        if unitWord.hasSuffix("s") { unitWord.removeLast() }
        guard let unit = Unit(rawValue: unitWord) else { return nil }
        self = .every(count, unit)
    }

    public var description: String {
        switch self {
        case .never: return "never"
        case .every(let count, let unit): return "\(count) \(unit.rawValue)\(count == 1 ? "" : "s")"
        }
    }
}
