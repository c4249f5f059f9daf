/// The collection law of one country as data: which letters, when, with what fees, under which limits.
///
/// Shipped as JSON in `Resources/RulePacks`, validated on load, replaceable by an operator. Every rule carries
/// its legal basis and a status; values no primary source confirms are marked UNCONFIRMED.
public struct RulePack: Sendable, Codable, Hashable {
    public var country: Country
    public var jurisdiction: String
    public var version: String
    public var validFrom: LocalDate
    public var currency: Rule<Currency>
    public var languages: Rule<[Language]>
    public var allocationOrder: Rule<[Component]>
    public var steps: [StepRule]
    public var fees: [FeeRule]
    public var quietHours: Rule<TimeWindow>
    public var emailConsent: Rule<EmailConsentRule>
    public var limitation: Rule<LimitationRule>
    /// Element ids every demand-type letter must contain; the letter lint checks them.
    public var mandatoryLetterElements: Rule<[String]>
    public var envelope: Rule<EnvelopeRule>
    public var protectedIncome: Rule<ProtectedIncomeRule>
    public var contactFrequency: Rule<FrequencyCap>
    /// The country's statutory collection cost (quoted when no step is named), if it has one.
    public var statutoryCollectionFeeId: String?
    /// Other obligations worth showing to operators (registration of collectors, banned numbers, …).
    public var notes: [Rule<String>]?

    public var primaryCurrency: Currency { currency.value ?? .EUR }
    public var primaryLanguage: Language { languages.value?.first ?? .en }

    public func step(_ id: String) -> StepRule? { steps.first { $0.id == id } }
    public func fee(_ id: String) -> FeeRule? { fees.first { $0.id == id } }

    /// The allocation order, falling back to the default costs → interest → principal.
    public var componentOrder: [Component] {
        allocationOrder.value ?? [.fee, .planFee, .interest, .principal]
    }
}
