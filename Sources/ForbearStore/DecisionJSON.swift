import ForbearCore

/// The JSON of a decision's reasons and action, written directly as bytes: every decision stores both, and the
/// generic encoder took a sixth of the daily cycle's time. The output is what `JSONEncoder` with sorted keys writes
/// (slashes escaped, absent dates left out), except that a legal basis is stored as `legalBasisRef`, the reference of
/// its text in `legal_texts` (migration 12). Decisions stored before then hold the texts, and read as they did.
enum DecisionJSON {
    /// As UTF-8 bytes, which the daily cycle's rows take as they are: a string made of them was one more copy and
    /// allocation for each of its million decisions a day.
    static func encode(_ reasons: [Reason], refs: inout LegalTexts.Refs) -> [UInt8] {
        var out = JSONText(capacity: 160 * reasons.count + 2)
        out.array(reasons) { out, r in r.writeJSON(into: &out, keys: .camel, basisRef: { refs.ref($0) }) }
        return out.bytes
    }

    /// A decision's action: the common ones written directly, the rare ones through the generic encoder.
    static func encode(_ action: Action, refs: inout LegalTexts.Refs) throws -> [UInt8] {
        var out = JSONText()
        return action.writeJSON(into: &out, keys: .camel, basisRef: { refs.ref($0) })
            ? out.bytes : Array(try json(action).utf8)
    }

    /// Reads stored reasons back, `basis` giving the text of each reference: directly when they are in the form
    /// written above, else with `JSONDecoder`.
    static func reasons(_ text: String, basis: (String) -> String?) throws -> [Reason] {
        if case .array(let items) = JSONValue(parsing: text) {
            let reasons = items.compactMap { Reason(stored: $0, basis: basis) }
            if reasons.count == items.count { return reasons }
        }
        return try fromJSON([Reason].self, text)
    }

    /// Reads a stored action back: directly for the common ones, else with `JSONDecoder`.
    static func action(_ text: String, basis: (String) -> String?) throws -> Action {
        if let value = JSONValue(parsing: text), let action = Action(stored: value, basis: basis) { return action }
        return try fromJSON(Action.self, text)
    }
}
