/// How Forbear reaches a customer.
public enum Channel: String, CaseIterable, Sendable, Codable, Hashable {
    case letter, email, sms, phone

    /// Channels that interrupt someone and so respect quiet hours; a letter or email is read when they choose.
    public var isRealTime: Bool { self == .phone || self == .sms }
}
