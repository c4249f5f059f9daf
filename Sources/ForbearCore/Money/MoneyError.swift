/// Why a money operation was refused. Every case names what was wrong, so a caller can show a clear message.
public enum MoneyError: Error, Equatable, Sendable, CustomStringConvertible {
    case currencyMismatch(Currency, Currency)
    case overflow
    case invalidAmount(String)
    case emptyWeights
    case negativeWeight(Int64)
    case zeroTotalWeight

    public var description: String {
        switch self {
        case .currencyMismatch(let a, let b): return "cannot combine \(a.rawValue) with \(b.rawValue)"
        case .overflow: return "amount is out of range"
        case .invalidAmount(let text):
            return "\"\(text)\" is not an amount: use digits with a dot and at most two decimals, e.g. 1234.50"
        case .emptyWeights: return "nothing to split the amount over"
        case .negativeWeight(let w): return "weight \(w) is negative"
        case .zeroTotalWeight: return "the weights add up to zero"
        }
    }
}
