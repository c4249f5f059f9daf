/// Why something was done, or not done yet: the rule, its legal basis, a sentence a person can read, and when
/// the next action becomes possible.
public struct Reason: Sendable, Hashable, Codable {
    public var ruleId: String
    public var legalBasis: String
    public var text: String
    public var nextPossibleAction: LocalDate?

    public init(ruleId: String, legalBasis: String, text: String, nextPossibleAction: LocalDate? = nil) {
        self.ruleId = ruleId
        self.legalBasis = legalBasis
        self.text = text
        self.nextPossibleAction = nextPossibleAction
    }
}
