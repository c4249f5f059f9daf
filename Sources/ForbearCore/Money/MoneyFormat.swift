/// Locales Forbear formats amounts for in letters and pages.
public enum MoneyLocale: String, CaseIterable, Sendable, Codable {
    case fi, nl, da, it, enGB = "en-GB", sv

    /// The locale for a language; English is written the British way, French falls back to Dutch-style grouping
    /// only until a French locale is added.
    public init(language: Language) {
        switch language {
        case .fi: self = .fi
        case .nl, .fr: self = .nl
        case .da: self = .da
        case .it: self = .it
        case .en: self = .enGB
        case .sv: self = .sv
        }
    }
}

/// Formats money for people, at the edge only (letters, pages). Hand-written rules rather than the platform's
/// number formatter, so the output is the same byte for byte on every machine, which printed letters and their
/// checksums need. Spaces inside an amount are no-break spaces (U+00A0) so an amount never wraps across lines.
public enum MoneyFormat {
    public static let noBreakSpace = "\u{00A0}"

    public static func format(_ money: Money, locale: MoneyLocale) -> String {
        let (group, decimal) = separators(locale)
        let number = digits(money, group: group, decimal: decimal)
        let sign = money.minorUnits < 0 ? "-" : ""
        let nbsp = noBreakSpace
        switch (locale, money.currency) {
        case (.enGB, _): return sign + symbol(money.currency, locale) + number
        case (.nl, .EUR): return "€" + nbsp + sign + number
        case (.nl, _): return money.currency.rawValue + nbsp + sign + number
        default: return sign + number + nbsp + symbol(money.currency, locale)
        }
    }

    /// `1 234,56` style digits without a currency, for tables that name the currency in their header.
    public static func number(_ money: Money, locale: MoneyLocale) -> String {
        let (group, decimal) = separators(locale)
        return (money.minorUnits < 0 ? "-" : "") + digits(money, group: group, decimal: decimal)
    }

    static func separators(_ locale: MoneyLocale) -> (group: String, decimal: String) {
        switch locale {
        case .fi, .sv: return (noBreakSpace, ",")
        case .nl, .da, .it: return (".", ",")
        case .enGB: return (",", ".")
        }
    }

    static func symbol(_ currency: Currency, _ locale: MoneyLocale) -> String {
        switch (currency, locale) {
        case (.EUR, _): return "€"
        case (.GBP, _): return "£"
        case (.DKK, .da): return "kr."
        case (.SEK, .sv): return "kr"
        default: return currency.rawValue
        }
    }

    static func digits(_ money: Money, group: String, decimal: String) -> String {
        let per = UInt64(money.currency.minorPerMajor)
        let magnitude = money.minorUnits.magnitude
        let major = String(magnitude / per)
        let minor = magnitude % per
        var grouped = ""
        for (i, ch) in major.enumerated() {
            if i > 0, (major.count - i) % 3 == 0 { grouped += group }
            grouped.append(ch)
        }
        return grouped + decimal + (minor < 10 ? "0\(minor)" : "\(minor)")
    }
}
