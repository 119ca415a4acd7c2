import AtriumCore
import AtriumFreshness
import Testing

@Suite("Freshness policy")
struct FreshnessPolicyTests {
    let policy = FreshnessPolicy(intervals: ["guidance-note": .every(24, .month), "end-of-assignment-report": .never],
                                 dueSoonWindow: .every(60, .day))
    let now = CalendarDate(iso: "2026-06-30")!

    private func input(type: String = "guidance-note", status: String = "published", override: ReviewInterval? = nil,
                       reviewed: String? = nil, changed: String?, uncommitted: Bool = false) -> FreshnessInput {
        FreshnessInput(type: type, status: status, reviewIntervalOverride: override,
                       lastReviewed: reviewed.flatMap { CalendarDate(iso: $0) }, lastChanged: changed.flatMap { CalendarDate(iso: $0) },
                       uncommitted: uncommitted)
    }

    @Test("current, due soon and overdue around the due date")
    func states() {
        #expect(policy.assess(input(changed: "2025-01-01"), now: now).state == .current)
        let dueSoon = policy.assess(input(changed: "2024-08-01"), now: now)
        #expect(dueSoon.state == .dueSoon)
        #expect(dueSoon.due?.description == "2026-08-01")
        let overdue = policy.assess(input(changed: "2024-06-29"), now: now)
        #expect(overdue.state == .overdue)
        #expect(overdue.daysOverdue == 1)
        #expect(policy.assess(input(changed: "2024-06-30"), now: now).state == .dueSoon, "due today is not yet overdue")
    }

    @Test("last_reviewed resets the clock when it is later than the last change")
    func lastReviewed() {
        let assessment = policy.assess(input(reviewed: "2026-01-15", changed: "2020-01-01"), now: now)
        #expect(assessment.state == .current)
        #expect(assessment.referenceDate?.description == "2026-01-15")
        #expect(policy.assess(input(reviewed: "2019-01-01", changed: "2020-01-01"), now: now).referenceDate?.description == "2020-01-01")
    }

    @Test("a product's own review_interval overrides its type's")
    func override() {
        #expect(policy.assess(input(override: .every(6, .month), changed: "2025-10-01"), now: now).state == .overdue)
        #expect(policy.assess(input(override: .every(10, .year), changed: "2020-01-01"), now: now).state == .current)
    }

    @Test("archived, superseded and never-reviewed products are exempt")
    func exempt() {
        #expect(policy.assess(input(status: "archived", changed: "2001-01-01"), now: now).state == .exempt)
        #expect(policy.assess(input(status: "superseded", changed: "2001-01-01"), now: now).state == .exempt)
        #expect(policy.assess(input(type: "end-of-assignment-report", changed: "2001-01-01"), now: now).state == .exempt)
        #expect(policy.assess(input(override: .never, changed: "2001-01-01"), now: now).due == nil)
    }

    @Test("uncommitted changes count as changed now")
    func uncommitted() {
        let assessment = policy.assess(input(changed: "2001-01-01", uncommitted: true), now: now)
        #expect(assessment.state == .uncommitted)
        #expect(assessment.referenceDate == now)
    }

    @Test("a type without a configured interval uses 24 months")
    func fallback() {
        #expect(policy.assess(input(type: "new-type", changed: "2024-06-01"), now: now).state == .overdue)
    }
}
