extension CaseSnapshot {
    /// Applies the engine's decisions for `date`: letters become steps and contacts, fees and interest become ledger
    /// charges, escalations, reviews, referrals, stops and closures are recorded. The store does the same when it
    /// persists a day; tests and simulations use this to walk a case through time.
    public mutating func apply(_ decisions: [Decision], on date: LocalDate) throws(LedgerError) {
        for decision in decisions {
            switch decision.action {
            case .sendLetter(let stepId, let occurrence, let channel, let deadline):
                steps.append(
                    StepTaken(stepId: stepId, occurrence: occurrence, date: date, channel: channel, deadline: deadline))
                contact.history.append(ContactRecord(date: date, channel: channel))
            case .chargeFee(let feeId, let claimId, let component, let amount, let legalBasis):
                try ledger.charge(component, amount, claimId: claimId, on: date, ruleId: feeId, legalBasis: legalBasis)
            case .accrueInterest(let claimId, let amount, _, let through, _):
                try ledger.charge(
                    .interest, amount, claimId: claimId, on: date, ruleId: "interest",
                    legalBasis: decision.reasons.first?.legalBasis, periodThrough: through)
            case .escalateToSpecialist(let priority):
                escalations.append(EscalationRecord(date: date, priority: priority))
            case .reviewDue(let kind):
                reviews.append(ReviewRecord(kind: kind, date: date))
            case .referToCreditor:
                referredToCreditorOn = date
            case .stop:
                stoppedOn = date
            case .close:
                closedOn = date
            case .wait:
                break
            case .plan(let event):
                switch event {
                case .reviewOffer: plan = PlanSummary(state: .atRisk, since: date)
                case .broken: plan = PlanSummary(state: .broken, since: date)
                case .completed: plan = PlanSummary(state: .completed, since: date)
                case .nudge: break
                }
            }
        }
    }
}
