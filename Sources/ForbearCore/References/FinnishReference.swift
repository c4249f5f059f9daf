/// Finnish national payment reference (viitenumero): a base of 3-19 digits followed by a check digit computed with
/// weights 7, 3, 1 repeating from the rightmost base digit.
public struct FinnishReference: Hashable, Sendable, CustomStringConvertible {
    /// The digits including the check digit, no spaces.
    public let digits: String

    /// Builds the reference for `base` (3-19 digits; leading zeros are not allowed as they are dropped by banks).
    public init?(base: String) {
        guard (3...19).contains(base.count), base.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), base.first != "0" else {
            return nil
        }
        digits = base + String(FinnishReference.checkDigit(base))
    }

    /// Validates a typed or printed reference (spaces allowed).
    public init?(validating text: String) {
        let c = compact(text)
        guard (4...20).contains(c.count), c.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), c.first != "0" else {
            return nil
        }
        let base = String(c.dropLast())
        guard String(FinnishReference.checkDigit(base)) == String(c.last!) else { return nil }
        digits = c
    }

    static func checkDigit(_ base: String) -> Int {
        let weights = [7, 3, 1]
        var sum = 0
        for (i, byte) in base.utf8.reversed().enumerated() { sum += Int(byte - 48) * weights[i % 3] }
        return (10 - sum % 10) % 10
    }

    /// Printed in groups of five from the right: `12 34561`.
    public var printed: String { grouped(digits, size: 5, fromRight: true) }

    public var description: String { digits }
}
