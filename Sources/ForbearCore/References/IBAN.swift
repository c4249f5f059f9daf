/// An International Bank Account Number, validated by length per country (where known) and MOD 97-10.
public struct IBAN: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// Lengths for the countries Forbear works in (ISO 13616 registry).
    static let lengths: [String: Int] = [
        "FI": 18, "NL": 18, "BE": 16, "DK": 18, "IT": 27, "GB": 22, "SE": 24, "DE": 22, "FR": 27, "ES": 24,
    ]

    public init?(_ text: String) {
        let c = compact(text)
        guard c.count >= 15, c.count <= 34, c.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) })
        else { return nil }
        let country = String(c.prefix(2))
        guard country.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { return nil }
        if let expected = IBAN.lengths[country], expected != c.count { return nil }
        guard Mod97.isValid(c) else { return nil }
        value = c
    }

    public var countryCode: String { String(value.prefix(2)) }

    /// Printed in blocks of four: `FI21 1234 5600 0007 85`.
    public var printed: String { grouped(value, size: 4) }

    public var description: String { value }
}
