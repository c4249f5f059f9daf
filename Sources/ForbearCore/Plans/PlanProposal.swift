public enum PlanFrequency: String, CaseIterable, Sendable, Codable, Hashable {
    case weekly, fortnightly, monthly

    /// Instalments a year.
    var perYear: Int64 {
        switch self {
        case .weekly: return 52
        case .fortnightly: return 26
        case .monthly: return 12
        }
    }

    func dueDate(start: LocalDate, index: Int) -> LocalDate {
        switch self {
        case .weekly: return start.adding(days: 7 * index)
        case .fortnightly: return start.adding(days: 14 * index)
        case .monthly: return start.adding(months: index)
        }
    }
}

/// A plan offered to a customer: how much, how often, from when, how many times.
public struct PlanProposal: Sendable, Hashable, Codable {
    public var instalment: Money
    public var frequency: PlanFrequency
    public var start: LocalDate
    public var count: Int
    /// The last instalment may be smaller so the plan pays exactly the balance.
    public var lastInstalment: Money
    public var total: Money
    /// The plan fee, when the country allows one and it is confirmed; otherwise nil with the reason in `reasons`.
    public var fee: FeeQuote?
    public var reasons: [Reason]

    /// The monthly equivalent of the instalment (weekly × 52 / 12), rounded up so an affordability check is never
    /// flattered by rounding.
    public var monthlyEquivalent: Money { PlanMath.monthly(instalment, frequency) }
}

/// Why a plan cannot be made: each says so in words a customer can read, without pressure.
public enum PlanRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case aboveAffordable(monthly: Money, affordable: Money)
    case belowMinimum(monthly: Money, minimum: Money)
    case tooLong(months: Int, max: Int)
    case notAffordable(AffordabilitySummary.Verdict)
    case nothingOwed

    public var description: String {
        switch self {
        case .aboveAffordable(let m, let a):
            return
                "We can't agree \(m.decimalString) a month: your budget shows \(a.decimalString) a month is what you can afford for this debt, and we don't want you to pay more than you can. A plan at or below that amount is fine."
        case .belowMinimum(let m, let min):
            return
                "\(m.decimalString) a month is below the smallest plan we can set up (\(min.decimalString)). We can pause collection while you get free debt advice instead."
        case .tooLong(let months, let max):
            return
                "At that amount the plan would run for \(months) months, longer than \(max). Let's look at it together, or we will ask the creditor what else can be done."
        case .notAffordable(let v):
            switch v {
            case .incomplete:
                return
                    "We need a fuller picture of your income and costs before a plan. There is no rush: we will pause while you get free advice."
            case .noCapacity:
                return
                    "Your budget shows nothing left for this debt right now, so we won't ask for payments. We will pause and point you to free debt advice."
            case .noRealisticAbility:
                return
                    "Your budget shows this debt can't be cleared in a reasonable time. We will ask the creditor what else can be done; you don't need to pay meanwhile."
            case .affordable:
                return "A plan is possible."
            }
        case .nothingOwed: return "There is nothing left to pay."
        }
    }
}

enum PlanMath {
    static func monthly(_ instalment: Money, _ frequency: PlanFrequency) -> Money {
        let v = (Int128(instalment.minorUnits) * Int128(frequency.perYear) + 11) / 12
        return Money(minorUnits: Int64(v), currency: instalment.currency)
    }

    /// The largest instalment whose monthly equivalent stays within `monthly`.
    static func instalment(forMonthly monthly: Money, _ frequency: PlanFrequency) -> Money {
        Money(minorUnits: monthly.minorUnits * 12 / frequency.perYear, currency: monthly.currency)
    }

    static func months(count: Int, _ frequency: PlanFrequency) -> Int {
        Int((Int64(count) * 12 + frequency.perYear - 1) / frequency.perYear)
    }
}
