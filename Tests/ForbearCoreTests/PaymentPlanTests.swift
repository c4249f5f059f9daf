import Testing

@testable import ForbearCore

@Suite struct PaymentPlanTests {
    let policy = CreditorPolicy.standard(.EUR)

    func assessment(_ monthly: String) -> AffordabilityAssessment {
        let w = Waterfall(
            income: money("0.00"), fixedCosts: money("0.00"), flexibleCosts: money("0.00"), savings: money("0.00"),
            availableForPriorityDebts: money(monthly), priorityDebtPayments: money("0.00"),
            availableForNonPriorityDebts: money(monthly), protectedIncome: nil, capacity: money(monthly),
            thisCreditorShare: money(monthly), shares: [money(monthly)])
        return AffordabilityAssessment(
            assessedOn: day("2025-05-01"), waterfall: w, outcome: .affordable(monthly: money(monthly)),
            recommendations: [.offerPlan], reasons: [], guidelineNotes: [])
    }

    @Test func aProposalPaysExactlyTheBalanceWithinTheAffordableAmount() throws {
        let p = try PaymentPlanner(policy: policy).propose(
            balance: money("1000.00"), assessment: assessment("51.73"), frequency: .monthly, start: day("2025-06-01"),
            pack: pack(.GB))
        #expect(p.instalment == money("51.73"))
        #expect(p.count == 20)
        #expect(p.lastInstalment == money("17.13"))  // 19 × 51.73 = 982.87
        #expect(p.monthlyEquivalent.minorUnits <= money("51.73").minorUnits)
        let weekly = try PaymentPlanner(policy: policy).propose(
            balance: money("1000.00"), assessment: assessment("51.73"), frequency: .weekly, start: day("2025-06-02"),
            pack: pack(.GB))
        #expect(weekly.instalment == money("11.93"))  // 51.73 × 12 / 52 rounded down
        #expect(weekly.monthlyEquivalent.minorUnits <= money("51.73").minorUnits)
    }

    @Test func aPlanAboveWhatIsAffordableIsRefusedKindly() {
        do {
            _ = try PaymentPlanner(policy: policy).plan(
                balance: money("1000.00"), instalment: money("200.00"), frequency: .monthly, start: day("2025-06-01"),
                affordableMonthly: money("51.73"), pack: pack(.NL))
            Issue.record("must be refused")
        } catch {
            #expect(error == .aboveAffordable(monthly: money("200.00"), affordable: money("51.73")))
            #expect(error.description.contains("we don't want you to pay more than you can"))
        }
    }

    @Test func policyLimitsAreEnforced() {
        let planner = PaymentPlanner(policy: policy)
        #expect(throws: PlanRefusal.belowMinimum(monthly: money("3.00"), minimum: money("5.00"))) {
            try planner.plan(
                balance: money("100.00"), instalment: money("3.00"), frequency: .monthly, start: day("2025-06-01"),
                affordableMonthly: money("50.00"), pack: pack(.NL))
        }
        #expect(throws: PlanRefusal.tooLong(months: 100, max: 60)) {
            try planner.plan(
                balance: money("1000.00"), instalment: money("10.00"), frequency: .monthly, start: day("2025-06-01"),
                affordableMonthly: money("50.00"), pack: pack(.NL))
        }
        #expect(throws: PlanRefusal.notAffordable(.noCapacity)) {
            var a = assessment("0.00")
            a.outcome = .noCapacity(token: nil)
            return try planner.propose(
                balance: money("100.00"), assessment: a, frequency: .monthly, start: day("2025-06-01"), pack: pack(.NL))
        }
    }

    @Test func theFinnishPlanFeeIsChargedOnlyOnceItsBandsAreConfirmed() throws {
        let planner = PaymentPlanner(policy: policy)
        let shipped = try planner.propose(
            balance: money("500.00"), assessment: assessment("50.00"), frequency: .monthly, start: day("2025-06-01"),
            pack: pack(.FI))
        #expect(shipped.fee == nil)
        #expect(shipped.reasons.contains { $0.ruleId == "FI.planFee" && $0.text.contains("UNCONFIRMED") })
        var confirmed = pack(.FI)
        confirmed.fees[confirmed.fees.firstIndex { $0.id == "FI.planFee" }!].status = .confirmed
        for (balance, fee) in [("80.00", "20.00"), ("500.00", "30.00"), ("5000.00", "50.00")] {
            let p = try planner.propose(
                balance: money(balance), assessment: assessment("100.00"), frequency: .monthly,
                start: day("2025-06-01"), pack: confirmed)
            #expect(p.fee?.amount == money(fee))
        }
    }

    func plan(_ count: Int = 6) throws -> PaymentPlan {
        let p = try PaymentPlanner(policy: policy).plan(
            balance: money("\(count * 50).00"), instalment: money("50.00"), frequency: .monthly,
            start: day("2025-06-01"),
            affordableMonthly: money("50.00"), pack: pack(.GB))
        return PaymentPlan(id: "plan-1", proposal: p, policy: policy, acceptedOn: day("2025-05-20"))
    }

    @Test func aLateInstalmentWithinToleranceGetsANudgeNotABreach() throws {
        var p = try plan()
        #expect(p.review(on: day("2025-06-01")).isEmpty)
        let events = p.review(on: day("2025-06-04")).map(\.0)
        #expect(events == [.nudge(instalment: 1)])
        #expect(p.state == .active)
        #expect(p.review(on: day("2025-06-05")).isEmpty, "one nudge per instalment")
        p.pay(money("50.00"), on: day("2025-06-06"))
        #expect(p.review(on: day("2025-06-20")).isEmpty && p.state == .active)
    }

    @Test func aPlanAtRiskGetsAReviewOfferBeforeItCanBreak() throws {
        var p = try plan()
        var log: [(LocalDate, PlanEvent)] = []
        var d = day("2025-06-01")
        while d <= day("2025-09-30") {
            log += p.review(on: d).map { (d, $0.0) }
            d = d.adding(days: 1)
        }
        let states = log.map(\.1).filter {
            $0 != .nudge(instalment: 1) && $0 != .nudge(instalment: 2) && $0 != .nudge(instalment: 3)
                && $0 != .nudge(instalment: 4)
        }
        #expect(states == [.reviewOffer, .broken])
        let offer = log.first { $0.1 == .reviewOffer }!.0
        let broke = log.first { $0.1 == .broken }!.0
        #expect(offer == day("2025-06-09"), "first instalment missed after 7 days' grace")
        #expect(broke == day("2025-08-09"), "third missed instalment exceeds the two allowed")
        #expect(p.state == .broken && p.summary.since == broke)
    }

    @Test func delayAndSkipKeepThePlanOnTrack() throws {
        var p = try plan()
        try p.delay(instalment: 1, to: day("2025-06-15"))
        #expect(throws: PlanChangeRefusal.delayTooLong(maxDays: 14)) {
            try p.delay(instalment: 2, to: day("2025-07-16"))
        }
        try p.skip(instalment: 2)
        #expect(throws: PlanChangeRefusal.noSkipsLeft) { try p.skip(instalment: 3) }
        #expect(p.instalments.count == 7 && p.instalments.last?.due == day("2025-12-01"))
        var d = day("2025-06-01")
        while d <= day("2025-07-20") {
            #expect(!p.review(on: d).contains { $0.0 == .reviewOffer }, "\(d)")
            if d == day("2025-06-15") { p.pay(money("50.00"), on: d) }
            d = d.adding(days: 1)
        }
        #expect(p.outstanding == money("250.00"))
    }

    @Test func replanningCarriesNoPenaltyAndKeepsPayments() throws {
        var p = try plan()
        p.pay(money("50.00"), on: day("2025-06-01"))
        for d in 0..<70 { _ = p.review(on: day("2025-06-02").adding(days: d)) }
        #expect(p.state == .atRisk)
        let smaller = try PaymentPlanner(policy: policy).plan(
            balance: money("250.00"), instalment: money("25.00"), frequency: .monthly, start: day("2025-09-01"),
            affordableMonthly: money("25.00"), pack: pack(.GB))
        p.replan(with: smaller, on: day("2025-08-15"))
        #expect(p.state == .active)
        #expect(p.outstanding == money("250.00"))
        #expect(p.instalments.count == 11 && p.instalments[0].paid == money("50.00"))
    }

    @Test func payingEverythingCompletesThePlan() throws {
        var p = try plan(2)
        #expect(p.pay(money("120.00"), on: day("2025-06-01")) == money("20.00"), "what the plan cannot use is returned")
        #expect(p.review(on: day("2025-06-02")).map(\.0) == [.completed])
    }
}
