/// What a hold stops. Every kind declares its effects here, in one table, so the strategy engine never has to know
/// why a kind stops something: it only asks.
public struct HoldEffects: Hashable, Sendable, Codable {
    /// No letter, email, SMS or call asking for payment.
    public var stopsPaymentRequests: Bool
    public var stopsFees: Bool
    public var stopsInterest: Bool
    /// No referral to court, bailiff or enforcement.
    public var stopsEnforcement: Bool
    /// Notices the law requires (a hold confirmation, a statutory notice) may still be sent.
    public var allowsLegallyRequiredNotices: Bool

    public static let all = HoldEffects(
        stopsPaymentRequests: true, stopsFees: true, stopsInterest: true, stopsEnforcement: true,
        allowsLegallyRequiredNotices: true)
}

/// Why collection pauses on a case.
public enum HoldKind: String, CaseIterable, Sendable, Codable, Hashable {
    /// UK Debt Respite Scheme standard breathing space: 60 days, started by a debt adviser.
    case breathingSpace
    /// Mental health crisis breathing space: the crisis treatment plus 30 days.
    case mentalHealthCrisisBreathingSpace
    /// The customer is getting debt advice (CONC 7.3: generally 30 days), extendable.
    case adviceHold
    /// The customer asked for more time.
    case paymentPause
    /// The customer disputes the claim: collection stops while it is checked.
    case dispute
    /// Started from a risk conversation (BLAKE, HARMED): nothing but care until a specialist has reviewed.
    case crisis
    case complaint
    case deceased
    case insolvency
    /// A vulnerability review is due: automated collection waits for a person.
    case vulnerabilityReview

    public var effects: HoldEffects {
        switch self {
        case .breathingSpace, .mentalHealthCrisisBreathingSpace, .adviceHold, .paymentPause, .dispute, .crisis,
            .deceased, .insolvency:
            return .all
        case .complaint, .vulnerabilityReview:
            // Contact and costs wait for a person; contractual interest keeps its normal course.
            return HoldEffects(
                stopsPaymentRequests: true, stopsFees: true, stopsInterest: false, stopsEnforcement: true,
                allowsLegallyRequiredNotices: true)
        }
    }

    /// The length a hold of this kind gets when started without an end date; nil means until lifted.
    public var defaultDays: Int? {
        switch self {
        case .breathingSpace: return 60
        case .adviceHold: return 30
        case .paymentPause: return 30
        case .mentalHealthCrisisBreathingSpace, .dispute, .crisis, .complaint, .deceased, .insolvency,
            .vulnerabilityReview:
            return nil
        }
    }

    /// The notice that confirms to the customer a hold they asked for (its letter template), if one is sent.
    public var confirmationNotice: String? {
        switch self {
        case .paymentPause, .adviceHold: return "pauseConfirmation"
        case .dispute: return "disputeAcknowledgement"
        default: return nil
        }
    }

    /// The legal basis or policy the kind rests on, for the reasons shown with every decision.
    public var legalBasis: String {
        switch self {
        case .breathingSpace:
            return
                "Debt Respite Scheme Regulations 2020: standard breathing space, 60 days, no interest, fees, enforcement or requests for payment."
        case .mentalHealthCrisisBreathingSpace:
            return
                "Debt Respite Scheme Regulations 2020: mental health crisis breathing space, for the crisis treatment plus 30 days."
        case .adviceHold:
            return
                "FCA CONC 7.3: suspend recovery for a reasonable period (generally 30 days) while a debt adviser prepares a plan."
        case .paymentPause: return "Forbear policy: a customer may ask for a pause; collection waits until it ends."
        case .dispute: return "FCA CONC 7.3: suspend recovery while a debt is disputed on valid grounds."
        case .crisis:
            return
                "Forbear policy: after a risk conversation, collection stops until a specialist has reviewed the case."
        case .complaint: return "Forbear policy: collection waits while a complaint is handled."
        case .deceased:
            return "Forbear policy: collection stops when a customer has died; a specialist contacts the estate."
        case .insolvency: return "Insolvency proceedings stop individual collection."
        case .vulnerabilityReview:
            return "FCA FG21/1: a vulnerability review is due; automated collection waits for a person."
        }
    }
}
