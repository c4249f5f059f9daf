import ForbearCore
import SQLKit

/// What only some cases' days bring (an escalation, a plan's new state, a notice, a changed status), one statement
/// each. Worked out with the page's other rows, off the SQLite writer, so that the writer visits only the cases that
/// have any: looking through every case's decisions for them took the writer 0.7 s of CPU on a million cases, and
/// nearly none has one.
struct RareWrites: Sendable {
    enum Write: Sendable {
        case escalation(EscalationPriority, reason: String)
        case plan(PaymentPlan)
        /// A letter whose template is named: a plan nudge or review offer, or the paid-in-full letter.
        case notice(String, occurrence: Int)
        case status(String, closedOn: LocalDate?, stoppedOn: LocalDate?, referredOn: LocalDate?)
    }

    let caseId: String
    let writes: [Write]

    /// The rare writes of a case's day, in the order they are made; nil when it has none.
    init?(_ result: CaseStore.DayResult) {
        // In one pass over the decisions, each read where it lies (iterating the array, or its buffer's subscript,
        // copies each one out); escalations are made first, then the plan's state, then the notices.
        var escalations: [Write] = []
        var notices: [Write] = []
        var closes = false
        result.decisions.withUnsafeBufferPointer { all in
            for k in all.indices {
                let d = all.baseAddress.unsafelyUnwrapped + k
                switch d.pointee.action {
                case .escalateToSpecialist(let priority):
                    escalations.append(
                        .escalation(priority, reason: d.pointee.reasons.map(\.text).joined(separator: " ")))
                // A plan nudge or review offer is a letter to the customer, queued once.
                case .plan(.nudge(let n)): notices.append(.notice("planNudge", occurrence: n))
                case .plan(.reviewOffer):
                    notices.append(.notice("planReview", occurrence: (result.plan?.instalments.count ?? 0) + 1))
                case .close: closes = true
                default: break
                }
            }
        }
        var writes = escalations
        if let plan = result.plan, plan != result.loaded.plan { writes.append(.plan(plan)) }
        writes += notices
        // Paid in full: the customer gets a letter saying so.
        if closes { writes.append(.notice("paidInFull", occurrence: 1)) }
        let s = result.after
        let before = result.loaded.snapshot
        if s.closedOn != before.closedOn || s.stoppedOn != before.stoppedOn
            || s.referredToCreditorOn != before.referredToCreditorOn
        {
            let status = s.closedOn != nil ? "closed" : s.stoppedOn != nil ? "stopped" : "open"
            writes.append(
                .status(status, closedOn: s.closedOn, stoppedOn: s.stoppedOn, referredOn: s.referredToCreditorOn))
        }
        guard !writes.isEmpty else { return nil }
        self.caseId = result.loaded.record.id
        self.writes = writes
    }

    func write(on date: LocalDate, db: any SQLDatabase) async throws {
        for w in writes {
            switch w {
            case .escalation(let priority, let reason):
                try await EscalationStore.insert(
                    caseId: caseId, date: date, priority: priority, reason: reason, source: .engine,
                    by: "daily cycle", db: db)
            case .plan(let plan):
                try await db.raw(
                    """
                    UPDATE plans SET state = \(bind: plan.state.rawValue), since = \(bind: plan.stateSince.iso),
                    detail = \(bind: try json(plan)) WHERE case_id = \(bind: caseId)
                    """
                ).run()
            case .notice(let template, let occurrence):
                try await CaseStore.queueNotice(template, occurrence: occurrence, caseId: caseId, on: date, db: db)
            case .status(let status, let closedOn, let stoppedOn, let referredOn):
                try await db.raw(
                    """
                    UPDATE cases SET status = \(bind: status), closed_on = \(bind: closedOn?.iso),
                    stopped_on = \(bind: stoppedOn?.iso), referred_on = \(bind: referredOn?.iso)
                    WHERE id = \(bind: caseId)
                    """
                ).run()
            }
        }
    }
}
