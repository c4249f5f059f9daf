/// ISO 11649 structured creditor reference: "RF", two check digits, and up to 21 letters or digits.
public struct RFReference: Hashable, Sendable, CustomStringConvertible {
    /// The electronic form, e.g. `RF6810003`.
    public let value: String

    /// Builds an RF reference from any alphanumeric base (1-21 characters).
    public init?(base: String) {
        let b = compact(base)
        guard (1...21).contains(b.count), let r = Mod97.remainder(b + "RF00") else { return nil }
        let check = 98 - r
        value = "RF" + (check < 10 ? "0\(check)" : "\(check)") + b
    }

    /// Validates a typed or printed RF reference.
    public init?(validating text: String) {
        let c = compact(text)
        guard c.count >= 5, c.count <= 25, c.hasPrefix("RF") else { return nil }
        guard Mod97.isValid(c) else { return nil }
        value = c
    }

    /// The base without "RF" and the check digits.
    public var base: String { String(value.dropFirst(4)) }

    /// Printed in blocks of four: `RF68 1000 3`.
    public var printed: String { grouped(value, size: 4) }

    public var description: String { value }
}

/// The reference a case is paid with: Finnish national reference for FI cases, RF everywhere else.
public enum PaymentReference: Hashable, Sendable, CustomStringConvertible {
    case finnish(FinnishReference)
    case rf(RFReference)

    /// A unique reference for a case from its numeric sequence number (unique per installation).
    /// The base is 1000 + the number, so it never starts with zero and always has the 3 digits a Finnish reference
    /// needs (case 0 → base 1000 → 10003).
    public static func forCase(number: Int64, country: Country) -> PaymentReference {
        precondition(number >= 0 && number < 1_000_000_000_000_000, "case numbers fit a 19-digit reference base")
        let base = String(number + 1_000)
        if country == .FI { return .finnish(FinnishReference(base: base)!) }
        return .rf(RFReference(base: base)!)
    }

    /// The case number `forCase` made this reference from, or nil for a reference of another shape (a base that is
    /// not digits from 1000 up without leading zeros). The store finds a case by its number, so the reference needs no
    /// index of its own: its check digits lead, which scattered every new case's entry across that index.
    public var caseNumber: Int64? {
        let base: Substring
        switch self {
        case .finnish(let r): base = r.digits.dropLast()
        case .rf(let r): base = r.value.dropFirst(4)
        }
        guard base.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int64(base), n >= 1_000, String(n) == base
        else { return nil }
        return n - 1_000
    }

    /// Reads a reference from a payment (bank file or form): RF or Finnish, validated by its check digits.
    public init?(parsing text: String) {
        if compact(text).hasPrefix("RF") {
            guard let rf = RFReference(validating: text) else { return nil }
            self = .rf(rf)
        } else {
            guard let fi = FinnishReference(validating: text) else { return nil }
            self = .finnish(fi)
        }
    }

    /// Electronic form, no spaces.
    public var value: String {
        switch self {
        case .finnish(let r): return r.digits
        case .rf(let r): return r.value
        }
    }

    public var printed: String {
        switch self {
        case .finnish(let r): return r.printed
        case .rf(let r): return r.printed
        }
    }

    public var description: String { value }
}
