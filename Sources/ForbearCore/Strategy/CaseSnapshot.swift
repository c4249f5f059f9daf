/// A letter step that was sent.
public struct StepTaken: Sendable, Hashable, Codable {
    public var stepId: String
    public var occurrence: Int
    public var date: LocalDate
    public var channel: Channel
    public var deadline: LocalDate

    public init(stepId: String, occurrence: Int, date: LocalDate, channel: Channel, deadline: LocalDate) {
        self.stepId = stepId
        self.occurrence = occurrence
        self.date = date
        self.channel = channel
        self.deadline = deadline
    }
}

/// Where a payment plan stands (the plan itself lives in the plans module).
public struct PlanSummary: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Codable, Hashable { case proposed, active, atRisk, broken, completed }
    public var state: State
    public var since: LocalDate

    public init(state: State, since: LocalDate) {
        self.state = state
        self.since = since
    }
}

/// The last affordability outcome, without the statement behind it.
public struct AffordabilitySummary: Sendable, Hashable, Codable {
    public enum Verdict: String, Sendable, Codable, Hashable {
        case affordable
        /// Nothing left after essentials: breathing space or advice hold, and signposting.
        case noCapacity
        /// The customer could not give a full picture: pause and advice, not a plan.
        case incomplete
        /// No realistic ability to pay within policy: refer to the creditor.
        case noRealisticAbility
    }
    public var assessedOn: LocalDate
    public var verdict: Verdict
    public var affordableMonthly: Money?

    public init(assessedOn: LocalDate, verdict: Verdict, affordableMonthly: Money? = nil) {
        self.assessedOn = assessedOn
        self.verdict = verdict
        self.affordableMonthly = affordableMonthly
    }
}

public struct LimitationRecord: Sendable, Hashable, Codable {
    public var event: LimitationEvent
    public var date: LocalDate

    public init(_ event: LimitationEvent, on date: LocalDate) {
        self.event = event
        self.date = date
    }
}

public struct EscalationRecord: Sendable, Hashable, Codable {
    public var date: LocalDate
    public var priority: EscalationPriority

    public init(date: LocalDate, priority: EscalationPriority) {
        self.date = date
        self.priority = priority
    }
}

public struct ReviewRecord: Sendable, Hashable, Codable {
    public var kind: ReviewKind
    public var date: LocalDate

    public init(kind: ReviewKind, date: LocalDate) {
        self.kind = kind
        self.date = date
    }
}

/// Everything the strategy engine may look at for one case. No health detail: only the "handle with care" flag.
public struct CaseSnapshot: Sendable, Hashable {
    public var caseId: String
    public var country: Country
    public var sector: String?
    public var ledger: Ledger
    public var steps: [StepTaken] = []
    public var holds: [Hold] = []
    public var plan: PlanSummary?
    public var contact: ContactPolicy.Customer
    public var handleWithCare: Bool = false
    public var vulnerabilityReviewOn: LocalDate?
    /// Acknowledgements and judgments; payments and letters are read from the ledger and steps.
    public var limitationEvents: [LimitationRecord] = []
    public var affordability: AffordabilitySummary?
    public var referredToCreditorOn: LocalDate?
    public var escalations: [EscalationRecord] = []
    public var reviews: [ReviewRecord] = []
    public var closedOn: LocalDate?
    public var stoppedOn: LocalDate?

    public init(caseId: String, country: Country, ledger: Ledger, contact: ContactPolicy.Customer = .init()) {
        self.caseId = caseId
        self.country = country
        self.ledger = ledger
        self.contact = contact
    }

    /// The date collection counts from: the earliest due date of the case's claims.
    public var dueDate: LocalDate? { ledger.claims.map(\.dueDate).min() }

    public var isOpen: Bool { closedOn == nil && stoppedOn == nil }
}
