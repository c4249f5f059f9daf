/// Proposes payment plans that stay within what the customer can afford and the creditor's policy.
public struct PaymentPlanner: Sendable {
    public var policy: CreditorPolicy

    public init(policy: CreditorPolicy) {
        self.policy = policy
    }

    /// The plan Forbear proposes from an affordability assessment: the affordable amount, never more.
    public func propose(
        balance: Money, assessment: AffordabilityAssessment, frequency: PlanFrequency, start: LocalDate, pack: RulePack
    ) throws(PlanRefusal) -> PlanProposal {
        guard case .affordable(let monthly) = assessment.outcome else {
            throw .notAffordable(assessment.outcome.verdict)
        }
        return try plan(
            balance: balance, instalment: PlanMath.instalment(forMonthly: monthly, frequency), frequency: frequency,
            start: start, affordableMonthly: monthly, pack: pack)
    }

    /// Checks a plan the customer asks for. Above the affordable amount it is refused with a kind reason: nobody is
    /// pushed to pay more than they can afford.
    public func plan(
        balance: Money, instalment: Money, frequency: PlanFrequency, start: LocalDate, affordableMonthly: Money,
        pack: RulePack
    ) throws(PlanRefusal) -> PlanProposal {
        guard balance.isPositive else { throw .nothingOwed }
        let monthly = PlanMath.monthly(instalment, frequency)
        if monthly.minorUnits > affordableMonthly.minorUnits {
            throw .aboveAffordable(monthly: monthly, affordable: affordableMonthly)
        }
        if monthly.minorUnits < policy.minimumMonthlyInstalment.minorUnits {
            throw .belowMinimum(monthly: monthly, minimum: policy.minimumMonthlyInstalment)
        }
        let count = Int((balance.minorUnits + instalment.minorUnits - 1) / instalment.minorUnits)
        let months = PlanMath.months(count: count, frequency)
        if months > policy.maxPlanMonths { throw .tooLong(months: months, max: policy.maxPlanMonths) }
        let last = Money(
            minorUnits: balance.minorUnits - instalment.minorUnits * Int64(count - 1), currency: balance.currency)

        var reasons = [
            Reason(
                ruleId: "plan.affordable", legalBasis: "FCA CONC 7.3: only affordable, sustainable plans.",
                text:
                    "\(count) \(frequency.rawValue) instalments of \(instalment.decimalString) (about \(monthly.decimalString) a month, within the affordable \(affordableMonthly.decimalString))."
            )
        ]
        var fee: FeeQuote?
        if let planFee = pack.fees.first(where: { $0.component == .planFee }) {
            do {
                fee = try pack.quote(feeId: planFee.id, base: balance)
            } catch {
                reasons.append(
                    Reason(
                        ruleId: planFee.id, legalBasis: planFee.legalBasis, text: "No plan fee: \(error.description)."))
            }
        }
        return PlanProposal(
            instalment: instalment, frequency: frequency, start: start, count: count, lastInstalment: last,
            total: balance, fee: fee, reasons: reasons)
    }
}
