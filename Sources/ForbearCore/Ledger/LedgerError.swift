public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownClaim(String)
    case currencyMismatch(expected: Currency, got: Currency)
    case notPositive(String)
    case duplicatePayment(String)
    case unknownPayment(String)
    case alreadyReversed(String)
    case feeWithoutLegalBasis(String)
    case money(MoneyError)

    public var description: String {
        switch self {
        case .unknownClaim(let id): return "claim \(id) is not in this case"
        case .currencyMismatch(let e, let g): return "the case is in \(e.rawValue) but the amount is in \(g.rawValue)"
        case .notPositive(let what): return "\(what) must be more than zero"
        case .duplicatePayment(let id): return "payment \(id) is already booked"
        case .unknownPayment(let id): return "payment \(id) is not booked on this case"
        case .alreadyReversed(let id): return "payment \(id) was already reversed"
        case .feeWithoutLegalBasis(let id): return "fee \(id) has no legal basis"
        case .money(let e): return e.description
        }
    }
}
