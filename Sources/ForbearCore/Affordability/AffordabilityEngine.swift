/// Works out what a customer can afford from a Standard Financial Statement: the waterfall, a protected-income
/// floor per country, pro-rata shares among non-priority creditors, and an outcome with reasons.
public struct AffordabilityEngine: Sendable {
    public var guidelines: SpendingGuidelines?

    public init(guidelines: SpendingGuidelines? = nil) {
        self.guidelines = guidelines
    }

    /// Pro-rata offers: `available` split over `balances` in proportion, rounded so the total never exceeds
    /// `available` (largest remainder: it equals it exactly).
    public static func proRataOffers(available: Money, balances: [Money]) throws(MoneyError) -> [Money] {
        guard available.isPositive, balances.contains(where: \.isPositive) else {
            return balances.map { _ in .zero(available.currency) }
        }
        return try ProRata.split(available, over: balances)
    }

    public func assess(
        _ s: FinancialStatement, pack: RulePack, policy: CreditorPolicy, on date: LocalDate
    ) throws(MoneyError) -> AffordabilityAssessment {
        let c = s.currency
        let income = try s.income.map(\.monthly).sum(in: c)
        let fixed = try s.fixedCosts.map(\.monthly).sum(in: c)
        let flexible = try s.flexibleCosts.map(\.monthly).sum(in: c)
        let forPriority = try income.minus(fixed).minus(flexible).minus(s.savingsContribution)
        let priorityPayments = try s.priorityDebts.map(\.monthlyPayment).sum(in: c)
        let forNonPriority = try forPriority.minus(priorityPayments)
        var reasons: [Reason] = []

        let floor = try protectedIncome(s, pack: pack)
        var capacity = Money(minorUnits: max(0, forNonPriority.minorUnits), currency: c)
        if let floor {
            let aboveFloor = Money(minorUnits: max(0, try income.minus(floor).minorUnits), currency: c)
            if aboveFloor.minorUnits < capacity.minorUnits {
                capacity = aboveFloor
                reasons.append(
                    Reason(
                        ruleId: "\(pack.country.rawValue).protectedIncome", legalBasis: pack.protectedIncome.legalBasis,
                        text:
                            "\(floor.decimalString) \(c.rawValue) a month is protected income and stays with the household."
                    ))
            }
        }

        let balances = s.nonPriorityDebts.map(\.balance)
        let shares = try Self.proRataOffers(available: capacity, balances: balances)
        let mine = s.nonPriorityDebts.firstIndex(where: \.isThisCreditor)
        let share = mine.map { shares[$0] } ?? .zero(c)
        let waterfall = Waterfall(
            income: income, fixedCosts: fixed, flexibleCosts: flexible, savings: s.savingsContribution,
            availableForPriorityDebts: forPriority, priorityDebtPayments: priorityPayments,
            availableForNonPriorityDebts: forNonPriority, protectedIncome: floor, capacity: capacity,
            thisCreditorShare: share, shares: shares)

        let notes = guidelineNotes(s)
        let (outcome, recommendations, why) = try decide(
            s, waterfall: waterfall, mine: mine, pack: pack, policy: policy)
        reasons.append(contentsOf: why)
        return AffordabilityAssessment(
            assessedOn: date, waterfall: waterfall, outcome: outcome, recommendations: recommendations,
            reasons: reasons, guidelineNotes: notes)
    }

    func decide(
        _ s: FinancialStatement, waterfall w: Waterfall, mine: Int?, pack: RulePack, policy: CreditorPolicy
    ) throws(MoneyError) -> (AffordabilityOutcome, [Recommendation], [Reason]) {
        let c = s.currency
        let conc = "FCA CONC 7.3: forbearance, affordable proposals, time for free debt advice."
        if !s.unanswered.isEmpty {
            return (
                .incomplete(unanswered: s.unanswered), [.adviceHold, .signpostDebtAdvice],
                [
                    Reason(
                        ruleId: "affordability.incomplete", legalBasis: conc,
                        text:
                            "Some questions could not be answered (\(s.unanswered.joined(separator: ", "))): no plan now; time to get free debt advice."
                    )
                ]
            )
        }
        let breathing: Recommendation = pack.country == .GB ? .breathingSpace : .adviceHold
        if w.thisCreditorShare.minorUnits < policy.minimumMonthlyInstalment.minorUnits {
            let token = Money(major: c == .DKK ? 10 : 1, c)
            let text =
                w.capacity.isPositive
                ? "After essential costs and priority debts, the share for this debt is \(w.thisCreditorShare.decimalString) \(c.rawValue) a month, below the smallest plan (\(policy.minimumMonthlyInstalment.decimalString))."
                : "After essential costs and priority debts nothing is left to pay this debt."
            return (
                .noCapacity(token: token), [breathing, .signpostDebtAdvice, .tokenPaymentIfWanted],
                [
                    Reason(
                        ruleId: "affordability.noCapacity", legalBasis: conc,
                        text: text + " No payment is asked; free debt advice is recommended.")
                ]
            )
        }
        guard let mine else {
            return (
                .noCapacity(token: nil), [breathing, .signpostDebtAdvice],
                [
                    Reason(
                        ruleId: "affordability.noDebt", legalBasis: conc,
                        text: "This creditor's debt is not in the statement.")
                ]
            )
        }
        let balance = s.nonPriorityDebts[mine].balance.minorUnits
        let months = Int((balance + w.thisCreditorShare.minorUnits - 1) / w.thisCreditorShare.minorUnits)
        if months > policy.maxMonthsBeforeReferral {
            return (
                .noRealisticAbility(monthly: w.thisCreditorShare, months: months),
                [.referToCreditor, .signpostDebtAdvice],
                [
                    Reason(
                        ruleId: "affordability.noRealisticAbility",
                        legalBasis:
                            "Forbear policy: no voluntary collection without a real ability to pay; the creditor decides.",
                        text:
                            "At \(w.thisCreditorShare.decimalString) \(c.rawValue) a month the debt would take \(months) months, more than the \(policy.maxMonthsBeforeReferral) months policy allows: the creditor is asked to decide."
                    )
                ]
            )
        }
        return (
            .affordable(monthly: w.thisCreditorShare), [.offerPlan],
            [
                Reason(
                    ruleId: "affordability.affordable", legalBasis: conc,
                    text:
                        "Up to \(w.thisCreditorShare.decimalString) \(c.rawValue) a month is affordable for this debt (its fair share of \(w.capacity.decimalString) left after essentials and priority debts)."
                )
            ]
        )
    }

    /// The monthly protected income for the household under the country's rule, if it has one.
    public func protectedIncome(_ s: FinancialStatement, pack: RulePack) throws(MoneyError) -> Money? {
        guard let rule = pack.protectedIncome.value else { return nil }
        let c = s.currency
        if let perDay = rule.perDay {
            var daily = try Money.parse(perDay, currency: c)
            if let perDependant = rule.perDependantPerDay {
                daily = try daily.plus(try Money.parse(perDependant, currency: c).times(Int64(s.household.dependants)))
            }
            return try daily.times(30)
        }
        if let table = rule.monthlyByHousehold {
            let couple = s.household.adults >= 2
            let children = s.household.dependants > 0
            let key =
                couple ? (children ? "coupleWithChildren" : "couple") : (children ? "singleWithChildren" : "single")
            return try table[key].map { (t: String) throws(MoneyError) -> Money in try Money.parse(t, currency: c) }
        }
        return nil
    }

    func guidelineNotes(_ s: FinancialStatement) -> [AffordabilityAssessment.GuidelineNote] {
        guard let guidelines else { return [] }
        return s.flexibleCosts.compactMap { line in
            guard let g = guidelines.guideline(country: s.country, household: s.household, category: line.category),
                g.currency == line.monthly.currency, line.monthly.minorUnits > g.minorUnits
            else { return nil }
            return .init(category: line.category, amount: line.monthly, guideline: g)
        }
    }
}
