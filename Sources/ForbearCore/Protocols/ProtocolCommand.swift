/// An adjustment a protocol can agree with the customer.
public enum AdjustmentOption: String, CaseIterable, Sendable, Codable, Hashable {
    case largePrint, easyRead, noPhone, copyToRepresentative, moreTime, writtenSummary
}

/// The four parts of decision-making BRUCE looks at.
public enum DecisionDifficulty: String, CaseIterable, Sendable, Codable, Hashable {
    case remembering, understanding, communicating, evaluating
}

/// What a protocol conversation asks the rest of Forbear to do. There is deliberately no command that records a
/// customer as incapable: BRUCE records difficulties, the support given and whether a decision was made.
public enum ProtocolCommand: Sendable, Hashable, Codable {
    case markHandleWithCare
    case recordConsent(granted: Bool, wordingVersion: String)
    /// Special-category detail in the customer's words; only ever produced after consent was granted.
    case storeDetail(text: String)
    case recordThirdPartyHelp
    case addAdjustments([AdjustmentOption])
    case setReviewDate(LocalDate)
    case recordImpact(level: ImpactLevel, expectedDurationDays: Int?, episodic: Bool?)
    case recordDecisionSupport(
        difficulties: [DecisionDifficulty], support: [String], supportWorked: Bool?, decisionMade: Bool)
    case startHold(HoldKind)
    case escalate(priority: EscalationPriority, reason: String)
    case signpost([SupportNeed])
    /// Tell the customer to call the emergency number now (or call it for them), shown at once.
    case emergencyServicesGuidance
    case recordConcernNotification
}
