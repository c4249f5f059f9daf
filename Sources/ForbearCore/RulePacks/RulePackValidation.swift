/// A problem in a rule pack file, with the JSON path where it is.
public struct RulePackProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var source: String
    public var path: String
    public var message: String

    public var description: String { "\(source): \(path): \(message)" }
}

extension RulePack {
    /// Checks what JSON decoding cannot: every rule has a legal basis, usable rules have values, ids are unique and
    /// referenced ids exist, money strings parse, bands ascend, terms meet their legal minimum.
    public func problems(source: String) -> [RulePackProblem] {
        var found: [RulePackProblem] = []
        func problem(_ path: String, _ message: String) {
            found.append(RulePackProblem(source: source, path: path, message: message))
        }
        func basis(_ path: String, _ text: String) {
            if text.allSatisfy(\.isWhitespace) { problem(path + ".legalBasis", "legal basis is empty") }
        }
        func rule<V>(_ path: String, _ r: Rule<V>) {
            basis(path, r.legalBasis)
            if r.status != .unconfirmed, r.value == nil {
                problem(path + ".value", "a \(r.status.rawValue) rule needs a value")
            }
        }
        let currency = primaryCurrency
        func amount(_ path: String, _ text: String?) {
            guard let text else { return }
            if (try? Money.parse(text, currency: currency)) == nil { problem(path, "\"\(text)\" is not an amount") }
        }

        rule("currency", self.currency)
        rule("languages", languages)
        rule("allocationOrder", allocationOrder)
        if let order = allocationOrder.value,
            Set(order) != Set(Component.allCases) || order.count != Component.allCases.count
        {
            problem("allocationOrder.value", "must list each of \(Component.allCases.map(\.rawValue)) exactly once")
        }
        rule("quietHours", quietHours)
        rule("emailConsent", emailConsent)
        rule("limitation", limitation)
        if let l = limitation.value, l.years <= 0 { problem("limitation.value.years", "must be more than zero") }
        rule("mandatoryLetterElements", mandatoryLetterElements)
        rule("envelope", envelope)
        rule("protectedIncome", protectedIncome)
        rule("contactFrequency", contactFrequency)
        if let p = protectedIncome.value {
            amount("protectedIncome.value.perDay", p.perDay)
            amount("protectedIncome.value.perDependantPerDay", p.perDependantPerDay)
            for (k, v) in (p.monthlyByHousehold ?? [:]).sorted(by: { $0.key < $1.key }) {
                amount("protectedIncome.value.monthlyByHousehold.\(k)", v)
            }
        }
        for (i, note) in (notes ?? []).enumerated() { rule("notes[\(i)]", note) }

        if steps.isEmpty { problem("steps", "a rule pack needs at least one step") }
        var stepIds = Set<String>()
        for (i, step) in steps.enumerated() {
            let path = "steps[\(i)] (\(step.id))"
            if !stepIds.insert(step.id).inserted { problem(path + ".id", "duplicate step id") }
            basis(path, step.legalBasis)
            if step.names["en"] == nil { problem(path + ".names", "needs at least an English name") }
            if step.earliest.isEmpty { problem(path + ".earliest", "needs at least one timing rule") }
            if i == 0, !step.earliest.contains(where: { $0.anchor == .dueDate }) {
                problem(path + ".earliest", "the first step needs a timing rule counted from the due date")
            }
            for (j, t) in step.earliest.enumerated() {
                basis("\(path).earliest[\(j)]", t.legalBasis)
                if t.days < 0 { problem("\(path).earliest[\(j)].days", "must not be negative") }
            }
            let term = step.paymentTerm
            basis(path + ".paymentTerm", term.legalBasis)
            if term.days < 1 { problem(path + ".paymentTerm.days", "must be at least 1") }
            if let min = term.minimumDays, term.days < min {
                problem(path + ".paymentTerm.days", "gives \(term.days) days but the law asks for at least \(min)")
            }
            if term.start == .dayAfterReceipt, term.receiptDays == nil {
                problem(path + ".paymentTerm.receiptDays", "needed when the term starts after receipt")
            }
            if term.start == .workingDayAfterSending, term.workingDays == nil {
                problem(path + ".paymentTerm.workingDays", "needed when the term starts on a working day")
            }
            if let feeId = step.feeId, fee(feeId) == nil { problem(path + ".feeId", "no fee \(feeId) in this pack") }
            if let max = step.maxOccurrences, max < 1 { problem(path + ".maxOccurrences", "must be at least 1") }
        }

        var feeIds = Set<String>()
        for (i, f) in fees.enumerated() {
            let path = "fees[\(i)] (\(f.id))"
            if !feeIds.insert(f.id).inserted { problem(path + ".id", "duplicate fee id") }
            basis(path, f.legalBasis)
            if f.status != .unconfirmed, f.schedule == nil {
                problem(path + ".schedule", "a \(f.status.rawValue) fee needs a schedule")
            }
            guard let s = f.schedule else { continue }
            amount(path + ".schedule.amount", s.amount)
            amount(path + ".schedule.minimum", s.minimum)
            amount(path + ".schedule.maximum", s.maximum)
            switch s.kind {
            case .fixed:
                if s.amount == nil { problem(path + ".schedule.amount", "a fixed fee needs an amount") }
            case .bands:
                let bands = s.bands ?? []
                if bands.isEmpty { problem(path + ".schedule.bands", "needs at least one band") }
                var last: Int64 = -1
                for (j, b) in bands.enumerated() {
                    amount("\(path).schedule.bands[\(j)].fixed", b.fixed)
                    amount("\(path).schedule.bands[\(j)].upTo", b.upTo)
                    if let up = b.upTo, let m = try? Money.parse(up, currency: currency) {
                        if m.minorUnits <= last { problem("\(path).schedule.bands[\(j)].upTo", "bands must ascend") }
                        last = m.minorUnits
                    } else if b.upTo == nil, j != bands.count - 1 {
                        problem("\(path).schedule.bands[\(j)].upTo", "only the last band may be open")
                    }
                }
            case .slices:
                let slices = s.slices ?? []
                if slices.isEmpty { problem(path + ".schedule.slices", "needs at least one slice") }
                for (j, sl) in slices.enumerated() {
                    amount("\(path).schedule.slices[\(j)].size", sl.size)
                    if sl.size == nil, j != slices.count - 1 {
                        problem("\(path).schedule.slices[\(j)].size", "only the last slice may be open")
                    }
                }
            }
            if let fr = s.fraction, fr.count != 2 || fr[0] < 0 || fr[1] <= 0 || fr[0] > fr[1] {
                problem(path + ".schedule.fraction", "must be [numerator, denominator] with 0 ≤ n ≤ d")
            }
        }
        if let id = statutoryCollectionFeeId, fee(id) == nil {
            problem("statutoryCollectionFeeId", "no fee \(id) in this pack")
        }
        return found
    }
}
