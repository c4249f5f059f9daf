/// Decides whether, and on which channel, Forbear may contact a customer: the country's quiet hours, the
/// customer's channels and times, one frequency cap across all channels, email only with valid consent, and the
/// customer's adjustments.
public struct ContactPolicy: Sendable, Hashable {
    /// Used where a country has no confirmed quiet hours: a cautious organisation default.
    public var defaultQuietHours: TimeWindow
    /// Used where a rule pack has no usable cap.
    public var defaultCap: FrequencyCap

    public init(
        defaultQuietHours: TimeWindow = TimeWindow(start: LocalTime(hour: 21)!, end: LocalTime(hour: 8)!),
        defaultCap: FrequencyCap = FrequencyCap(perWeek: 3, perMonth: 10)
    ) {
        self.defaultQuietHours = defaultQuietHours
        self.defaultCap = defaultCap
    }

    /// What Forbear knows about a customer for contact purposes.
    public struct Customer: Sendable, Hashable {
        public var preferences: ContactPreferences
        public var adjustments: Adjustments
        public var emailConsent: EmailConsent?
        public var hasPhone: Bool
        public var history: [ContactRecord]

        public init(
            preferences: ContactPreferences = .init(), adjustments: Adjustments = .none,
            emailConsent: EmailConsent? = nil, hasPhone: Bool = false, history: [ContactRecord] = []
        ) {
            self.preferences = preferences
            self.adjustments = adjustments
            self.emailConsent = emailConsent
            self.hasPhone = hasPhone
            self.history = history
        }
    }

    public enum Verdict: Sendable, Hashable {
        case allowed(Channel, reasons: [Reason])
        case refused(reasons: [Reason], nextPossible: LocalDate?)

        public var channel: Channel? {
            if case .allowed(let c, _) = self { return c }
            return nil
        }

        public var reasons: [Reason] {
            switch self {
            case .allowed(_, let r), .refused(let r, _): return r
            }
        }
    }

    /// Chooses the channel for a written message (a letter step): email only with valid consent and when the
    /// customer prefers it, otherwise post. Refused only by the frequency cap.
    public func chooseWritten(on date: LocalDate, pack: RulePack, customer: Customer) -> Verdict {
        if let refusal = capRefusal(on: date, pack: pack, history: customer.history) { return refusal }
        var reasons: [Reason] = []
        let wantsEmail = customer.preferences.channels.first(where: { $0 == .email || $0 == .letter }) == .email
        if wantsEmail {
            switch emailProblem(on: date, pack: pack, consent: customer.emailConsent) {
            case nil:
                return .allowed(
                    .email,
                    reasons: [
                        Reason(
                            ruleId: "\(pack.country.rawValue).emailConsent", legalBasis: pack.emailConsent.legalBasis,
                            text: "Sent by email: the customer prefers email and has valid consent.")
                    ])
            case let problem?:
                reasons.append(
                    Reason(
                        ruleId: "\(pack.country.rawValue).emailConsent", legalBasis: pack.emailConsent.legalBasis,
                        text: "Sent by post instead of email: \(problem)."))
            }
        }
        reasons.append(
            Reason(
                ruleId: "contact.channel", legalBasis: "Forbear policy: post unless the customer chose email.",
                text: "Sent by post."))
        return .allowed(.letter, reasons: reasons)
    }

    /// Checks a specific contact (a call, a text, an email) at a given time.
    public func check(
        _ channel: Channel, on date: LocalDate, at time: LocalTime?, pack: RulePack, customer: Customer
    ) -> Verdict {
        if let refusal = capRefusal(on: date, pack: pack, history: customer.history) { return refusal }
        let country = pack.country.rawValue
        switch channel {
        case .email:
            if let problem = emailProblem(on: date, pack: pack, consent: customer.emailConsent) {
                return .refused(
                    reasons: [
                        Reason(
                            ruleId: "\(country).emailConsent", legalBasis: pack.emailConsent.legalBasis,
                            text: "No email: \(problem).")
                    ], nextPossible: nil)
            }
        case .phone, .sms:
            if channel == .phone, customer.adjustments.noPhone {
                return .refused(
                    reasons: [
                        Reason(
                            ruleId: "adjustment.noPhone",
                            legalBasis: "Reasonable adjustment recorded for the customer.",
                            text: "No calls: the customer asked not to be phoned.")
                    ], nextPossible: nil)
            }
            if !customer.hasPhone {
                return .refused(
                    reasons: [
                        Reason(
                            ruleId: "contact.noNumber", legalBasis: "Forbear policy.", text: "No phone number on file.")
                    ], nextPossible: nil)
            }
            if !customer.preferences.channels.isEmpty, !customer.preferences.channels.contains(channel) {
                return .refused(
                    reasons: [
                        Reason(
                            ruleId: "preference.channel", legalBasis: "The customer's contact preferences.",
                            text: "The customer did not choose \(channel.rawValue) as a way to be contacted.")
                    ], nextPossible: nil)
            }
            if let time {
                let (quiet, basis, rule) = quietHours(pack)
                if quiet.contains(time) {
                    return .refused(
                        reasons: [
                            Reason(
                                ruleId: rule, legalBasis: basis,
                                text: "Not at \(time): quiet hours are \(quiet) in \(country).",
                                nextPossibleAction: quiet.end < time ? date.adding(days: 1) : date)
                        ], nextPossible: quiet.end < time ? date.adding(days: 1) : date)
                }
                let windows = customer.preferences.windows
                if !windows.isEmpty, !windows.contains(where: { $0.contains(time) }) {
                    return .refused(
                        reasons: [
                            Reason(
                                ruleId: "preference.times", legalBasis: "The customer's contact preferences.",
                                text:
                                    "Not at \(time): the customer asked to be contacted \(windows.map(\.description).joined(separator: ", "))."
                            )
                        ], nextPossible: date)
                }
            }
        case .letter:
            break
        }
        return .allowed(
            channel,
            reasons: [
                Reason(
                    ruleId: "contact.allowed", legalBasis: "Forbear contact policy.",
                    text: "\(channel.rawValue.capitalized) allowed on \(date.iso).")
            ])
    }

    /// The quiet hours that apply in a country: the rule pack's when usable, else the organisation default.
    public func quietHours(_ pack: RulePack) -> (TimeWindow, legalBasis: String, ruleId: String) {
        if pack.quietHours.isUsable, let w = pack.quietHours.value {
            return (w, pack.quietHours.legalBasis, "\(pack.country.rawValue).quietHours")
        }
        return (
            defaultQuietHours,
            "Organisation default (\(defaultQuietHours)) because: \(pack.quietHours.legalBasis)",
            "contact.defaultQuietHours"
        )
    }

    public func cap(_ pack: RulePack) -> FrequencyCap { pack.contactFrequency.value ?? defaultCap }

    func emailProblem(on date: LocalDate, pack: RulePack, consent: EmailConsent?) -> String? {
        let rule =
            pack.emailConsent.value
            ?? EmailConsentRule(
                requiresConsent: true, separateConsent: false, maxValidityMonths: nil, revocable: true,
                mustName: [])
        guard let consent else { return rule.requiresConsent ? "the customer has not consented to email" : nil }
        return consent.problem(on: date, under: rule)
    }

    /// Refuses when `history` already reaches the weekly or monthly cap (rolling 7 and 30 days including `date`).
    func capRefusal(on date: LocalDate, pack: RulePack, history: [ContactRecord]) -> Verdict? {
        let cap = cap(pack)
        var next: LocalDate?
        var texts: [String] = []
        for (limit, days, label) in [(cap.perWeek, 7, "week"), (cap.perMonth, 30, "month")] {
            let windowStart = date.adding(days: -(days - 1))
            let inWindow = history.map(\.date).filter { $0 >= windowStart && $0 <= date }.sorted()
            if inWindow.count >= limit {
                // The day enough old contacts have left the window for one more to fit.
                let freeOn = inWindow[inWindow.count - limit].adding(days: days)
                next = Swift.max(next ?? freeOn, freeOn)
                texts.append("\(inWindow.count) contacts in the last \(days) days (at most \(limit) a \(label))")
            }
        }
        guard !texts.isEmpty else { return nil }
        return .refused(
            reasons: [
                Reason(
                    ruleId: "\(pack.country.rawValue).contactFrequency", legalBasis: pack.contactFrequency.legalBasis,
                    text: "Not yet: " + texts.joined(separator: "; ") + ".", nextPossibleAction: next)
            ], nextPossible: next)
    }
}
