/// Settings an organisation may change without touching the law in the rule packs.
public struct EngineSettings: Sendable, Hashable {
    /// Forbear does not add collection costs on cases flagged "handle with care".
    public var waiveFeesWhenHandleWithCare: Bool
    public var contactPolicy: ContactPolicy

    public init(waiveFeesWhenHandleWithCare: Bool = true, contactPolicy: ContactPolicy = ContactPolicy()) {
        self.waiveFeesWhenHandleWithCare = waiveFeesWhenHandleWithCare
        self.contactPolicy = contactPolicy
    }
}

/// The strategy engine: a pure function from a case snapshot and a date to decisions, each with its reasons.
///
/// Order of questions: is it paid? time-barred? what interest runs today? does anything need a person (crisis,
/// reviews)? does anything forbid asking for money (holds, affordability, a plan, a referral)? and only then:
/// which letter is next, is it time, may we contact the customer, and which fee may it carry?
public struct StrategyEngine: Sendable {
    public var settings: EngineSettings

    public init(settings: EngineSettings = EngineSettings()) {
        self.settings = settings
    }

    public func decide(_ snapshot: CaseSnapshot, on date: LocalDate, pack: RulePack) -> [Decision] {
        guard snapshot.isOpen, snapshot.dueDate != nil else { return [] }
        let country = pack.country.rawValue
        let ledger = snapshot.ledger

        if ledger.total(.charge, component: .principal).isPositive, ledger.totalBalance.minorUnits <= 0 {
            var reasons = [
                Reason(
                    ruleId: "case.paid", legalBasis: "Forbear policy: a case with nothing left to pay is closed.",
                    text:
                        "Everything is paid: the balance is \(ledger.totalBalance.decimalString) \(ledger.currency.rawValue)."
                )
            ]
            if ledger.credit.isPositive {
                reasons.append(
                    Reason(
                        ruleId: "case.credit", legalBasis: "Forbear policy: overpayments are refunded.",
                        text:
                            "A credit of \(ledger.credit.decimalString) \(ledger.currency.rawValue) is held and proposed for refund."
                    ))
            }
            return [Decision(.close, reasons: reasons)]
        }

        if let rule = pack.limitation.value, let barred = Limitation.barredFrom(snapshot, rule: rule, asOf: date),
            date >= barred
        {
            return [
                Decision(
                    .stop,
                    reasons: [
                        Reason(
                            ruleId: "\(country).limitation", legalBasis: pack.limitation.legalBasis,
                            text:
                                "The claim is time-barred since \(barred.iso): collection stops and nothing more is asked."
                        )
                    ])
            ]
        }

        var decisions = interestDecisions(snapshot, on: date)
        decisions += careDecisions(snapshot, on: date)

        let blockers = paymentRequestBlockers(snapshot, on: date, pack: pack, decisions: &decisions)
        if !blockers.isEmpty {
            decisions.append(Decision(.wait, reasons: blockers))
            return decisions
        }
        decisions += stepDecisions(snapshot, on: date, pack: pack)
        return decisions
    }
}
