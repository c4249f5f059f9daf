/// Splits an amount over weights in proportion, exactly.
///
/// Largest-remainder (Hamilton) rounding: every part gets the floor of its exact share, then the minor units left
/// over go one each to the parts with the largest remainders (ties to the earlier part). The parts therefore always
/// add up to the amount, never more. Used for pro-rata offers to creditors and payment allocation across claims.
public enum ProRata {
    public static func split(_ amount: Money, weights: [Int64]) throws(MoneyError) -> [Money] {
        guard !weights.isEmpty else { throw .emptyWeights }
        if let negative = weights.first(where: { $0 < 0 }) { throw .negativeWeight(negative) }
        let total = weights.reduce(Int128(0)) { $0 + Int128($1) }
        guard total > 0 else { throw .zeroTotalWeight }

        let sign: Int128 = amount.minorUnits < 0 ? -1 : 1
        let magnitude = Int128(amount.minorUnits) * sign
        var floors = [Int128]()
        var remainders = [(index: Int, remainder: Int128)]()
        floors.reserveCapacity(weights.count)
        for (i, w) in weights.enumerated() {
            let exact = magnitude * Int128(w)
            floors.append(exact / total)
            remainders.append((i, exact % total))
        }
        var leftover = magnitude - floors.reduce(0, +)
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        var k = 0
        while leftover > 0 {
            floors[remainders[k].index] += 1
            leftover -= 1
            k += 1
        }
        return floors.map { Money(minorUnits: Int64($0 * sign), currency: amount.currency) }
    }

    /// Splits by money weights (e.g. balances) of the same currency as `amount`.
    public static func split(_ amount: Money, over weights: [Money]) throws(MoneyError) -> [Money] {
        for w in weights where w.currency != amount.currency {
            throw .currencyMismatch(amount.currency, w.currency)
        }
        return try split(amount, weights: weights.map(\.minorUnits))
    }
}
