extension StrategyEngine {
    /// Interest from the day after the last accrual through `date`, leaving out every day a hold froze it.
    /// Nothing is accrued while the amount rounds down to zero, so small daily amounts are not lost: the span
    /// simply grows until it is worth a minor unit.
    func interestDecisions(_ snapshot: CaseSnapshot, on date: LocalDate) -> [Decision] {
        var out: [Decision] = []
        let ledger = snapshot.ledger
        for claim in ledger.claims {
            guard let bps = claim.annualInterestBasisPoints, bps > 0,
                let through = ledger.interestAccruedThrough(claimId: claim.id), through < date
            else { continue }
            let principal = ledger.balance(claimId: claim.id, component: .principal)
            guard principal.isPositive else { continue }
            let from = through.adding(days: 1)
            let span = from.days(until: date) + 1
            let frozen = frozenDays(snapshot.holds, from: from, through: date)
            let days = span - frozen
            let amount = InterestAccrual.amount(on: principal, annualBasisPoints: bps, days: days)
            guard amount.isPositive else { continue }
            var text =
                "Interest on claim \(claim.reference) at \(percent(bps)) a year on \(principal.decimalString) \(principal.currency.rawValue) for \(days) day\(days == 1 ? "" : "s") (\(from.iso) to \(date.iso))"
            if frozen > 0 { text += "; \(frozen) day\(frozen == 1 ? "" : "s") left out because a hold froze interest" }
            out.append(
                Decision(
                    .accrueInterest(claimId: claim.id, amount: amount, from: from, through: date, days: days),
                    reasons: [
                        Reason(
                            ruleId: "interest.simpleDaily",
                            // The same for every claim, so the store keeps the text once (the claim is in `text`).
                            legalBasis:
                                "The contractual or statutory rate the creditor gave for the claim; simple daily interest, rounded down.",
                            text: text + ".")
                    ]))
        }
        return out
    }

    /// Days in [from, through] on which a hold stopping interest was active.
    func frozenDays(_ holds: [Hold], from: LocalDate, through: LocalDate) -> Int {
        let freezing = holds.filter { $0.kind.effects.stopsInterest }
        guard !freezing.isEmpty, from <= through else { return 0 }
        var count = 0
        var d = from
        while d <= through {
            if freezing.contains(where: { $0.isActive(on: d) }) { count += 1 }
            d = d.adding(days: 1)
        }
        return count
    }

    func percent(_ bps: Int64) -> String {
        let whole = bps / 100
        let frac = bps % 100
        if frac == 0 { return "\(whole)%" }
        if frac % 10 == 0 { return "\(whole).\(frac / 10)%" }
        return "\(whole).\(frac < 10 ? "0" : "")\(frac)%"
    }
}
