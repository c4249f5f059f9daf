import Testing

@testable import ForbearCore

/// What the portal tells a customer happens next: a hold wins over a plan, a plan over the last letter's date.
@Suite struct CaseOutlookTests {
    let today = day("2026-03-10")

    @Test func theLastLettersDateWhenNothingElseGoverns() {
        var s = makeCase(.FI, principal: "100.00", due: "2026-01-01")
        #expect(CaseOutlook.of(s, on: today) == .notStarted)
        s.steps = [
            StepTaken(
                stepId: "reminder", occurrence: 1, date: day("2026-02-01"), channel: .letter,
                deadline: day("2026-02-15")),
            StepTaken(
                stepId: "demand", occurrence: 1, date: day("2026-03-01"), channel: .letter, deadline: day("2026-03-15")),
        ]
        #expect(CaseOutlook.of(s, on: today) == .payBy(day("2026-03-15")))
        s.plan = PlanSummary(state: .active, since: day("2026-03-05"))
        #expect(CaseOutlook.of(s, on: today) == .plan(.active))
        s.plan = PlanSummary(state: .broken, since: day("2026-03-09"))
        #expect(CaseOutlook.of(s, on: today) == .payBy(day("2026-03-15")))
    }

    @Test func theLongestHoldThatStopsPaymentRequestsWins() {
        var s = makeCase(.GB, principal: "100.00", due: "2026-01-01")
        s.plan = PlanSummary(state: .active, since: day("2026-03-05"))
        s.holds = [
            Hold(id: "p", kind: .paymentPause, start: day("2026-03-01")),
            Hold(id: "a", kind: .adviceHold, start: day("2026-03-05")),
        ]
        #expect(CaseOutlook.of(s, on: today) == .onHold(.adviceHold, until: day("2026-04-04")))
        // a hold without an end (a dispute) lasts until it is lifted
        s.holds.append(Hold(id: "d", kind: .dispute, start: day("2026-03-09")))
        #expect(CaseOutlook.of(s, on: today) == .onHold(.dispute, until: nil))
        // a lifted hold no longer counts
        s.holds[2].liftedOn = day("2026-03-10")
        #expect(CaseOutlook.of(s, on: today) == .onHold(.adviceHold, until: day("2026-04-04")))
    }

    @Test func aPaidOrClosedCaseIsClosed() {
        var s = makeCase(.NL, principal: "100.00", due: "2026-01-01")
        s.closedOn = day("2026-03-01")
        #expect(CaseOutlook.of(s, on: today) == .closed)
    }
}
