/// The ledger of one case: its claims and every line booked against them.
///
/// Balances are always derived from the lines (charges and adjustments minus allocations and write-offs), so they
/// cannot drift from the history. Payments are fully allocated: what no component can take becomes credit.
public struct Ledger: Sendable, Hashable, Codable {
    public let currency: Currency
    public private(set) var claims: [Claim]
    public private(set) var entries: [LedgerEntry] = []
    public private(set) var payments: [PaymentRecord] = []

    public init(currency: Currency, claims: [Claim] = []) {
        self.currency = currency
        self.claims = claims
    }

    /// Rebuilds a ledger from stored lines and payments (the store's read path).
    public init(currency: Currency, claims: [Claim], entries: [LedgerEntry], payments: [PaymentRecord]) {
        self.currency = currency
        self.claims = claims
        self.entries = entries
        self.payments = payments
    }

    // MARK: Reading

    public func balance(claimId: String, component: Component) -> Money {
        var total: Int64 = 0
        for e in entries where e.claimId == claimId && e.component == component { total += e.balanceEffect }
        return Money(minorUnits: total, currency: currency)
    }

    public func balance(of component: Component) -> Money {
        var total: Int64 = 0
        for e in entries where e.component == component { total += e.balanceEffect }
        return Money(minorUnits: total, currency: currency)
    }

    public var totalBalance: Money {
        Money(minorUnits: entries.reduce(0) { $0 + $1.balanceEffect }, currency: currency)
    }

    /// Money received but not owed on any component, held for the customer.
    public var credit: Money {
        Money(
            minorUnits: payments.filter { $0.reversedOn == nil }.reduce(0) { $0 + $1.credit.minorUnits },
            currency: currency)
    }

    /// Sum of `kind` lines on a component, e.g. all fee charges.
    public func total(_ kind: LedgerEntry.Kind, component: Component? = nil) -> Money {
        var t: Int64 = 0
        for e in entries where e.kind == kind && (component == nil || e.component == component) {
            t += e.amount.minorUnits
        }
        return Money(minorUnits: t, currency: currency)
    }

    /// The last day interest has been accrued for on a claim; before any accrual, its due date (interest runs from
    /// the day after).
    public func interestAccruedThrough(claimId: String) -> LocalDate? {
        guard let claim = claims.first(where: { $0.id == claimId }) else { return nil }
        var through = claim.dueDate
        for e in entries where e.claimId == claimId && e.component == .interest && e.kind == .charge {
            if let p = e.periodThrough, p > through { through = p }
        }
        return through
    }

    /// Fee lines charged under a fee rule, for counting capped repeats (e.g. at most three DK reminder fees).
    public func feeCharges(ruleId: String) -> [LedgerEntry] {
        entries.filter { $0.kind == .charge && $0.component.isCost && $0.ruleId == ruleId }
    }

    /// Claims ordered oldest due date first: the order used to spread payments and to pick where a case fee lands.
    public var claimsOldestFirst: [Claim] {
        claims.sorted { $0.dueDate != $1.dueDate ? $0.dueDate < $1.dueDate : $0.id < $1.id }
    }

    // MARK: Writing

    public mutating func add(_ claim: Claim, principal: Money, on date: LocalDate) throws(LedgerError) {
        try check(principal, "principal")
        claims.append(claim)
        entries.append(
            LedgerEntry(claimId: claim.id, date: date, kind: .charge, component: .principal, amount: principal))
    }

    public mutating func charge(
        _ component: Component, _ amount: Money, claimId: String, on date: LocalDate, ruleId: String? = nil,
        legalBasis: String? = nil, periodThrough: LocalDate? = nil
    ) throws(LedgerError) {
        try check(amount, "a charge")
        try requireClaim(claimId)
        if component.isCost, (legalBasis ?? "").isEmpty { throw .feeWithoutLegalBasis(ruleId ?? "?") }
        entries.append(
            LedgerEntry(
                claimId: claimId, date: date, kind: .charge, component: component, amount: amount, ruleId: ruleId,
                legalBasis: legalBasis, periodThrough: periodThrough))
    }

    public mutating func adjust(
        _ component: Component, by amount: Money, claimId: String, on date: LocalDate, reason: String
    ) throws(LedgerError) {
        guard amount.currency == currency else { throw .currencyMismatch(expected: currency, got: amount.currency) }
        try requireClaim(claimId)
        entries.append(
            LedgerEntry(
                claimId: claimId, date: date, kind: .adjustment, component: component, amount: amount,
                ruleId: reason))
    }

    /// Writes off up to `amount` of a component's outstanding balance; returns what was written off.
    @discardableResult
    public mutating func writeOff(
        _ component: Component, upTo amount: Money, claimId: String, on date: LocalDate, reason: String
    ) throws(LedgerError) -> Money {
        try check(amount, "a write-off")
        try requireClaim(claimId)
        let outstanding = balance(claimId: claimId, component: component)
        let taken = Money(
            minorUnits: Swift.min(amount.minorUnits, Swift.max(0, outstanding.minorUnits)),
            currency: currency)
        if taken.isPositive {
            entries.append(
                LedgerEntry(
                    claimId: claimId, date: date, kind: .writeOff, component: component, amount: taken,
                    ruleId: reason))
        }
        return taken
    }

    /// Applies a payment component by component in `order` (the rule pack's allocation order), and within a
    /// component across claims oldest first. What is left becomes credit, so the payment is always fully allocated.
    @discardableResult
    public mutating func apply(_ payment: Payment, order: [Component]) throws(LedgerError) -> PaymentRecord {
        try check(payment.amount, "a payment")
        if payments.contains(where: { $0.payment.id == payment.id }) { throw .duplicatePayment(payment.id) }
        var remaining = payment.amount.minorUnits
        var lines: [LedgerEntry] = []
        let ordered = claimsOldestFirst
        for component in order where remaining > 0 {
            for claim in ordered where remaining > 0 {
                let owed = balance(claimId: claim.id, component: component).minorUnits
                guard owed > 0 else { continue }
                let take = Swift.min(owed, remaining)
                remaining -= take
                let line = LedgerEntry(
                    claimId: claim.id, date: payment.date, kind: .allocation, component: component,
                    amount: Money(minorUnits: take, currency: currency), ruleId: "allocation",
                    paymentId: payment.id)
                lines.append(line)
                entries.append(line)
            }
        }
        let record = PaymentRecord(
            payment: payment, allocations: lines, credit: Money(minorUnits: remaining, currency: currency))
        payments.append(record)
        return record
    }

    /// Reverses a returned payment: each allocation is booked back with the opposite sign and its credit released.
    public mutating func reverse(paymentId: String, on date: LocalDate) throws(LedgerError) {
        guard let index = payments.firstIndex(where: { $0.payment.id == paymentId }) else {
            throw .unknownPayment(paymentId)
        }
        if payments[index].reversedOn != nil { throw .alreadyReversed(paymentId) }
        for line in payments[index].allocations {
            var back = line
            back.date = date
            back.amount = line.amount.negated
            back.ruleId = "reversal"
            entries.append(back)
        }
        payments[index].reversedOn = date
    }

    private func check(_ amount: Money, _ what: String) throws(LedgerError) {
        guard amount.currency == currency else { throw .currencyMismatch(expected: currency, got: amount.currency) }
        guard amount.isPositive else { throw .notPositive(what) }
    }

    private func requireClaim(_ id: String) throws(LedgerError) {
        guard claims.contains(where: { $0.id == id }) else { throw .unknownClaim(id) }
    }
}
