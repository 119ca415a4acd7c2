import AtriumCore

/// How long products stay current: the per-type review intervals and the due-soon window.
public struct FreshnessPolicy: Sendable, Hashable {
    public var intervals: [String: ReviewInterval]
    public var dueSoonWindow: ReviewInterval
    /// Used for a type with no configured interval.
    public var fallbackInterval: ReviewInterval

    public init(intervals: [String: ReviewInterval], dueSoonWindow: ReviewInterval = .every(60, .day),
                fallbackInterval: ReviewInterval = .every(24, .month)) {
        self.intervals = intervals
        self.dueSoonWindow = dueSoonWindow
        self.fallbackInterval = fallbackInterval
    }

    public init(configuration: Configuration) {
        self.init(intervals: configuration.reviewIntervals, dueSoonWindow: configuration.freshness.dueSoonWindow)
    }
}

/// Where a product stands against its review interval.
public enum FreshnessState: String, Sendable, Hashable, CaseIterable, Codable {
    case current
    case dueSoon = "due-soon"
    case overdue
    /// Archived, superseded, or reviewed `never`.
    case exempt
    /// Changed in the work tree but not committed: treated as changed now.
    case uncommitted
}

/// The dates that decide a product's freshness, and the verdict.
public struct FreshnessAssessment: Sendable, Hashable {
    public var state: FreshnessState
    /// The later of the last substantive commit and `last_reviewed`.
    public var referenceDate: CalendarDate?
    /// Reference date plus the review interval; nil when exempt.
    public var due: CalendarDate?
    public var interval: ReviewInterval
    /// Days past due (positive) or until due (negative); nil when there is no due date.
    public var daysOverdue: Int?
}

/// What the freshness rule needs to know about one product.
public struct FreshnessInput: Sendable, Hashable {
    public var type: String?
    public var status: String?
    /// The product's own `review_interval`, already parsed.
    public var reviewIntervalOverride: ReviewInterval?
    public var lastReviewed: CalendarDate?
    /// Day of the last substantive commit (or, without git, the file's modification day).
    public var lastChanged: CalendarDate?
    public var uncommitted: Bool

    public init(type: String?, status: String?, reviewIntervalOverride: ReviewInterval?, lastReviewed: CalendarDate?,
                lastChanged: CalendarDate?, uncommitted: Bool) {
        self.type = type
        self.status = status
        self.reviewIntervalOverride = reviewIntervalOverride
        self.lastReviewed = lastReviewed
        self.lastChanged = lastChanged
        self.uncommitted = uncommitted
    }
}

extension FreshnessPolicy {
    /// Pure: (dates, policy, now) → state. Tested without git.
    public func assess(_ input: FreshnessInput, now: CalendarDate) -> FreshnessAssessment {
        let interval = input.reviewIntervalOverride ?? input.type.flatMap { intervals[$0] } ?? fallbackInterval
        let lastChanged = input.uncommitted ? now : input.lastChanged
        let reference = [lastChanged, input.lastReviewed].compactMap { $0 }.max()
        if input.status == "archived" || input.status == "superseded" || interval == .never {
            return FreshnessAssessment(state: .exempt, referenceDate: reference, due: nil, interval: interval, daysOverdue: nil)
        }
        guard let reference, let due = reference.adding(interval) else {
            return FreshnessAssessment(state: input.uncommitted ? .uncommitted : .current, referenceDate: reference, due: nil,
                                       interval: interval, daysOverdue: nil)
        }
        let daysOverdue = now.daysSinceEpoch - due.daysSinceEpoch
        let state: FreshnessState
        if input.uncommitted {
            state = .uncommitted
        } else if daysOverdue > 0 {
            state = .overdue
        } else if let windowStart = Self.subtract(dueSoonWindow, from: due), now >= windowStart {
            state = .dueSoon
        } else {
            state = .current
        }
        return FreshnessAssessment(state: state, referenceDate: reference, due: due, interval: interval, daysOverdue: daysOverdue)
    }

    private static func subtract(_ interval: ReviewInterval, from date: CalendarDate) -> CalendarDate? {
        switch interval {
        case .never: return nil
        case .every(let count, .day): return date.adding(days: -count)
        case .every(let count, .week): return date.adding(days: -7 * count)
        case .every(let count, .month): return date.adding(months: -count)
        case .every(let count, .year): return date.adding(months: -12 * count)
        }
    }
}
