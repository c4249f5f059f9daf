import Testing

@testable import ForbearCore

@Suite struct StrategyEngineTests {
    let engine = StrategyEngine()

    @Test(arguments: HoldKind.allCases)
    func noLetterOrFeeWhileAHoldForbidsIt(kind: HoldKind) {
        // given a Finnish case whose reminder is due, under a hold that started the same day
        var snapshot = makeCase(.FI, principal: "500.00", due: "2025-03-03")
        snapshot.holds = [Hold(id: "h1", kind: kind, start: day("2025-03-04"), end: day("2025-04-01"))]
        // when
        let decisions = engine.decide(snapshot, on: day("2025-03-10"), pack: pack(.FI))
        // then
        #expect(decisions.letters.isEmpty)
        #expect(decisions.fees.isEmpty)
        let wait = decisions.first { $0.action == .wait }!
        #expect(
            wait.reasons.contains { $0.ruleId == "hold.\(kind.rawValue)" && $0.nextPossibleAction == day("2025-04-01") }
        )
        #expect(wait.reasons.allSatisfy { !$0.legalBasis.isEmpty })
        // and the timeline resumes the day the hold ends
        #expect(
            engine.decide(snapshot, on: day("2025-04-01"), pack: pack(.FI)).letters.map(\.stepId) == ["FI.reminder"])
    }

    @Test func interestSkipsEveryDayAHoldFreezesIt() {
        // given 10,000.00 at 7.3 % (2.00 a day) and a 10-day breathing space inside a 31-day span
        var snapshot = makeCase(.GB, principal: "10000.00", due: "2025-01-01", rateBasisPoints: 730)
        snapshot.holds = [Hold(id: "b", kind: .breathingSpace, start: day("2025-01-11"), end: day("2025-01-21"))]
        // when
        let decisions = engine.decide(snapshot, on: day("2025-02-01"), pack: pack(.GB))
        // then 31 days less 10 frozen = 21 days = 42.00
        guard case .accrueInterest(_, let amount, let from, let through, let days) = decisions[0].action else {
            Issue.record("expected interest first, got \(decisions.map(\.action))"); return
        }
        #expect(amount == money("42.00", .GBP))
        #expect((from, through, days) == (day("2025-01-02"), day("2025-02-01"), 21))
        #expect(decisions[0].reasons[0].text.contains("10 days left out because a hold froze interest"))
    }

    @Test func aPaidCaseIsClosedAndCreditProposedForRefund() throws {
        var snapshot = makeCase(.NL, principal: "200.00", due: "2025-03-03")
        try snapshot.ledger.apply(
            Payment(id: "p", date: day("2025-03-10"), amount: money("250.00")), order: pack(.NL).componentOrder)
        let decisions = engine.decide(snapshot, on: day("2025-03-11"), pack: pack(.NL))
        #expect(decisions.map(\.action) == [.close])
        #expect(decisions[0].reasons.map(\.ruleId) == ["case.paid", "case.credit"])
        try snapshot.apply(decisions, on: day("2025-03-11"))
        #expect(engine.decide(snapshot, on: day("2025-03-12"), pack: pack(.NL)).isEmpty, "a closed case needs nothing")
    }

    @Test func aTimeBarredClaimStops() {
        let snapshot = makeCase(.GB, principal: "300.00", due: "2019-01-01")
        let decisions = engine.decide(snapshot, on: day("2025-01-01"), pack: pack(.GB))
        #expect(decisions.map(\.action) == [.stop])
        #expect(decisions[0].reasons[0].text.contains("time-barred since 2025-01-01"))
        #expect(engine.decide(snapshot, on: day("2024-12-31"), pack: pack(.GB)).map(\.action) != [.stop])
    }

    @Test func finnishRemindersAndPaymentsRestartTheLimitationClock() throws {
        var snapshot = makeCase(.FI, principal: "300.00", due: "2020-01-01")
        let rule = pack(.FI).limitation.value!
        #expect(Limitation.barredFrom(snapshot, rule: rule, asOf: day("2024-01-01")) == day("2023-01-01"))
        snapshot.steps = [
            StepTaken(
                stepId: "FI.reminder", occurrence: 1, date: day("2022-06-01"), channel: .letter,
                deadline: day("2022-06-15"))
        ]
        try snapshot.ledger.apply(
            Payment(id: "p", date: day("2024-05-01"), amount: money("10.00")), order: [.principal])
        #expect(Limitation.barredFrom(snapshot, rule: rule, asOf: day("2025-01-01")) == day("2027-05-01"))
        // a payment after the claim is barred does not revive it
        var late = makeCase(.FI, principal: "300.00", due: "2015-01-01")
        try late.ledger.apply(Payment(id: "p", date: day("2019-01-01"), amount: money("10.00")), order: [.principal])
        #expect(Limitation.barredFrom(late, rule: rule, asOf: day("2020-01-01")) == day("2018-01-01"))
    }

    @Test func danishWrittenAcknowledgementLengthensThePeriodToTenYears() {
        var snapshot = makeCase(.DK, principal: "3000.00", due: "2020-01-01")
        snapshot.limitationEvents = [LimitationRecord(.writtenAcknowledgement, on: day("2022-01-01"))]
        #expect(
            Limitation.barredFrom(snapshot, rule: pack(.DK).limitation.value!, asOf: day("2025-01-01"))
                == day("2032-01-01"))
    }

    @Test func aCrisisHoldEscalatesUrgentlyOnceAndStopsEverything() throws {
        var snapshot = makeCase(.FI, principal: "500.00", due: "2025-03-03", rateBasisPoints: 1000)
        snapshot.holds = [Hold(id: "c", kind: .crisis, start: day("2025-03-05"))]
        let first = engine.decide(snapshot, on: day("2025-03-05"), pack: pack(.FI))
        #expect(first.map(\.action).contains(.escalateToSpecialist(priority: .urgent)))
        #expect(first.letters.isEmpty && first.fees.isEmpty)
        // interest is due for 03-04 only, the day before the hold; 03-05 is frozen
        let accrued = first.compactMap { d -> Int? in
            if case .accrueInterest(_, _, _, _, let days) = d.action { return days }
            return nil
        }
        #expect(accrued == [1])
        try snapshot.apply(first, on: day("2025-03-05"))
        #expect(
            !engine.decide(snapshot, on: day("2025-03-06"), pack: pack(.FI)).map(\.action)
                .contains(.escalateToSpecialist(priority: .urgent)))
    }

    @Test func breathingSpaceMidpointReviewIsRaisedOnceInTheWindow() throws {
        var snapshot = makeCase(.GB, principal: "500.00", due: "2025-01-01")
        snapshot.holds = [Hold(id: "b", kind: .breathingSpace, start: day("2025-02-01"))]
        let log = walk(&snapshot, from: day("2025-02-01"), through: day("2025-04-30"))
        let reviews = log.filter { $0.1.contains { $0.action == .reviewDue(.breathingSpaceMidpoint) } }.map(\.0)
        #expect(reviews == [day("2025-02-25")])
        #expect(snapshot.steps.first?.date == day("2025-04-02"), "first letter the day the 60 days end")
    }

    @Test func noRealisticAbilityToPayRefersToTheCreditorInsteadOfWriting() throws {
        var snapshot = makeCase(.NL, principal: "900.00", due: "2025-03-03")
        snapshot.affordability = AffordabilitySummary(assessedOn: day("2025-03-03"), verdict: .noRealisticAbility)
        let log = walk(&snapshot, from: day("2025-03-03"), through: day("2025-05-01"))
        #expect(snapshot.steps.isEmpty)
        #expect(log.filter { $0.1.contains { $0.action == .referToCreditor } }.count == 1)
        #expect(snapshot.referredToCreditorOn == day("2025-03-03"))
    }

    @Test(arguments: [AffordabilitySummary.Verdict.noCapacity, .incomplete])
    func noCapacityOrAVagueStatementMeansNoPaymentRequests(verdict: AffordabilitySummary.Verdict) {
        var snapshot = makeCase(.BE, principal: "400.00", due: "2025-03-03")
        snapshot.affordability = AffordabilitySummary(assessedOn: day("2025-03-03"), verdict: verdict)
        walk(&snapshot, from: day("2025-03-03"), through: day("2025-05-01"))
        #expect(snapshot.steps.isEmpty)
    }

    @Test func aBrokenPlanNeedsANewAffordabilityCheckBeforeAnyLetter() {
        var snapshot = makeCase(.FI, principal: "800.00", due: "2025-01-01")
        snapshot.plan = PlanSummary(state: .broken, since: day("2025-03-01"))
        snapshot.affordability = AffordabilitySummary(assessedOn: day("2025-01-15"), verdict: .affordable)
        walk(&snapshot, from: day("2025-03-01"), through: day("2025-03-20"))
        #expect(snapshot.steps.isEmpty)
        #expect(snapshot.reviews.map(\.kind) == [.affordability])
        snapshot.affordability = AffordabilitySummary(assessedOn: day("2025-03-21"), verdict: .affordable)
        walk(&snapshot, from: day("2025-03-21"), through: day("2025-03-21"))
        #expect(snapshot.steps.map(\.stepId) == ["FI.reminder"])
    }

    @Test func anActivePlanReplacesTheLetterTimeline() {
        var snapshot = makeCase(.DK, principal: "800.00", due: "2025-01-01")
        snapshot.plan = PlanSummary(state: .active, since: day("2025-01-02"))
        walk(&snapshot, from: day("2025-01-01"), through: day("2025-03-01"))
        #expect(snapshot.steps.isEmpty)
    }

    @Test func handleWithCareCasesGetLettersWithoutCollectionCosts() {
        var snapshot = makeCase(.FI, principal: "500.00", due: "2025-03-03")
        snapshot.handleWithCare = true
        let log = walk(&snapshot, from: day("2025-03-03"), through: day("2025-04-30"))
        #expect(snapshot.steps.count == 3)
        #expect(snapshot.ledger.balance(of: .fee).isZero)
        let reminder = log.first { $0.0 == day("2025-03-04") }!.1[0]
        #expect(reminder.reasons.contains { $0.ruleId == "policy.handleWithCare.noFees" })
        var charging = makeCase(.FI, principal: "500.00", due: "2025-03-03")
        charging.handleWithCare = true
        walk(
            &charging, from: day("2025-03-03"), through: day("2025-03-04"),
            engine: StrategyEngine(settings: EngineSettings(waiveFeesWhenHandleWithCare: false)))
        #expect(charging.ledger.balance(of: .fee) == money("5.00"))
    }

    @Test func aVulnerabilityReviewDateRaisesAReviewOnce() {
        var snapshot = makeCase(.IT, principal: "500.00", due: "2025-03-03")
        snapshot.handleWithCare = true
        snapshot.vulnerabilityReviewOn = day("2025-03-10")
        walk(&snapshot, from: day("2025-03-03"), through: day("2025-03-20"))
        #expect(snapshot.reviews.filter { $0.kind == .vulnerability }.map(\.date) == [day("2025-03-10")])
    }

    @Test func theFrequencyCapDelaysALetterAndSaysUntilWhen() {
        var snapshot = makeCase(.FI, principal: "500.00", due: "2025-03-03")
        snapshot.contact.history = [
            ContactRecord(date: day("2025-03-01"), channel: .phone),
            ContactRecord(date: day("2025-03-02"), channel: .sms),
            ContactRecord(date: day("2025-03-03"), channel: .phone),
        ]
        let decisions = engine.decide(snapshot, on: day("2025-03-04"), pack: pack(.FI))
        #expect(decisions.letters.isEmpty)
        #expect(decisions[0].nextPossibleAction == day("2025-03-08"))
    }

    @Test func everyDecisionCarriesReasonsWithALegalBasis() {
        for country in [Country.FI, .NL, .BE, .DK, .IT, .GB] {
            var snapshot = makeCase(country, principal: "1234.56", due: "2025-01-01", rateBasisPoints: 800)
            let log = walk(&snapshot, from: day("2025-01-01"), through: day("2025-06-30"))
            for (_, ds) in log {
                for d in ds {
                    #expect(!d.reasons.isEmpty)
                    #expect(d.reasons.allSatisfy { !$0.text.isEmpty && !$0.legalBasis.isEmpty && !$0.ruleId.isEmpty })
                }
            }
        }
    }
}
