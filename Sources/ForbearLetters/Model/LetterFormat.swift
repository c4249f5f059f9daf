import ForbearCore

/// How letters write dates and amounts in each language. Hand-written so every machine prints the same bytes.
public enum LetterFormat {
    static let months: [Language: [String]] = [
        .en: [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ],
        .nl: [
            "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
            "november", "december",
        ],
        .da: [
            "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november",
            "december",
        ],
        .it: [
            "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
            "novembre", "dicembre",
        ],
        .fr: [
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre",
        ],
        .sv: [
            "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
            "november", "december",
        ],
    ]

    /// "1 December 2026", "1.12.2026", "1. december 2026" … with no-break spaces so a date never wraps.
    public static func date(_ d: LocalDate, _ language: Language) -> String {
        let nbsp = MoneyFormat.noBreakSpace
        if language == .fi { return "\(d.day).\(d.month).\(d.year)" }
        let month = months[language]?[d.month - 1] ?? months[.en]![d.month - 1]
        let day = language == .da ? "\(d.day)." : "\(d.day)"
        return day + nbsp + month + nbsp + String(d.year)
    }

    public static func money(_ m: Money, _ language: Language) -> String {
        MoneyFormat.format(m, locale: MoneyLocale(language: language))
    }

    /// An IBAN in blocks of four that never wraps, or the text as given when it is not a valid IBAN.
    public static func iban(_ text: String) -> String { unbreakable(IBAN(text)?.printed ?? text) }

    /// Phone numbers, account numbers and references stay on one line.
    public static func unbreakable(_ text: String) -> String { text.replacing(" ", with: MoneyFormat.noBreakSpace) }
}
