/// Simple daily interest: balance × annual rate × days / 365.
///
/// The result is rounded down to the minor unit, so rounding always falls in the customer's favour and never
/// creates interest that the rate does not justify.
public enum InterestAccrual {
    public static func amount(on balance: Money, annualBasisPoints: Int64, days: Int) -> Money {
        guard balance.isPositive, annualBasisPoints > 0, days > 0 else { return .zero(balance.currency) }
        let numerator = Int128(balance.minorUnits) * Int128(annualBasisPoints) * Int128(days)
        let value = numerator / Int128(10_000 * 365)
        return Money(minorUnits: Int64(clamping: value), currency: balance.currency)
    }
}
