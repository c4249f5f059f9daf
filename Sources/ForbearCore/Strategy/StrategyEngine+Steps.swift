extension StrategyEngine {
    /// The next letter of the timeline, its earliest date with the rule that sets it, and its occurrence number.
    public struct NextStep: Sendable, Hashable {
        public var step: StepRule
        public var occurrence: Int
        public var earliest: LocalDate
        public var reason: Reason
    }

    /// The next step to send, or nil when every step has been sent as often as allowed.
    public func nextStep(_ snapshot: CaseSnapshot, pack: RulePack) -> NextStep? {
        guard let due = snapshot.dueDate else { return nil }
        let last = snapshot.steps.last
        for step in pack.steps {
            let sent = snapshot.steps.filter { $0.stepId == step.id }.count
            guard sent < step.occurrences else { continue }
            var best: (LocalDate, TimingRule, LocalDate)?
            for t in step.earliest {
                let anchor: LocalDate
                switch t.anchor {
                case .dueDate: anchor = due
                case .previousStep:
                    guard let last else { continue }
                    anchor = last.date
                case .previousDeadline:
                    guard let last else { continue }
                    anchor = last.deadline
                }
                let earliest = t.earliestDate(from: anchor)
                if best == nil || earliest > best!.0 { best = (earliest, t, anchor) }
            }
            guard let (earliest, rule, anchor) = best else { continue }
            let name = step.name(in: .en)
            let nth = step.occurrences > 1 ? " (\(ordinal(sent + 1)) of at most \(step.occurrences))" : ""
            let text: String
            switch rule.anchor {
            case .dueDate:
                text =
                    "\(name)\(nth) may be sent from \(earliest.iso), \(describe(rule)) after the due date \(anchor.iso)."
            case .previousStep:
                text =
                    "\(name)\(nth) may be sent from \(earliest.iso), \(describe(rule)) after the previous letter of \(anchor.iso)."
            case .previousDeadline:
                text =
                    "\(name)\(nth) may be sent from \(earliest.iso), once the time to pay the previous letter (until \(anchor.iso)) has passed."
            }
            return NextStep(
                step: step, occurrence: sent + 1, earliest: earliest,
                reason: Reason(ruleId: step.id, legalBasis: rule.legalBasis, text: text, nextPossibleAction: earliest))
        }
        return nil
    }

    func stepDecisions(_ snapshot: CaseSnapshot, on date: LocalDate, pack: RulePack) -> [Decision] {
        guard let next = nextStep(snapshot, pack: pack) else {
            return [endOfTimeline(snapshot, on: date, pack: pack)]
        }
        if date < next.earliest {
            var reason = next.reason
            reason.text = "Not yet: " + reason.text
            return [Decision(.wait, reasons: [reason])]
        }
        let verdict = settings.contactPolicy.chooseWritten(on: date, pack: pack, customer: snapshot.contact)
        guard let channel = verdict.channel else { return [Decision(.wait, reasons: verdict.reasons)] }

        let step = next.step
        let deadline = step.paymentTerm.deadline(sent: date, channel: channel)
        var sendReasons = [
            Reason(
                ruleId: step.id, legalBasis: step.legalBasis,
                text: next.reason.text),
            Reason(
                ruleId: "\(step.id).paymentTerm", legalBasis: step.paymentTerm.legalBasis,
                text: "The letter gives until \(deadline.iso) to pay or object (\(step.paymentTerm.days) days).",
                nextPossibleAction: deadline.adding(days: 1)),
        ]
        sendReasons += verdict.reasons
        var decisions: [Decision] = []
        var feeDecision: Decision?
        if let feeId = step.feeId {
            switch feeFor(feeId, snapshot, on: date, pack: pack) {
            case .success(let d): feeDecision = d
            case .failure(let why): sendReasons.append(why.reason)
            }
        }
        decisions.append(
            Decision(
                .sendLetter(stepId: step.id, occurrence: next.occurrence, channel: channel, deadline: deadline),
                reasons: sendReasons))
        if let feeDecision { decisions.append(feeDecision) }
        return decisions
    }

    /// The fee a step carries, or the reason it carries none.
    func feeFor(_ feeId: String, _ snapshot: CaseSnapshot, on date: LocalDate, pack: RulePack) -> Result<
        Decision, NoFee
    > {
        let ledger = snapshot.ledger
        if let hold = snapshot.holds.stopping(\.stopsFees, on: date).first {
            return .failure(
                NoFee(
                    reason: Reason(
                        ruleId: "hold.\(hold.kind.rawValue)", legalBasis: hold.kind.legalBasis,
                        text: "No fee: the \(hold.kind.label) hold stops fees.")))
        }
        if snapshot.handleWithCare, settings.waiveFeesWhenHandleWithCare {
            return .failure(
                NoFee(
                    reason: Reason(
                        ruleId: "policy.handleWithCare.noFees",
                        legalBasis: "Forbear policy: no collection costs are added on cases marked handle with care.",
                        text: "No fee: the customer needs extra care, so no collection costs are added.")))
        }
        let base = ledger.balance(of: .principal)
        guard base.isPositive,
            let claim = ledger.claimsOldestFirst.first(where: {
                ledger.balance(claimId: $0.id, component: .principal).isPositive
            })
        else {
            return .failure(
                NoFee(
                    reason: Reason(
                        ruleId: feeId, legalBasis: "Forbear policy.",
                        text: "No fee: no principal is outstanding.")))
        }
        do {
            let quote = try pack.quote(feeId: feeId, base: base, priorCharges: ledger.feeCharges(ruleId: feeId).count)
            let component = pack.fee(feeId)?.component ?? .fee
            return .success(
                Decision(
                    .chargeFee(
                        feeId: feeId, claimId: claim.id, component: component, amount: quote.amount,
                        legalBasis: quote.legalBasis),
                    reasons: [
                        Reason(
                            ruleId: feeId, legalBasis: quote.legalBasis,
                            text:
                                "Fee \(quote.amount.decimalString) \(base.currency.rawValue) on a principal of \(base.decimalString) (the most the law allows here is \(quote.cap.decimalString))."
                        )
                    ]))
        } catch {
            return .failure(
                NoFee(
                    reason: Reason(
                        ruleId: feeId, legalBasis: pack.fee(feeId)?.legalBasis ?? "",
                        text: "No fee: \(error.description).")))
        }
    }

    func endOfTimeline(_ snapshot: CaseSnapshot, on date: LocalDate, pack: RulePack) -> Decision {
        let lastDeadline = snapshot.steps.map(\.deadline).max() ?? date
        if date <= lastDeadline {
            return Decision(
                .wait,
                reasons: [
                    Reason(
                        ruleId: "timeline.lastStep", legalBasis: "The last letter's payment term.",
                        text: "The last voluntary letter gives until \(lastDeadline.iso) to pay or object.",
                        nextPossibleAction: lastDeadline.adding(days: 1))
                ])
        }
        let reason = Reason(
            ruleId: "timeline.complete",
            legalBasis:
                "Forbear policy: after the last voluntary letter a person decides, with the creditor, what happens next.",
            text:
                "Every voluntary letter has been sent and its time has passed: a person reviews the case with the creditor."
        )
        if snapshot.reviews.contains(where: { $0.kind == .endOfVoluntaryCollection }) {
            return Decision(.wait, reasons: [reason])
        }
        return Decision(.reviewDue(.endOfVoluntaryCollection), reasons: [reason])
    }

    func describe(_ rule: TimingRule) -> String {
        let unit = rule.days == 1 ? "day" : "days"
        return rule.counting == .fullDays ? "\(rule.days) full \(unit)" : "\(rule.days) \(unit)"
    }

    func ordinal(_ n: Int) -> String {
        switch n {
        case 1: return "1st"
        case 2: return "2nd"
        case 3: return "3rd"
        default: return "\(n)th"
        }
    }
}

/// Why a step's fee is not charged.
struct NoFee: Error {
    var reason: Reason
}
