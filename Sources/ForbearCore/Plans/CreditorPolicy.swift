/// What a creditor allows for plans, agreed in its contract with the agency.
public struct CreditorPolicy: Sendable, Hashable, Codable {
    /// The longest plan the creditor accepts.
    public var maxPlanMonths: Int
    /// The smallest monthly amount worth a plan; below it a token payment or a pause is offered instead.
    public var minimumMonthlyInstalment: Money
    /// If clearing the debt at the affordable amount would take longer than this, there is no realistic ability to
    /// pay within policy and the creditor decides.
    public var maxMonthsBeforeReferral: Int
    /// Instalments that may be missed before a plan breaks (the last one allowed makes it "at risk").
    public var allowedMissedInstalments: Int
    /// Days after a due date an instalment is "late" (a friendly nudge) rather than missed.
    public var graceDays: Int
    /// The longest a customer may move one instalment.
    public var maxDelayDays: Int
    /// How many instalments a customer may skip (each adds one at the end).
    public var allowedSkips: Int

    public init(
        maxPlanMonths: Int = 60, minimumMonthlyInstalment: Money, maxMonthsBeforeReferral: Int = 120,
        allowedMissedInstalments: Int = 2, graceDays: Int = 7, maxDelayDays: Int = 14, allowedSkips: Int = 1
    ) {
        self.maxPlanMonths = maxPlanMonths
        self.minimumMonthlyInstalment = minimumMonthlyInstalment
        self.maxMonthsBeforeReferral = maxMonthsBeforeReferral
        self.allowedMissedInstalments = allowedMissedInstalments
        self.graceDays = graceDays
        self.maxDelayDays = maxDelayDays
        self.allowedSkips = allowedSkips
    }

    /// Forbear's defaults: 5 years at most, at least 5.00 a month (50.00 in DKK).
    public static func standard(_ currency: Currency) -> CreditorPolicy {
        CreditorPolicy(minimumMonthlyInstalment: Money(major: currency == .DKK ? 50 : 5, currency))
    }
}
