/// What happens next on a case, as a customer needs to hear it: the one thing that governs the case today.
public enum CaseOutlook: Sendable, Hashable {
    /// Nothing is owed any more.
    case closed
    /// Collection waits: the hold that stops payment requests and lasts longest (nil end: until it is lifted).
    case onHold(HoldKind, until: LocalDate?)
    /// A plan is running; nothing else is asked while it is kept.
    case plan(PlanSummary.State)
    /// The last letter asked for payment or contact by this date.
    case payBy(LocalDate)
    /// Nothing has been sent yet.
    case notStarted

    /// The outlook on `date`. A hold wins over a plan, a plan over the last letter's date.
    public static func of(_ s: CaseSnapshot, on date: LocalDate) -> CaseOutlook {
        if !s.isOpen || !s.ledger.totalBalance.isPositive { return .closed }
        let holds = s.holds.stopping(\.stopsPaymentRequests, on: date)
        if let open = holds.first(where: { $0.effectiveEnd == nil }) { return .onHold(open.kind, until: nil) }
        if let longest = holds.max(by: { ($0.effectiveEnd ?? date) < ($1.effectiveEnd ?? date) }) {
            return .onHold(longest.kind, until: longest.effectiveEnd)
        }
        if let plan = s.plan, [.proposed, .active, .atRisk].contains(plan.state) { return .plan(plan.state) }
        if let last = s.steps.max(by: { ($0.date, $0.deadline) < ($1.date, $1.deadline) }) {
            return .payBy(last.deadline)
        }
        return .notStarted
    }
}
