/// An exact amount: minor units (cents, øre, pence) in `Int64` with its currency. Never a floating-point number.
///
/// Arithmetic is checked: mixing currencies or overflowing throws instead of trapping or wrapping.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Whole major units, e.g. `Money(major: 200, .EUR)` is €200.00.
    public init(major: Int64, _ currency: Currency) {
        self.init(minorUnits: major * currency.minorPerMajor, currency: currency)
    }

    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    public var isZero: Bool { minorUnits == 0 }
    public var isNegative: Bool { minorUnits < 0 }
    public var isPositive: Bool { minorUnits > 0 }

    public func plus(_ other: Money) throws(MoneyError) -> Money {
        try sameCurrency(other)
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        if overflow { throw .overflow }
        return Money(minorUnits: sum, currency: currency)
    }

    public func minus(_ other: Money) throws(MoneyError) -> Money {
        try sameCurrency(other)
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        if overflow { throw .overflow }
        return Money(minorUnits: difference, currency: currency)
    }

    public func times(_ factor: Int64) throws(MoneyError) -> Money {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: factor)
        if overflow { throw .overflow }
        return Money(minorUnits: product, currency: currency)
    }

    public var negated: Money { Money(minorUnits: -minorUnits, currency: currency) }

    /// `self × numerator / denominator`, rounded half away from zero, computed without intermediate overflow for
    /// any realistic amount (the product is taken in 128 bits).
    public func scaled(by numerator: Int64, over denominator: Int64) throws(MoneyError) -> Money {
        precondition(denominator > 0, "denominator must be positive")
        let value = try Money.divideRounded(
            Int128(minorUnits) * Int128(numerator), by: Int128(denominator))
        return Money(minorUnits: value, currency: currency)
    }

    /// Rounds half away from zero and checks the result fits in Int64.
    static func divideRounded(_ dividend: Int128, by divisor: Int128) throws(MoneyError) -> Int64 {
        let quotient = dividend / divisor
        let remainder = dividend % divisor
        var result = quotient
        if remainder != 0, (remainder < 0 ? -remainder : remainder) * 2 >= divisor {
            result += dividend < 0 ? -1 : 1
        }
        guard let exact = Int64(exactly: result) else { throw .overflow }
        return exact
    }

    private func sameCurrency(_ other: Money) throws(MoneyError) {
        if other.currency != currency { throw .currencyMismatch(currency, other.currency) }
    }

    /// Plain machine form used in the API and files: `-1234.50`, no grouping, always two decimals.
    public var decimalString: String {
        let per = currency.minorPerMajor
        let magnitude = minorUnits.magnitude
        let major = magnitude / UInt64(per)
        let minor = magnitude % UInt64(per)
        let minorText = minor < 10 ? "0\(minor)" : "\(minor)"
        return (minorUnits < 0 ? "-" : "") + "\(major).\(minorText)"
    }

    public var description: String { "\(decimalString) \(currency.rawValue)" }

    /// Parses a decimal with a dot (`1234`, `1234.5`, `1234.50`, `-3.10`); at most two decimals, no grouping.
    public static func parse(_ text: some StringProtocol, currency: Currency) throws(MoneyError) -> Money {
        let original = String(text)
        var bytes = Substring(original).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        } else if bytes.first == UInt8(ascii: "+") {
            bytes = bytes.dropFirst()
        }
        var major: Int64 = 0
        var minor: Int64 = 0
        var minorDigits = 0
        var seenDot = false
        var majorDigits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if seenDot { throw .invalidAmount(original) }
                seenDot = true
                continue
            }
            guard byte >= 48, byte <= 57 else { throw .invalidAmount(original) }
            let digit = Int64(byte - 48)
            if seenDot {
                minorDigits += 1
                if minorDigits > currency.minorDigits { throw .invalidAmount(original) }
                minor = minor * 10 + digit
            } else {
                majorDigits += 1
                let (m1, o1) = major.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(digit)
                if o1 || o2 { throw .overflow }
                major = m2
            }
        }
        if majorDigits == 0 || (seenDot && minorDigits == 0) { throw .invalidAmount(original) }
        for _ in minorDigits..<currency.minorDigits { minor *= 10 }
        let (scaled, o3) = major.multipliedReportingOverflow(by: currency.minorPerMajor)
        let (total, o4) = scaled.addingReportingOverflow(minor)
        if o3 || o4 { throw .overflow }
        return Money(minorUnits: negative ? -total : total, currency: currency)
    }
}

extension Sequence where Element == Money {
    /// Checked sum; an empty sequence sums to zero in `currency`.
    public func sum(in currency: Currency) throws(MoneyError) -> Money {
        var total = Money.zero(currency)
        for m in self { total = try total.plus(m) }
        return total
    }
}

extension Money: Codable {
    private enum CodingKeys: String, CodingKey { case amount, currency }

    /// JSON form `{"amount": "625.00", "currency": "EUR"}`: a decimal string, never a float.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let currency = try c.decode(Currency.self, forKey: .currency)
        let text = try c.decode(String.self, forKey: .amount)
        do {
            self = try Money.parse(text, currency: currency)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .amount, in: c, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(decimalString, forKey: .amount)
        try c.encode(currency, forKey: .currency)
    }
}
