/// Acts that can restart or lengthen a limitation period.
public enum LimitationEvent: String, Sendable, Codable, Hashable, CaseIterable {
    /// A reminder or demand sent to the debtor (FI).
    case reminder
    /// The debtor acknowledged the debt (orally or in writing).
    case acknowledgement
    /// The debtor acknowledged the debt in writing (DK: the period becomes 10 years).
    case writtenAcknowledgement
    case payment
    case judgment
}

/// How long a claim can be collected, and what restarts the clock.
public struct LimitationRule: Sendable, Codable, Hashable {
    public var years: Int
    /// Events that restart the period. An empty list means none are counted, so a claim is treated as barred no
    /// later than the law would (the cautious reading where the interrupting acts are UNCONFIRMED).
    public var interruptedBy: [LimitationEvent]
    /// Events after which a longer period runs (DK: written acknowledgement → 10 years; FI: judgment → 5).
    public var extendedPeriods: [ExtendedPeriod]?
    /// A period that no interruption can extend, counted from the due date (FI: 15 years; 20 for some).
    public var finalYears: Int?
    /// Shorter or longer periods by claim sector (e.g. IT household utilities: 2).
    public var sectorYears: [String: Int]?

    public struct ExtendedPeriod: Sendable, Codable, Hashable {
        public var after: LimitationEvent
        public var years: Int
    }
}

/// The separate consent some countries require before debt collection by email.
public struct EmailConsentRule: Sendable, Codable, Hashable {
    /// Forbear asks for consent everywhere; where the law asks for more, the fields below say what.
    public var requiresConsent: Bool
    /// The consent must be separate from other terms (FI).
    public var separateConsent: Bool
    /// How long a consent stays valid; nil when the law sets no limit.
    public var maxValidityMonths: Int?
    public var revocable: Bool
    /// What the consent must name (FI: medium, collector, claims, date).
    public var mustName: [String]

    public init(
        requiresConsent: Bool, separateConsent: Bool, maxValidityMonths: Int?, revocable: Bool, mustName: [String]
    ) {
        self.requiresConsent = requiresConsent
        self.separateConsent = separateConsent
        self.maxValidityMonths = maxValidityMonths
        self.revocable = revocable
        self.mustName = mustName
    }
}

/// Income that collection must leave untouched.
public struct ProtectedIncomeRule: Sendable, Codable, Hashable {
    public var perDay: String?
    public var perDependantPerDay: String?
    /// Monthly amounts by household make-up: `single`, `singleWithChildren`, `couple`, `coupleWithChildren`.
    public var monthlyByHousehold: [String: String]?
    public var validFrom: LocalDate?
}

/// What may be printed on the outside of an envelope or in its window.
public struct EnvelopeRule: Sendable, Codable, Hashable {
    public var noDebtWording: Bool
    /// Words that must appear ("private and confidential" in the UK).
    public var requiredWording: [String]?
}

/// The frequency cap across all channels.
public struct FrequencyCap: Sendable, Codable, Hashable {
    public var perWeek: Int
    public var perMonth: Int

    public init(perWeek: Int, perMonth: Int) {
        self.perWeek = perWeek
        self.perMonth = perMonth
    }
}
