/// One immutable line in a case's ledger. Balances are never stored: they are derived from these lines.
public struct LedgerEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, Hashable {
        /// Raises a component's balance: principal at import, interest accrued, a fee with its legal basis.
        case charge
        /// Part of a payment applied to a component (negative when a returned payment is reversed).
        case allocation
        /// A signed correction agreed by staff, with a reason.
        case adjustment
        /// An amount the creditor will not collect.
        case writeOff
    }

    public var claimId: String
    public var date: LocalDate
    public var kind: Kind
    public var component: Component
    /// Positive for charges, allocations and write-offs; adjustments and reversal allocations may be negative.
    public var amount: Money
    /// The rule (fee id, `interest`, payment id) that produced the line.
    public var ruleId: String?
    /// The legal basis, required for fee charges.
    public var legalBasis: String?
    /// For allocations: the payment they belong to.
    public var paymentId: String?
    /// For interest charges: the last day the accrual covers.
    public var periodThrough: LocalDate?

    public init(
        claimId: String, date: LocalDate, kind: Kind, component: Component, amount: Money, ruleId: String? = nil,
        legalBasis: String? = nil, paymentId: String? = nil, periodThrough: LocalDate? = nil
    ) {
        self.claimId = claimId
        self.date = date
        self.kind = kind
        self.component = component
        self.amount = amount
        self.ruleId = ruleId
        self.legalBasis = legalBasis
        self.paymentId = paymentId
        self.periodThrough = periodThrough
    }

    /// The effect of this line on its component's balance.
    var balanceEffect: Int64 {
        switch kind {
        case .charge, .adjustment: return amount.minorUnits
        case .allocation, .writeOff: return -amount.minorUnits
        }
    }
}
