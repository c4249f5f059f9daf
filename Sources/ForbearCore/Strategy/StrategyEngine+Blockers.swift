extension StrategyEngine {
    /// Everything that forbids asking for money today, each as a reason. Decisions that such a state calls for
    /// (a referral to the creditor, an affordability review) are appended to `decisions` once.
    func paymentRequestBlockers(
        _ snapshot: CaseSnapshot, on date: LocalDate, pack: RulePack, decisions: inout [Decision]
    ) -> [Reason] {
        var reasons: [Reason] = []
        for hold in snapshot.holds.stopping(\.stopsPaymentRequests, on: date) {
            let until = hold.effectiveEnd.map { "until \($0.adding(days: -1).iso)" } ?? "until it is lifted"
            reasons.append(
                Reason(
                    ruleId: "hold.\(hold.kind.rawValue)", legalBasis: hold.kind.legalBasis,
                    text:
                        "No request for payment, fee or enforcement during the \(hold.kind.label) hold (from \(hold.start.iso), \(until)).",
                    nextPossibleAction: hold.effectiveEnd))
        }

        if let referred = snapshot.referredToCreditorOn {
            reasons.append(
                Reason(
                    ruleId: "case.referredToCreditor",
                    legalBasis: "Forbear policy: voluntary collection does not continue without a real ability to pay.",
                    text: "Referred to the creditor on \(referred.iso); collection waits for the creditor's decision."))
        }

        if let a = snapshot.affordability {
            switch a.verdict {
            case .noRealisticAbility where snapshot.referredToCreditorOn == nil:
                let reason = Reason(
                    ruleId: "affordability.noRealisticAbility",
                    legalBasis:
                        "Forbear policy: do not continue voluntary collection when the customer has no real ability to pay; assess with the creditor.",
                    text:
                        "The assessment of \(a.assessedOn.iso) found no realistic ability to pay: the creditor is asked to decide."
                )
                decisions.append(Decision(.referToCreditor, reasons: [reason]))
                reasons.append(reason)
            case .noCapacity, .incomplete:
                let what =
                    a.verdict == .noCapacity
                    ? "left nothing to pay with after essential costs"
                    : "could not give a full picture of income and outgoings"
                reasons.append(
                    Reason(
                        ruleId: "affordability.\(a.verdict.rawValue)",
                        legalBasis:
                            "FCA CONC 7.3: forbearance; suspend recovery while the customer gets free debt advice.",
                        text:
                            "The assessment of \(a.assessedOn.iso) \(what): no payment is asked until a new assessment; an advice hold and free debt advice are recommended."
                    ))
            default:
                break
            }
        }

        if let plan = snapshot.plan {
            switch plan.state {
            case .proposed, .active, .atRisk:
                reasons.append(
                    Reason(
                        ruleId: "plan.\(plan.state.rawValue)",
                        legalBasis: "Forbear policy: a payment plan replaces the letter timeline.",
                        text:
                            "A payment plan is \(plan.state == .atRisk ? "at risk" : plan.state.rawValue) since \(plan.since.iso): no collection letters are sent."
                    ))
            case .broken:
                let reassessed = snapshot.affordability.map { $0.assessedOn >= plan.since } ?? false
                if !reassessed {
                    let reason = Reason(
                        ruleId: "plan.broken.reassess",
                        legalBasis:
                            "Forbear policy: a broken plan never restarts full collection without a new affordability check.",
                        text:
                            "The payment plan broke on \(plan.since.iso): a new affordability check comes before any letter."
                    )
                    reasons.append(reason)
                    if !snapshot.reviews.contains(where: { $0.kind == .affordability && $0.date >= plan.since }) {
                        decisions.append(Decision(.reviewDue(.affordability), reasons: [reason]))
                    }
                }
            case .completed:
                break
            }
        }
        return reasons
    }
}

extension HoldKind {
    /// A short English label for reasons; screens and letters translate the kind themselves.
    public var label: String {
        switch self {
        case .breathingSpace: return "breathing space"
        case .mentalHealthCrisisBreathingSpace: return "mental health crisis breathing space"
        case .adviceHold: return "debt advice"
        case .paymentPause: return "payment pause"
        case .dispute: return "dispute"
        case .crisis: return "crisis"
        case .complaint: return "complaint"
        case .deceased: return "bereavement"
        case .insolvency: return "insolvency"
        case .vulnerabilityReview: return "vulnerability review"
        }
    }
}
