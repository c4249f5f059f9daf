/// What the affordability check concluded.
public enum AffordabilityOutcome: Sendable, Hashable, Codable {
    /// This creditor may be offered up to `monthly` a month.
    case affordable(monthly: Money)
    /// Nothing is left after essentials (or under the protected floor): breathing space or an advice hold, free
    /// debt advice; a token payment of `token` a month only if the customer wants to make one.
    case noCapacity(token: Money?)
    /// The customer could not give a full picture: pause and advice, not a plan.
    case incomplete(unanswered: [String])
    /// Paying `monthly` would take `months` months, beyond what the creditor's policy allows: refer to the creditor.
    case noRealisticAbility(monthly: Money, months: Int)

    public var verdict: AffordabilitySummary.Verdict {
        switch self {
        case .affordable: return .affordable
        case .noCapacity: return .noCapacity
        case .incomplete: return .incomplete
        case .noRealisticAbility: return .noRealisticAbility
        }
    }
}

/// What Forbear recommends alongside an outcome.
public enum Recommendation: String, Sendable, Hashable, Codable {
    case offerPlan, breathingSpace, adviceHold, signpostDebtAdvice, tokenPaymentIfWanted, referToCreditor
}

/// The full result: the waterfall, the outcome, what to do, and why.
public struct AffordabilityAssessment: Sendable, Hashable, Codable {
    public var assessedOn: LocalDate
    public var waterfall: Waterfall
    public var outcome: AffordabilityOutcome
    public var recommendations: [Recommendation]
    public var reasons: [Reason]
    /// Flexible spending above the guideline, to talk through kindly; it is never cut automatically.
    public var guidelineNotes: [GuidelineNote]

    public struct GuidelineNote: Sendable, Hashable, Codable {
        public var category: FlexibleCostCategory
        public var amount: Money
        public var guideline: Money
    }

    /// The summary the strategy engine reads.
    public var summary: AffordabilitySummary {
        var monthly: Money?
        if case .affordable(let m) = outcome { monthly = m }
        return AffordabilitySummary(assessedOn: assessedOn, verdict: outcome.verdict, affordableMonthly: monthly)
    }
}
