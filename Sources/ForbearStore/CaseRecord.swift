import ForbearCore

/// A case's own row: who, where, and where it stands.
public struct CaseRecord: Sendable, Hashable, Codable {
    public var id: String
    public var number: Int64
    public var creditorId: String
    public var customerId: String
    public var country: Country
    public var currency: Currency
    public var paymentReference: String
    public var status: String
    public var sector: String?
    public var handleWithCare: Bool
    /// When the case's vulnerability is to be reviewed (`CareStore`); nil when none is due.
    public var vulnerabilityReviewOn: LocalDate? = nil
    public var closedOn: LocalDate?
    public var stoppedOn: LocalDate?
    public var referredOn: LocalDate?
}

/// A case as loaded for the daily cycle: its row, the engine's snapshot, and how much of the history was already
/// stored (so only what the day adds is written).
public struct LoadedCase: Sendable {
    public var record: CaseRecord
    public var snapshot: CaseSnapshot
    public var storedEntries: Int
    public var storedSteps: Int
    /// The payment plan with its instalments, when the case has one.
    public var plan: PaymentPlan?
    /// The reference of the wait its daily decision last stored (`DayRows`): a wait with the same reference is not
    /// stored again. Nil when none was stored, or something other than interest was decided since.
    public var lastWait: String? = nil
}

extension Action {
    /// The action's name as stored in `decisions.action`.
    public var name: String {
        switch self {
        case .sendLetter: return "sendLetter"
        case .chargeFee: return "chargeFee"
        case .accrueInterest: return "accrueInterest"
        case .escalateToSpecialist: return "escalateToSpecialist"
        case .reviewDue: return "reviewDue"
        case .referToCreditor: return "referToCreditor"
        case .stop: return "stop"
        case .close: return "close"
        case .wait: return "wait"
        case .plan: return "plan"
        }
    }
}
