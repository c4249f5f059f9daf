import Testing

@testable import ForbearCore

@Suite struct HoldTests {
    @Test func defaultLengthsFollowTheRules() {
        let start = day("2025-05-01")
        #expect(Hold(id: "h", kind: .breathingSpace, start: start).end == day("2025-06-30"))  // 60 days
        #expect(Hold(id: "h", kind: .adviceHold, start: start).end == day("2025-05-31"))  // 30 days
        #expect(Hold(id: "h", kind: .dispute, start: start).end == nil)  // until resolved
        #expect(Hold(id: "h", kind: .adviceHold, start: start).extended(by: 30).end == day("2025-06-30"))
    }

    @Test func aHoldAppliesFromItsStartUntilTheDayBeforeItsEndOrLifting() {
        var hold = Hold(id: "h", kind: .paymentPause, start: day("2025-05-01"), end: day("2025-05-10"))
        #expect(!hold.isActive(on: day("2025-04-30")))
        #expect(hold.isActive(on: day("2025-05-01")))
        #expect(hold.isActive(on: day("2025-05-09")))
        #expect(!hold.isActive(on: day("2025-05-10")))
        hold.liftedOn = day("2025-05-05")
        #expect(!hold.isActive(on: day("2025-05-05")))
    }

    @Test func mentalHealthCrisisBreathingSpaceLastsTheTreatmentPlusThirtyDays() {
        var hold = Hold(id: "h", kind: .mentalHealthCrisisBreathingSpace, start: day("2025-01-01"))
        #expect(hold.isActive(on: day("2026-01-01")), "open-ended while treatment lasts")
        hold.treatmentEndedOn = day("2025-03-01")
        #expect(hold.isActive(on: day("2025-03-31")))
        #expect(!hold.isActive(on: day("2025-04-01")))
    }

    @Test func aStandardBreathingSpaceAtMostOnceInTwelveMonths() throws {
        let first = Hold(id: "a", kind: .breathingSpace, start: day("2025-01-15"))
        let tooSoon = Hold(id: "b", kind: .breathingSpace, start: day("2026-01-14"))
        let fine = Hold(id: "c", kind: .breathingSpace, start: day("2026-01-15"))
        #expect(throws: HoldRefusal.breathingSpaceWithinTwelveMonths(previousStart: day("2025-01-15"))) {
            try HoldRules.check(tooSoon, existing: [first])
        }
        try HoldRules.check(fine, existing: [first])
        #expect(throws: HoldRefusal.endBeforeStart) {
            try HoldRules.check(
                Hold(id: "d", kind: .dispute, start: day("2025-02-02"), end: day("2025-02-01")), existing: [])
        }
    }

    @Test func everyKindDeclaresItsEffectsAndLegalBasis() {
        for kind in HoldKind.allCases {
            let e = kind.effects
            #expect(e.stopsPaymentRequests, "\(kind): every hold stops payment requests")
            #expect(e.allowsLegallyRequiredNotices)
            #expect(!kind.legalBasis.isEmpty)
        }
        #expect(HoldKind.breathingSpace.effects == .all)
        #expect(!HoldKind.complaint.effects.stopsInterest)
    }

    @Test func breathingSpaceMidpointReviewIsDays25To35() {
        let hold = Hold(id: "h", kind: .breathingSpace, start: day("2025-01-01"))
        #expect(HoldRules.midpointReviewWindow(hold) == day("2025-01-25")...day("2025-02-04"))
        #expect(HoldRules.midpointReviewWindow(Hold(id: "x", kind: .dispute, start: day("2025-01-01"))) == nil)
    }
}
