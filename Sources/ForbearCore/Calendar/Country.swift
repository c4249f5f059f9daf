/// Jurisdictions Forbear ships rules for (ISO 3166-1 alpha-2; the United Kingdom is `GB`, rules for England and
/// Wales). Sweden has signposting data but no rule pack yet.
public enum Country: String, CaseIterable, Sendable, Codable, Hashable {
    case FI, NL, BE, DK, IT, GB, SE

    /// Accepts the ISO code in any case, and `UK` as the common alias for `GB`.
    public init?(code: String) {
        let upper = code.uppercased()
        if upper == "UK" {
            self = .GB
        } else if let c = Country(rawValue: upper) {
            self = c
        } else {
            return nil
        }
    }
}

/// Languages Forbear writes in (ISO 639-1).
public enum Language: String, CaseIterable, Sendable, Codable, Hashable {
    case en, nl, fi, da, it, sv, fr
}
