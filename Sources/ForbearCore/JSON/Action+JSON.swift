extension Action {
    /// How keys are spelled: as the store keeps actions (`stepId`) or as the API shows them (`step_id`).
    public enum KeyStyle: Sendable { case camel, snake }

    /// Writes the action as its `Codable` form would be encoded with sorted keys (and, for `.snake`, snake_case
    /// keys), for the actions the daily cycle takes for nearly every case: a letter, a fee, interest, and on most
    /// days a wait (the value-less actions are written too, being as simple). Returns false, writing nothing, for the
    /// rarer ones with values, which the caller encodes generically. Where `basisRef` gives one, a fee's legal basis is
    /// written as `legalBasisRef`, the reference the store keeps the text under, instead of the text itself.
    public func writeJSON(into out: inout JSONText, keys: KeyStyle, basisRef: (String) -> String? = { _ in nil })
        -> Bool
    {
        let snake = keys == .snake
        func key(_ camel: String, _ snakeCase: String) -> String { snake ? snakeCase : camel }
        // An enum case is encoded as an object with one key, the case's name, holding its values.
        func tagged(_ camel: String, _ snakeCase: String, _ values: (inout JSONText) -> Void) {
            out.object { $0.field(key(camel, snakeCase)) { $0.object(values) } }
        }
        switch self {
        case .sendLetter(let stepId, let occurrence, let channel, let deadline):
            tagged("sendLetter", "send_letter") {
                $0.field("channel", channel.rawValue)
                $0.field("deadline", deadline.iso)
                $0.field("occurrence", Int64(occurrence))
                $0.field(key("stepId", "step_id"), stepId)
            }
        case .chargeFee(let feeId, let claimId, let component, let amount, let legalBasis):
            tagged("chargeFee", "charge_fee") {
                $0.field("amount", amount)
                $0.field(key("claimId", "claim_id"), claimId)
                $0.field("component", component.rawValue)
                $0.field(key("feeId", "fee_id"), feeId)
                $0.writeBasis(legalBasis, snake: snake, ref: basisRef)
            }
        case .accrueInterest(let claimId, let amount, let from, let through, let days):
            tagged("accrueInterest", "accrue_interest") {
                $0.field("amount", amount)
                $0.field(key("claimId", "claim_id"), claimId)
                $0.field("days", Int64(days))
                $0.field("from", from.iso)
                $0.field("through", through.iso)
            }
        default:
            guard let only = Self.valueless.first(where: { $0.action == self }) else { return false }
            tagged(only.camel, only.snake) { _ in }
        }
        return true
    }
}

extension Action {
    /// The actions with no values, each encoded as `{"name":{}}`.
    static let valueless: [(action: Action, camel: String, snake: String)] = [
        (.wait, "wait", "wait"), (.close, "close", "close"), (.stop, "stop", "stop"),
        (.referToCreditor, "referToCreditor", "refer_to_creditor"),
    ]

    /// Reads back what `writeJSON(into:keys: .camel)` writes, with `basis` giving the text of a `legalBasisRef` (nil
    /// when unknown); nil for anything else (the caller decodes generically).
    public init?(stored json: JSONValue, basis: (String) -> String? = { _ in nil }) {
        if let o = json["sendLetter"] {
            guard let step = o["stepId"]?.string, let occurrence = o["occurrence"]?.int,
                let channel = o["channel"]?.string.flatMap(Channel.init(rawValue:)),
                let deadline = o["deadline"]?.string.flatMap({ LocalDate(iso: $0) })
            else { return nil }
            self = .sendLetter(stepId: step, occurrence: occurrence, channel: channel, deadline: deadline)
        } else if let o = json["chargeFee"] {
            guard let fee = o["feeId"]?.string, let claim = o["claimId"]?.string,
                let component = o["component"]?.string.flatMap(Component.init(rawValue:)),
                let amount = o["amount"].flatMap(Money.init(stored:)), let legalBasis = o.legalBasis(basis)
            else { return nil }
            self = .chargeFee(feeId: fee, claimId: claim, component: component, amount: amount, legalBasis: legalBasis)
        } else if let o = json["accrueInterest"] {
            guard let claim = o["claimId"]?.string, let amount = o["amount"].flatMap(Money.init(stored:)),
                let from = o["from"]?.string.flatMap({ LocalDate(iso: $0) }),
                let through = o["through"]?.string.flatMap({ LocalDate(iso: $0) }), let days = o["days"]?.int
            else { return nil }
            self = .accrueInterest(claimId: claim, amount: amount, from: from, through: through, days: days)
        } else if let only = Self.valueless.first(where: { json[$0.camel] == .object([:]) }) {
            self = only.action
        } else {
            return nil
        }
    }
}

extension Reason {
    /// Writes the reason as its `Codable` form would be encoded with sorted keys (and, for `.snake`, snake_case keys):
    /// the store keeps every decision's reasons this way, and the API shows them so.
    public func writeJSON(into out: inout JSONText, keys: Action.KeyStyle, basisRef: (String) -> String? = { _ in nil })
    {
        let snake = keys == .snake
        out.object {
            $0.writeBasis(legalBasis, snake: snake, ref: basisRef)
            $0.field(snake ? "next_possible_action" : "nextPossibleAction", nextPossibleAction?.iso)
            $0.field(snake ? "rule_id" : "ruleId", ruleId)
            $0.field("text", text)
        }
    }

    /// Reads back one reason as `JSONEncoder` (or `JSONText`) wrote it, with `basis` giving the text of a
    /// `legalBasisRef`; nil when a field is missing or mistyped, or the reference unknown.
    public init?(stored json: JSONValue, basis resolve: (String) -> String? = { _ in nil }) {
        guard let rule = json["ruleId"]?.string, let basis = json.legalBasis(resolve), let text = json["text"]?.string
        else { return nil }
        var next: LocalDate? = nil
        if let value = json["nextPossibleAction"] {
            guard let date = value.string.flatMap({ LocalDate(iso: $0) }) else { return nil }
            next = date
        }
        self.init(ruleId: rule, legalBasis: basis, text: text, nextPossibleAction: next)
    }
}

extension Money {
    /// `{"amount":"625.00","currency":"EUR"}`.
    public init?(stored json: JSONValue) {
        guard let currency = json["currency"]?.string.flatMap(Currency.init(rawValue:)),
            let amount = json["amount"]?.string,
            let money = try? Money.parse(amount, currency: currency)
        else { return nil }
        self = money
    }
}

extension JSONText {
    /// A legal basis as its text, or, for the store, as the reference it keeps the text under. Both keys sort in the
    /// same place, so the object's keys stay sorted either way.
    mutating func writeBasis(_ text: String, snake: Bool, ref: (String) -> String?) {
        if !snake, let ref = ref(text) {
            field("legalBasisRef", ref)
        } else {
            field(snake ? "legal_basis" : "legalBasis", text)
        }
    }
}

extension JSONValue {
    /// The legal basis of a stored object: its text, or the text its reference names.
    func legalBasis(_ resolve: (String) -> String?) -> String? {
        if let text = self["legalBasis"]?.string { return text }
        return self["legalBasisRef"]?.string.flatMap(resolve)
    }
}
