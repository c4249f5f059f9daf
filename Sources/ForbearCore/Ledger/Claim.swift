/// One debt in a case, as the creditor sent it: what it is for, when it fell due, and its interest rate.
public struct Claim: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// The creditor's own reference (`claim_ref` in the import).
    public var reference: String
    /// The basis of the claim shown in letters (what it is for).
    public var description: String
    public var dueDate: LocalDate
    public var currency: Currency
    /// Annual simple interest in basis points (8.5 % = 850); nil or 0 means no interest.
    public var annualInterestBasisPoints: Int64?

    public init(
        id: String, reference: String, description: String, dueDate: LocalDate, currency: Currency,
        annualInterestBasisPoints: Int64? = nil
    ) {
        self.id = id
        self.reference = reference
        self.description = description
        self.dueDate = dueDate
        self.currency = currency
        self.annualInterestBasisPoints = annualInterestBasisPoints
    }
}
