extension StrategyEngine {
    /// Decisions that bring in a person: an urgent escalation for a crisis hold, the breathing space mid-point
    /// review, a vulnerability review that has come due. Each is raised once.
    func careDecisions(_ snapshot: CaseSnapshot, on date: LocalDate) -> [Decision] {
        var out: [Decision] = []
        for hold in snapshot.holds.active(on: date) where hold.kind == .crisis {
            let escalated = snapshot.escalations.contains { $0.date >= hold.start && $0.priority == .urgent }
            if !escalated {
                out.append(
                    Decision(
                        .escalateToSpecialist(priority: .urgent),
                        reasons: [
                            Reason(
                                ruleId: "hold.crisis.escalation", legalBasis: HoldKind.crisis.legalBasis,
                                text:
                                    "A crisis hold started on \(hold.start.iso): the Customer Care team must review this case first."
                            )
                        ]))
            }
        }
        for hold in snapshot.holds.active(on: date) {
            guard let window = HoldRules.midpointReviewWindow(hold), window.contains(date) else { continue }
            if !snapshot.reviews.contains(where: { $0.kind == .breathingSpaceMidpoint && $0.date >= hold.start }) {
                out.append(
                    Decision(
                        .reviewDue(.breathingSpaceMidpoint),
                        reasons: [
                            Reason(
                                ruleId: "hold.breathingSpace.midpoint", legalBasis: HoldKind.breathingSpace.legalBasis,
                                text:
                                    "Mid-point review of the breathing space that started \(hold.start.iso) is due by \(window.upperBound.iso).",
                                nextPossibleAction: window.upperBound)
                        ]))
            }
        }
        if snapshot.handleWithCare, let reviewOn = snapshot.vulnerabilityReviewOn, date >= reviewOn,
            !snapshot.reviews.contains(where: { $0.kind == .vulnerability && $0.date >= reviewOn })
        {
            out.append(
                Decision(
                    .reviewDue(.vulnerability),
                    reasons: [
                        Reason(
                            ruleId: "vulnerability.review",
                            legalBasis:
                                "FCA FG21/1 and GDPR Art. 5(1)(e): vulnerability information is reviewed and kept no longer than needed.",
                            text:
                                "The vulnerability review date \(reviewOn.iso) has come: confirm with the customer whether support is still needed."
                        )
                    ]))
        }
        return out
    }
}
