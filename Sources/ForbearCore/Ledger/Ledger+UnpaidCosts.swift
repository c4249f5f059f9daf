extension Ledger {
    /// Each cost still owed, by the rule that charged it, in the order first charged: what a letter itemises.
    /// Whatever has been paid or written off against costs is taken from the oldest charge first, so the rows
    /// always add up to the cost balance (`fee` plus `planFee`).
    public var unpaidCosts: [(ruleId: String, amount: Money)] {
        var charged: [(ruleId: String, minor: Int64)] = []
        for e in entries where e.kind == .charge && (e.component == .fee || e.component == .planFee) {
            let rule = e.ruleId ?? e.component.rawValue
            if let i = charged.firstIndex(where: { $0.ruleId == rule }) {
                charged[i].minor += e.amount.minorUnits
            } else {
                charged.append((rule, e.amount.minorUnits))
            }
        }
        let owed = balance(of: .fee).minorUnits + balance(of: .planFee).minorUnits
        var settled = charged.reduce(0) { $0 + $1.minor } - owed
        var out: [(ruleId: String, amount: Money)] = []
        for (rule, minor) in charged {
            let covered = min(max(settled, 0), minor)
            settled -= covered
            if minor > covered { out.append((rule, Money(minorUnits: minor - covered, currency: currency))) }
        }
        return out
    }
}

extension Ledger {
    /// What is owed in costs (fees and plan fees), on one claim or, with nil, on the whole case.
    public func costsBalance(claimId: String? = nil) -> Money {
        let parts = Component.allCases.filter(\.isCost).map { c in
            claimId.map { balance(claimId: $0, component: c) } ?? balance(of: c)
        }
        return Money(minorUnits: parts.reduce(0) { $0 + $1.minorUnits }, currency: currency)
    }
}
