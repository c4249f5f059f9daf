/// A fee worked out for a claim amount, with what it rests on: what the quote endpoint and the engine use.
public struct FeeQuote: Sendable, Hashable, Codable {
    public var feeId: String
    public var amount: Money
    public var cap: Money
    public var base: Money
    public var legalBasis: String
    public var status: RuleStatus
}

/// Why a fee cannot be charged.
public enum FeeRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownFee(String)
    case unknownStep(String)
    case stepHasNoFee(String)
    case unconfirmed(String)
    case maxChargesReached(feeId: String, max: Int)
    case currencyMismatch(expected: Currency, got: Currency)
    case money(MoneyError)

    public var description: String {
        switch self {
        case .unknownFee(let id): return "no fee \(id) in this rule pack"
        case .unknownStep(let id): return "no step \(id) in this rule pack"
        case .stepHasNoFee(let id): return "step \(id) is free of charge"
        case .unconfirmed(let id): return "the amount of fee \(id) is UNCONFIRMED, so it is never charged"
        case .maxChargesReached(let id, let max): return "fee \(id) may be charged at most \(max) times"
        case .currencyMismatch(let e, let g): return "this country's fees are in \(e.rawValue), not \(g.rawValue)"
        case .money(let e): return e.description
        }
    }
}

extension RulePack {
    /// Quotes fee `feeId` on `base`, refusing when the fee is unknown, UNCONFIRMED, or already charged as often as
    /// the law allows (`priorCharges`).
    public func quote(feeId: String, base: Money, priorCharges: Int = 0) throws(FeeRefusal) -> FeeQuote {
        guard let rule = fee(feeId) else { throw .unknownFee(feeId) }
        guard base.currency == primaryCurrency else {
            throw .currencyMismatch(expected: primaryCurrency, got: base.currency)
        }
        guard rule.isChargeable, let schedule = rule.schedule else { throw .unconfirmed(feeId) }
        if let max = rule.maxCharges, priorCharges >= max { throw .maxChargesReached(feeId: feeId, max: max) }
        do {
            let amount = try schedule.fee(for: base)
            let cap = try schedule.cap(for: base)
            return FeeQuote(
                feeId: feeId, amount: amount, cap: cap, base: base, legalBasis: rule.legalBasis, status: rule.status)
        } catch {
            throw .money(error)
        }
    }

    /// Quotes the fee of step `stepId`, or the country's statutory collection cost when `stepId` is nil.
    public func quote(step stepId: String?, base: Money, priorCharges: Int = 0) throws(FeeRefusal) -> FeeQuote {
        if let stepId {
            guard let step = step(stepId) else { throw .unknownStep(stepId) }
            guard let feeId = step.feeId else { throw .stepHasNoFee(stepId) }
            return try quote(feeId: feeId, base: base, priorCharges: priorCharges)
        }
        guard let feeId = statutoryCollectionFeeId else { throw .unknownFee("statutory collection cost") }
        return try quote(feeId: feeId, base: base, priorCharges: priorCharges)
    }
}
