/// How a fee is computed from the claim amount it is based on.
///
/// - `fixed`: one amount.
/// - `bands`: the band containing the amount gives a fixed part plus a percentage of the amount above the band's
///   lower bound (FI demand fee, BE indemnity). Bands are ordered; `upTo` is inclusive, the last band is open.
/// - `slices`: a percentage of each slice of the amount, added up (NL WIK scale).
/// `minimum` and `maximum` bound the result; `fraction` scales it (FI repeat demand: half).
public struct FeeSchedule: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable { case fixed, bands, slices }

    public struct Band: Sendable, Codable, Hashable {
        /// Inclusive upper bound as a decimal string; nil for the last, open band.
        public var upTo: String?
        public var fixed: String
        /// Percentage of the amount above the band's lower bound, in basis points (10 % = 1000).
        public var percentBasisPoints: Int64?
    }

    public struct Slice: Sendable, Codable, Hashable {
        /// Size of the slice as a decimal string; nil for "everything above".
        public var size: String?
        public var percentBasisPoints: Int64
    }

    public var kind: Kind
    public var amount: String?
    public var bands: [Band]?
    public var slices: [Slice]?
    public var minimum: String?
    public var maximum: String?
    /// `[numerator, denominator]`.
    public var fraction: [Int64]?

    /// The fee for a claim amount `base`. Throws only on malformed data, which validation rejects at load time.
    public func fee(for base: Money) throws(MoneyError) -> Money {
        let currency = base.currency
        func money(_ text: String) throws(MoneyError) -> Money { try Money.parse(text, currency: currency) }
        var result: Money
        switch kind {
        case .fixed:
            result = try money(amount ?? "")
        case .bands:
            result = try bandFee(base, money)
        case .slices:
            result = try sliceFee(base, money)
        }
        if let minimum, result.minorUnits < (try money(minimum)).minorUnits { result = try money(minimum) }
        if let maximum, result.minorUnits > (try money(maximum)).minorUnits { result = try money(maximum) }
        if let fraction, fraction.count == 2 {
            // Round down: a derived fee must never exceed its share of the capped fee.
            let scaled = Int128(result.minorUnits) * Int128(fraction[0]) / Int128(fraction[1])
            result = Money(minorUnits: Int64(scaled), currency: currency)
        }
        return result
    }

    /// The highest fee the schedule can produce for `base` before any fraction: the cap a property test checks.
    public func cap(for base: Money) throws(MoneyError) -> Money {
        var copy = self
        copy.fraction = nil
        return try copy.fee(for: base)
    }

    private func bandFee(_ base: Money, _ money: (String) throws(MoneyError) -> Money) throws(MoneyError) -> Money {
        var lower = Money.zero(base.currency)
        for band in bands ?? [] {
            let upper = try band.upTo.map { (t: String) throws(MoneyError) -> Money in try money(t) }
            if upper == nil || base.minorUnits <= upper!.minorUnits {
                var fee = try money(band.fixed)
                if let bps = band.percentBasisPoints, bps > 0, base.minorUnits > lower.minorUnits {
                    fee = try fee.plus(try base.minus(lower).scaled(by: bps, over: 10_000))
                }
                return fee
            }
            lower = upper!
        }
        return .zero(base.currency)
    }

    private func sliceFee(_ base: Money, _ money: (String) throws(MoneyError) -> Money) throws(MoneyError) -> Money {
        var rest = Swift.max(0, base.minorUnits)
        var total = Money.zero(base.currency)
        for slice in slices ?? [] where rest > 0 {
            let size = try slice.size.map { (t: String) throws(MoneyError) -> Int64 in try money(t).minorUnits } ?? rest
            let part = Swift.min(rest, size)
            rest -= part
            total = try total.plus(
                try Money(minorUnits: part, currency: base.currency).scaled(by: slice.percentBasisPoints, over: 10_000))
        }
        return total
    }
}

/// A fee a step may charge, with the cap it is held to and its legal basis.
public struct FeeRule: Sendable, Codable, Hashable, Identifiable {
    public var id: String
    public var names: [String: String]?
    public var component: Component?
    /// nil when the amount is UNCONFIRMED: such a fee is shown to operators but never charged.
    public var schedule: FeeSchedule?
    /// How many times the fee may be charged on one case (DK: three reminder fees).
    public var maxCharges: Int?
    public var legalBasis: String
    public var status: RuleStatus

    public var isChargeable: Bool { schedule != nil && status != .unconfirmed }
}
