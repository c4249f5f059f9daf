/// Money received for a case.
public struct Payment: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var date: LocalDate
    public var amount: Money

    public init(id: String, date: LocalDate, amount: Money) {
        self.id = id
        self.date = date
        self.amount = amount
    }
}

/// How a payment was applied: every minor unit goes either to a component or to the customer's credit, so
/// `allocated + credit == payment` always holds.
public struct PaymentRecord: Sendable, Hashable, Codable {
    public var payment: Payment
    public var allocations: [LedgerEntry]
    /// Overpayment held for the customer and proposed for refund.
    public var credit: Money
    public var reversedOn: LocalDate?

    public init(payment: Payment, allocations: [LedgerEntry], credit: Money, reversedOn: LocalDate? = nil) {
        self.payment = payment
        self.allocations = allocations
        self.credit = credit
        self.reversedOn = reversedOn
    }

    public var allocated: Money {
        Money(minorUnits: allocations.reduce(0) { $0 + $1.amount.minorUnits }, currency: payment.amount.currency)
    }
}
