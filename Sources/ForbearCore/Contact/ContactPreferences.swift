/// What the customer told us about how to reach them.
public struct ContactPreferences: Sendable, Hashable, Codable {
    /// Channels in the customer's order of preference; an empty list means "any lawful channel", letter first.
    public var channels: [Channel]
    /// Times the customer is happy to be called or texted; empty means any time outside quiet hours.
    public var windows: [TimeWindow]

    public init(channels: [Channel] = [], windows: [TimeWindow] = []) {
        self.channels = channels
        self.windows = windows
    }
}

/// A customer's consent to be contacted about their debt by email.
public struct EmailConsent: Sendable, Hashable, Codable {
    public var givenOn: LocalDate
    public var revokedOn: LocalDate?
    /// The consent was given on its own, not inside other terms (FI requires this).
    public var separate: Bool
    /// What the consent names: "medium", "collector", "claims", "date" (FI requires all four).
    public var names: [String]
    public var address: String

    public init(givenOn: LocalDate, revokedOn: LocalDate? = nil, separate: Bool, names: [String], address: String) {
        self.givenOn = givenOn
        self.revokedOn = revokedOn
        self.separate = separate
        self.names = names
        self.address = address
    }

    /// The first day the consent no longer holds under `rule` (its expiry), if it expires.
    public func expiresOn(under rule: EmailConsentRule) -> LocalDate? {
        rule.maxValidityMonths.map { givenOn.adding(months: $0) }
    }

    /// Why the consent does not hold on `date` under `rule`, or nil when it does.
    public func problem(on date: LocalDate, under rule: EmailConsentRule) -> String? {
        if date < givenOn { return "email consent starts on \(givenOn.iso)" }
        if let r = revokedOn, date >= r { return "the customer withdrew email consent on \(r.iso)" }
        if rule.separateConsent, !separate { return "email consent must be given separately from other terms" }
        let missing = rule.mustName.filter { !names.contains($0) }
        if !missing.isEmpty { return "email consent does not name: \(missing.joined(separator: ", "))" }
        if let e = expiresOn(under: rule), date >= e {
            return "email consent expired on \(e.iso) (valid at most \(rule.maxValidityMonths!) months)"
        }
        return nil
    }
}

/// One contact made with a customer, on any channel.
public struct ContactRecord: Sendable, Hashable, Codable {
    public var date: LocalDate
    public var channel: Channel

    public init(date: LocalDate, channel: Channel) {
        self.date = date
        self.channel = channel
    }
}
