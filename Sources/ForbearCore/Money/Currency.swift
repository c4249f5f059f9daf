/// Currencies Forbear books in. Every one of them has two minor digits today; the property is kept so that an
/// addition such as ISK (zero digits) cannot silently use the wrong scale.
public enum Currency: String, CaseIterable, Sendable, Codable, Hashable {
    case EUR, DKK, GBP, SEK

    public var minorDigits: Int { 2 }

    /// 10^minorDigits.
    public var minorPerMajor: Int64 { 100 }
}
