import Foundation

/// What someone needs help with.
public enum SupportNeed: String, CaseIterable, Sendable, Codable, Hashable {
    case crisis, debtAdvice, mentalHealth, bereavement
}

/// A free service Forbear points customers to.
public struct SignpostEntry: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var country: Country
    public var name: String
    public var needs: [SupportNeed]
    public var phone: String?
    public var text: String?
    public var url: String?
    public var hours: String?
    public var open24h: Bool?
    public var languages: [Language]
    public var free: Bool
    public var status: RuleStatus
    public var note: String?

    /// How to reach it, in one line: phone, text or web.
    public var contact: String? { phone ?? text ?? url }
}

public struct EmergencyNumber: Sendable, Hashable, Codable {
    public var number: String
    public var alsoWorks: String?
    public var status: RuleStatus
    public var source: String
}

/// That a customer was pointed to a service: for follow-up and for analytics.
public struct Referral: Sendable, Hashable, Codable {
    public var entryId: String
    public var caseId: String
    public var need: SupportNeed
    public var on: LocalDate
    public var by: String

    public init(entryId: String, caseId: String, need: SupportNeed, on: LocalDate, by: String) {
        self.entryId = entryId
        self.caseId = caseId
        self.need = need
        self.on = on
        self.by = by
    }
}

/// The signposting directory: crisis lines and free debt advice per country, as replaceable data.
public struct SignpostDirectory: Sendable, Hashable, Codable {
    public var note: String?
    public var emergencyNumbers: [String: EmergencyNumber]
    public var entries: [SignpostEntry]

    /// An organisation's own directory in the same JSON format, replacing the shipped one.
    public static func decode(_ data: Data) throws -> SignpostDirectory {
        try JSONDecoder().decode(SignpostDirectory.self, from: data)
    }

    public static func bundled() throws -> SignpostDirectory {
        try BundledData.decode(SignpostDirectory.self, file: "directory", in: "Signposting")
    }

    /// Entries for a need in a country, best first: confirmed before UNCONFIRMED, the customer's language first,
    /// then those open around the clock. An entry without a way to reach it comes last.
    public func select(country: Country, need: SupportNeed, language: Language) -> [SignpostEntry] {
        entries.filter { $0.country == country && $0.needs.contains(need) }
            .sorted { a, b in
                func score(_ e: SignpostEntry) -> Int {
                    (e.status == .unconfirmed ? 8 : 0) + (e.contact == nil ? 4 : 0)
                        + (e.languages.contains(language) ? 0 : 2) + (e.open24h == true ? 0 : 1)
                }
                return (score(a), a.id) < (score(b), b.id)
            }
    }

    public func emergencyNumber(for country: Country) -> EmergencyNumber? { emergencyNumbers[country.rawValue] }
}
