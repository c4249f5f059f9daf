/// How sure Forbear is of a rule's value.
public enum RuleStatus: String, Sendable, Codable, Hashable {
    /// Taken from a primary source named in the legal basis.
    case confirmed
    /// An organisation choice inside what the law allows (e.g. giving 14 days where the law asks for 10).
    case policy
    /// No primary source was found. The value may be missing; where one is given it is a cautious placeholder that
    /// an operator must verify. Fees that are UNCONFIRMED are never charged automatically.
    case unconfirmed = "UNCONFIRMED"
}

/// One rule of a rule pack: a value with the legal basis it rests on and how sure we are of it.
public struct Rule<Value: Sendable & Codable & Hashable>: Sendable, Codable, Hashable {
    public var value: Value?
    public var legalBasis: String
    public var status: RuleStatus

    public init(_ value: Value?, legalBasis: String, status: RuleStatus = .confirmed) {
        self.value = value
        self.legalBasis = legalBasis
        self.status = status
    }

    /// True when the value may drive an automated decision (a confirmed or policy value is present).
    public var isUsable: Bool { value != nil && status != .unconfirmed }
}
