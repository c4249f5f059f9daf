/// The money waterfall of a statement: what comes in, what must go out first, and what is left for this creditor.
public struct Waterfall: Sendable, Hashable, Codable {
    public var income: Money
    public var fixedCosts: Money
    public var flexibleCosts: Money
    public var savings: Money
    /// income − outgoings − savings.
    public var availableForPriorityDebts: Money
    public var priorityDebtPayments: Money
    /// What is left after priority debts.
    public var availableForNonPriorityDebts: Money
    /// The income that must stay untouched (FI suojaosuus, NL beslagvrije voet), when the country has one.
    public var protectedIncome: Money?
    /// What may be shared among non-priority creditors: the lower of what is left and income above the floor.
    public var capacity: Money
    /// This creditor's pro-rata share of `capacity`.
    public var thisCreditorShare: Money
    /// Every non-priority creditor's share, in statement order; they add up to `capacity` exactly.
    public var shares: [Money]
}
