public struct Instalment: Sendable, Hashable, Codable {
    public var number: Int
    public var due: LocalDate
    public var amount: Money
    public var paid: Money
    /// The customer moved this instalment (at most `maxDelayDays` later).
    public var delayedTo: LocalDate?
    /// The customer skipped this instalment; an extra one was added at the end.
    public var skipped: Bool = false

    public var effectiveDue: LocalDate { delayedTo ?? due }
    public var isPaid: Bool { skipped || paid.minorUnits >= amount.minorUnits }
    public var outstanding: Money {
        Money(minorUnits: skipped ? 0 : max(0, amount.minorUnits - paid.minorUnits), currency: amount.currency)
    }
}

/// Something plan monitoring wants done, with its reason.
public enum PlanEvent: Sendable, Hashable, Codable {
    /// An instalment is a little late: a friendly reminder, not a breach.
    case nudge(instalment: Int)
    /// The plan is at risk: ask whether it is still affordable before anything else happens.
    case reviewOffer
    case broken
    case completed
}

public enum PlanChangeRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownInstalment(Int)
    case alreadyPaid(Int)
    case delayTooLong(maxDays: Int)
    case noSkipsLeft
    case planNotRunning

    public var description: String {
        switch self {
        case .unknownInstalment(let n): return "there is no instalment \(n)"
        case .alreadyPaid(let n): return "instalment \(n) is already paid"
        case .delayTooLong(let d): return "an instalment can be moved by up to \(d) days"
        case .noSkipsLeft: return "this plan has no skips left; we can look at the plan again together instead"
        case .planNotRunning: return "this plan is not running"
        }
    }
}

/// A payment plan that tolerates a bad month: a late instalment gets a nudge, a customer can move one instalment by
/// up to 14 days or skip one (added at the end), a plan at risk gets a review offer before it can break, and
/// re-planning carries no penalty.
public struct PaymentPlan: Sendable, Hashable, Codable {
    public var id: String
    /// The day the customer accepted the plan: payments from then on count towards it.
    public var acceptedOn: LocalDate
    public var frequency: PlanFrequency
    public var policy: CreditorPolicy
    public private(set) var instalments: [Instalment]
    public private(set) var state: PlanSummary.State
    public private(set) var stateSince: LocalDate
    public private(set) var skipsUsed = 0
    private var nudged: Set<Int> = []

    public init(id: String, proposal: PlanProposal, policy: CreditorPolicy, acceptedOn: LocalDate) {
        self.id = id
        self.acceptedOn = acceptedOn
        self.frequency = proposal.frequency
        self.policy = policy
        self.instalments = (0..<proposal.count).map { i in
            Instalment(
                number: i + 1, due: proposal.frequency.dueDate(start: proposal.start, index: i),
                amount: i == proposal.count - 1 ? proposal.lastInstalment : proposal.instalment,
                paid: .zero(proposal.instalment.currency))
        }
        self.state = .active
        self.stateSince = acceptedOn
    }

    public var summary: PlanSummary { PlanSummary(state: state, since: stateSince) }

    public var outstanding: Money {
        Money(
            minorUnits: instalments.reduce(0) { $0 + $1.outstanding.minorUnits },
            currency: instalments[0].amount.currency)
    }

    /// Applies a payment to the oldest unpaid instalments; returns what the plan could not use (for the ledger to
    /// hold as credit or apply to the balance).
    @discardableResult
    public mutating func pay(_ amount: Money, on date: LocalDate) -> Money {
        var rest = amount.minorUnits
        for i in instalments.indices where rest > 0 && !instalments[i].isPaid {
            let take = min(rest, instalments[i].outstanding.minorUnits)
            instalments[i].paid = Money(minorUnits: instalments[i].paid.minorUnits + take, currency: amount.currency)
            rest -= take
        }
        return Money(minorUnits: rest, currency: amount.currency)
    }

    /// Sets what has been paid towards the plan to `total`, filling instalments oldest first. The daily cycle calls
    /// this with everything received since the plan was accepted, so the plan always agrees with the ledger.
    public mutating func settle(totalPaid total: Money) {
        for i in instalments.indices where !instalments[i].skipped { instalments[i].paid = .zero(total.currency) }
        pay(total, on: acceptedOn)
    }

    /// The customer moves instalment `number` to `date` (at most `maxDelayDays` after its original due date).
    public mutating func delay(instalment number: Int, to date: LocalDate) throws(PlanChangeRefusal) {
        guard state == .active || state == .atRisk else { throw .planNotRunning }
        guard let i = instalments.firstIndex(where: { $0.number == number }) else { throw .unknownInstalment(number) }
        guard !instalments[i].isPaid else { throw .alreadyPaid(number) }
        guard instalments[i].due.days(until: date) <= policy.maxDelayDays, date >= instalments[i].due else {
            throw .delayTooLong(maxDays: policy.maxDelayDays)
        }
        instalments[i].delayedTo = date
    }

    /// The customer skips instalment `number`; one more instalment of the same amount is added at the end.
    public mutating func skip(instalment number: Int) throws(PlanChangeRefusal) {
        guard state == .active || state == .atRisk else { throw .planNotRunning }
        guard let i = instalments.firstIndex(where: { $0.number == number }) else { throw .unknownInstalment(number) }
        guard !instalments[i].isPaid else { throw .alreadyPaid(number) }
        guard skipsUsed < policy.allowedSkips else { throw .noSkipsLeft }
        let moved = instalments[i].outstanding
        instalments[i].skipped = true
        skipsUsed += 1
        let last = instalments[instalments.count - 1]
        instalments.append(
            Instalment(
                number: last.number + 1, due: frequency.dueDate(start: last.due, index: 1), amount: moved,
                paid: .zero(moved.currency)))
    }

    /// Instalments past their grace period and unpaid.
    public func missed(on date: LocalDate) -> [Instalment] {
        instalments.filter { !$0.isPaid && $0.effectiveDue.days(until: date) > policy.graceDays }
    }

    /// Daily monitoring. The order of states is fixed: active → at risk (review offer) → broken; a plan never breaks
    /// without having been at risk for at least the grace period first.
    public mutating func review(on date: LocalDate) -> [(PlanEvent, Reason)] {
        guard state == .active || state == .atRisk else { return [] }
        var events: [(PlanEvent, Reason)] = []
        if instalments.allSatisfy(\.isPaid) {
            state = .completed
            stateSince = date
            return [
                (
                    .completed,
                    Reason(
                        ruleId: "plan.completed", legalBasis: "The plan agreed with the customer.",
                        text: "Every instalment is paid: the plan is complete.")
                )
            ]
        }
        for inst in instalments where !inst.isPaid && !nudged.contains(inst.number) {
            let late = inst.effectiveDue.days(until: date)
            if late >= 1 && late <= policy.graceDays {
                nudged.insert(inst.number)
                events.append(
                    (
                        .nudge(instalment: inst.number),
                        Reason(
                            ruleId: "plan.late",
                            legalBasis: "Forbear policy: a late instalment gets a friendly reminder, not a breach.",
                            text:
                                "Instalment \(inst.number) (due \(inst.effectiveDue.iso)) is \(late) day\(late == 1 ? "" : "s") late: a friendly reminder."
                        )
                    ))
            }
        }
        let missed = missed(on: date).count
        if missed == 0 {
            if state == .atRisk {
                state = .active
                stateSince = date
            }
            return events
        }
        if state == .active {
            state = .atRisk
            stateSince = date
            events.append(
                (
                    .reviewOffer,
                    Reason(
                        ruleId: "plan.atRisk",
                        legalBasis: "FCA CONC 7.3: check a plan is still affordable before treating it as broken.",
                        text:
                            "\(missed) instalment\(missed == 1 ? "" : "s") missed: we offer a review — is the plan still affordable?"
                    )
                ))
        } else if missed > policy.allowedMissedInstalments, stateSince.days(until: date) >= policy.graceDays {
            state = .broken
            stateSince = date
            events.append(
                (
                    .broken,
                    Reason(
                        ruleId: "plan.broken",
                        legalBasis:
                            "The plan agreed with the customer; a new affordability check comes before any other collection.",
                        text:
                            "\(missed) instalments missed, more than the \(policy.allowedMissedInstalments) the plan allows, and the review offer went unanswered: the plan has ended."
                    )
                ))
        }
        return events
    }

    /// A new plan for what is still owed, with no fee or penalty for re-planning; payments made so far stay counted.
    public mutating func replan(with proposal: PlanProposal, on date: LocalDate) {
        let paid = instalments.filter { $0.paid.isPositive && !$0.skipped }
        let offset = (paid.map(\.number).max() ?? 0)
        instalments = paid.map {
            var p = $0; p.amount = p.paid; return p
        }
        for i in 0..<proposal.count {
            instalments.append(
                Instalment(
                    number: offset + i + 1, due: proposal.frequency.dueDate(start: proposal.start, index: i),
                    amount: i == proposal.count - 1 ? proposal.lastInstalment : proposal.instalment,
                    paid: .zero(proposal.instalment.currency)))
        }
        frequency = proposal.frequency
        skipsUsed = 0
        nudged = []
        state = .active
        stateSince = date
    }
}
