/// Reasonable adjustments to all communication with a customer. Every role may see these; they hold no health
/// detail, only what to do differently.
public struct Adjustments: Sendable, Hashable, Codable {
    public var largePrint: Bool
    public var easyRead: Bool
    /// Write in this language instead of the case's default.
    public var language: Language?
    /// Send a copy of every letter to a representative (a carer, an adviser, someone with power of attorney).
    public var copyToRepresentative: Representative?
    public var noPhone: Bool
    /// Free text for staff ("speak slowly", "allow extra time"), never health detail.
    public var notes: [String]

    public init(
        largePrint: Bool = false, easyRead: Bool = false, language: Language? = nil,
        copyToRepresentative: Representative? = nil, noPhone: Bool = false, notes: [String] = []
    ) {
        self.largePrint = largePrint
        self.easyRead = easyRead
        self.language = language
        self.copyToRepresentative = copyToRepresentative
        self.noPhone = noPhone
        self.notes = notes
    }

    public static let none = Adjustments()

    public var isEmpty: Bool { self == .none }
}

/// Someone who receives copies on the customer's behalf.
public struct Representative: Sendable, Hashable, Codable {
    public var name: String
    public var role: String
    public var addressLines: [String]
    public var email: String?

    public init(name: String, role: String, addressLines: [String], email: String? = nil) {
        self.name = name
        self.role = role
        self.addressLines = addressLines
        self.email = email
    }
}

extension Adjustments {
    /// Turns on an adjustment chosen in a conversation or by the customer in the portal.
    public mutating func add(_ option: AdjustmentOption) {
        switch option {
        case .largePrint: largePrint = true
        case .easyRead: easyRead = true
        case .noPhone: noPhone = true
        case .copyToRepresentative: notes.append("Send copies to a representative: take their name and address.")
        case .moreTime: notes.append("Give more time to respond.")
        case .writtenSummary: notes.append("Send a written summary after each call.")
        }
    }
}
