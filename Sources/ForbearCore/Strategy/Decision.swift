/// What the strategy engine decided for a case on a day, and why.
public struct Decision: Sendable, Hashable, Codable {
    public var action: Action
    /// Never empty: every decision, including "wait", says why.
    public var reasons: [Reason]

    public init(_ action: Action, reasons: [Reason]) {
        precondition(!reasons.isEmpty, "every decision carries its reasons")
        self.action = action
        self.reasons = reasons
    }

    /// The earliest date a reason names for the next possible action.
    public var nextPossibleAction: LocalDate? { reasons.compactMap(\.nextPossibleAction).min() }
}

public enum EscalationPriority: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case urgent, high, normal

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public enum ReviewKind: String, Sendable, Codable, Hashable, CaseIterable {
    /// Debt Respite Scheme: review between days 25 and 35 of a standard breathing space.
    case breathingSpaceMidpoint
    /// The review date of a vulnerability disclosure has come.
    case vulnerability
    /// A plan broke: a new affordability check comes before any collection.
    case affordability
    /// Every voluntary step has been taken and its time has passed: a person decides what happens next.
    case endOfVoluntaryCollection
}

public enum Action: Sendable, Hashable, Codable {
    /// Send letter step `stepId` (its `occurrence`-th time) on `channel`, giving until `deadline`.
    case sendLetter(stepId: String, occurrence: Int, channel: Channel, deadline: LocalDate)
    case chargeFee(feeId: String, claimId: String, component: Component, amount: Money, legalBasis: String)
    case accrueInterest(claimId: String, amount: Money, from: LocalDate, through: LocalDate, days: Int)
    case escalateToSpecialist(priority: EscalationPriority)
    case reviewDue(ReviewKind)
    /// No realistic ability to pay within policy: the creditor decides (write off, hold, return).
    case referToCreditor
    /// The claim is time-barred: collection stops for good.
    case stop
    /// Nothing is owed: the case is closed.
    case close
    /// Nothing to do today; the reasons say why and until when.
    case wait
    /// Plan monitoring: a nudge, a review offer, a broken or completed plan (decided by the plan, not the timeline).
    case plan(PlanEvent)

    /// True for actions that ask the customer for money.
    public var isPaymentRequest: Bool {
        if case .sendLetter = self { return true }
        return false
    }
}
