/// What a charge on a claim is for. Balances are kept per component so a payment can be allocated in the order the
/// rule pack requires (by default costs, then interest, then principal).
public enum Component: String, CaseIterable, Sendable, Codable, Hashable {
    case principal
    case interest
    /// A collection cost or reminder fee, always posted with its legal basis.
    case fee
    /// The fee for setting up a payment plan (FI).
    case planFee

    public var isCost: Bool { self == .fee || self == .planFee }
}
