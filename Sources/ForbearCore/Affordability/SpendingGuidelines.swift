import Foundation

/// Spending guidelines ("trigger figures") per country and household make-up: below them flexible spending is not
/// questioned. Forbear ships clearly labelled SAMPLE values; an organisation replaces them with licensed figures.
public struct SpendingGuidelines: Sendable, Hashable, Codable {
    public struct CountryGuidelines: Sendable, Hashable, Codable {
        public var currency: Currency
        /// Household key (`1A0C` …) → category → monthly amount as a decimal string.
        public var households: [String: [String: String]]
    }

    public var label: String
    public var status: RuleStatus
    public var validFrom: LocalDate
    public var countries: [String: CountryGuidelines]

    /// Licensed figures in the same JSON format, replacing the shipped sample values.
    public static func decode(_ data: Data) throws -> SpendingGuidelines {
        try JSONDecoder().decode(SpendingGuidelines.self, from: data)
    }

    public static func bundled() throws -> SpendingGuidelines {
        try BundledData.decode(SpendingGuidelines.self, file: "spending-guidelines", in: "Affordability")
    }

    /// The guideline for a category, or nil when none is listed.
    public func guideline(country: Country, household: Household, category: FlexibleCostCategory) -> Money? {
        guard let c = countries[country.rawValue], let row = c.households[household.makeUpKey],
            let text = row[category.rawValue]
        else { return nil }
        return try? Money.parse(text, currency: c.currency)
    }
}
