import Testing

@testable import ForbearCore

@Suite struct AffordabilityTests {
    let engine = AffordabilityEngine(guidelines: try! SpendingGuidelines.bundled())

    func statement(
        _ country: Country, income: String, fixed: String, flexible: String = "0.00",
        household: Household = Household(), nonPriority: [(String, String, Bool)], priority: String = "0.00",
        unanswered: [String] = []
    ) -> FinancialStatement {
        let c = pack(country).primaryCurrency
        return FinancialStatement(
            country: country, currency: c, household: household,
            income: [Line(.earnings, money(income, c))], fixedCosts: [Line(.home, money(fixed, c))],
            flexibleCosts: [Line(.foodAndHousekeeping, money(flexible, c))],
            priorityDebts: [
                DebtLine(creditor: "Tax office", balance: money("900.00", c), monthlyPayment: money(priority, c))
            ],
            nonPriorityDebts: nonPriority.map {
                DebtLine(creditor: $0.0, balance: money($0.1, c), monthlyPayment: .zero(c), isThisCreditor: $0.2)
            },
            unanswered: unanswered)
    }

    @Test func proRataOffersMatchTheWorkedExample() throws {
        let offers = try AffordabilityEngine.proRataOffers(
            available: money("100.00"), balances: ["500.00", "1000.00", "233.00", "200.00"].map { money($0) })
        #expect(offers.map(\.decimalString) == ["25.87", "51.73", "12.05", "10.35"])
        #expect(offers.reduce(0) { $0 + $1.minorUnits } <= 10_000, "never more than available")
    }

    @Test func theWaterfallGivesThisCreditorItsFairShare() throws {
        // given 100.00 left after essentials and a 50.00 priority payment, four non-priority creditors
        let s = statement(
            .GB, income: "1650.00", fixed: "900.00", flexible: "600.00",
            nonPriority: [
                ("Card A", "500.00", false), ("This creditor", "1000.00", true), ("Loan", "233.00", false),
                ("Phone", "200.00", false),
            ],
            priority: "50.00")
        // when
        let a = try engine.assess(s, pack: pack(.GB), policy: .standard(.GBP), on: day("2025-05-01"))
        // then
        #expect(a.waterfall.availableForPriorityDebts == money("150.00", .GBP))
        #expect(a.waterfall.availableForNonPriorityDebts == money("100.00", .GBP))
        #expect(a.waterfall.shares.map(\.decimalString) == ["25.87", "51.73", "12.05", "10.35"])
        #expect(a.outcome == .affordable(monthly: money("51.73", .GBP)))
        #expect(a.recommendations == [.offerPlan])
        #expect(a.summary.verdict == .affordable && a.summary.affordableMonthly == money("51.73", .GBP))
        // food and housekeeping of 600.00 is above the 330.00 sample guideline for one adult: noted, not cut
        #expect(a.guidelineNotes.map(\.category) == [.foodAndHousekeeping])
    }

    @Test func theFinnishProtectedIncomeFloorCanLeaveNothing() throws {
        // given two dependants: floor (32.88 + 2 × 9.61) × 30 = 1,563.00 a month
        let household = Household(adults: 1, dependantsUnder16: 2)
        let s = statement(
            .FI, income: "1500.00", fixed: "700.00", household: household, nonPriority: [("This", "2000.00", true)])
        // when
        let a = try engine.assess(s, pack: pack(.FI), policy: .standard(.EUR), on: day("2025-05-01"))
        // then: 800.00 looks free, but all income is under the floor
        #expect(a.waterfall.availableForNonPriorityDebts == money("800.00"))
        #expect(a.waterfall.protectedIncome == money("1563.00"))
        #expect(a.waterfall.capacity.isZero)
        #expect(a.outcome == .noCapacity(token: money("1.00")))
        #expect(a.recommendations == [.adviceHold, .signpostDebtAdvice, .tokenPaymentIfWanted])
        #expect(a.reasons.contains { $0.ruleId == "FI.protectedIncome" && $0.legalBasis.contains("645/2024") })
    }

    @Test func theFloorCapsWhatIsAffordable() throws {
        // single, no dependants: floor 986.40; income 1,100.00 leaves 113.60 above it
        let s = statement(.FI, income: "1100.00", fixed: "300.00", nonPriority: [("This", "500.00", true)])
        let a = try engine.assess(s, pack: pack(.FI), policy: .standard(.EUR), on: day("2025-05-01"))
        #expect(a.outcome == .affordable(monthly: money("113.60")))
    }

    @Test func theDutchFloorUsesTheHouseholdCategory() throws {
        let couple = Household(adults: 2, dependantsUnder16: 1)
        let s = statement(
            .NL, income: "3000.00", fixed: "1000.00", household: couple, nonPriority: [("This", "500.00", true)])
        let a = try engine.assess(s, pack: pack(.NL), policy: .standard(.EUR), on: day("2025-05-01"))
        #expect(a.waterfall.protectedIncome == money("2747.09"))
        #expect(a.outcome == .affordable(monthly: money("252.91")))
    }

    @Test func aVagueStatementIsItsOwnOutcome() throws {
        let s = statement(
            .NL, income: "2000.00", fixed: "500.00", nonPriority: [("This", "500.00", true)],
            unanswered: ["other income", "rent"])
        let a = try engine.assess(s, pack: pack(.NL), policy: .standard(.EUR), on: day("2025-05-01"))
        #expect(a.outcome == .incomplete(unanswered: ["other income", "rent"]))
        #expect(a.recommendations == [.adviceHold, .signpostDebtAdvice])
    }

    @Test func noRealisticAbilityToPayWithinPolicyIsReferred() throws {
        // 10.00 a month on 20,000.00 would take 2,000 months
        let s = statement(.GB, income: "1010.00", fixed: "1000.00", nonPriority: [("This", "20000.00", true)])
        let a = try engine.assess(s, pack: pack(.GB), policy: .standard(.GBP), on: day("2025-05-01"))
        #expect(a.outcome == .noRealisticAbility(monthly: money("10.00", .GBP), months: 2000))
        #expect(a.recommendations.first == .referToCreditor)
        #expect(a.summary.verdict == .noRealisticAbility)
    }

    @Test func inTheUKNoCapacityRecommendsBreathingSpace() throws {
        let s = statement(.GB, income: "900.00", fixed: "1000.00", nonPriority: [("This", "800.00", true)])
        let a = try engine.assess(s, pack: pack(.GB), policy: .standard(.GBP), on: day("2025-05-01"))
        #expect(a.waterfall.availableForNonPriorityDebts == money("-100.00", .GBP))
        #expect(a.recommendations.first == .breathingSpace)
    }
}
