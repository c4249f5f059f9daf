import ForbearCore

/// The JSON of a decision's reasons and action, written directly as bytes: every decision stores both, and the
/// generic encoder took a sixth of the daily cycle's time. The output is byte for byte what `JSONEncoder` with sorted
/// keys writes (slashes escaped, absent dates left out), so either reads the other's.
enum DecisionJSON {
    static func encode(_ reasons: [Reason]) -> String {
        var out = JSONText(capacity: 256 * reasons.count + 2)
        out.array(reasons) { out, r in r.writeJSON(into: &out, keys: .camel) }
        return out.text
    }

    /// A decision's action: the common ones written directly, the rare ones through the generic encoder.
    static func encode(_ action: Action) throws -> String {
        var out = JSONText()
        return action.writeJSON(into: &out, keys: .camel) ? out.text : try json(action)
    }

    /// Reads stored reasons back: directly when they are in the form written above, else with `JSONDecoder`.
    static func reasons(_ text: String) throws -> [Reason] {
        if case .array(let items) = JSONValue(parsing: text) {
            let reasons = items.compactMap(Reason.init(stored:))
            if reasons.count == items.count { return reasons }
        }
        return try fromJSON([Reason].self, text)
    }

    /// Reads a stored action back: directly for the common ones, else with `JSONDecoder`.
    static func action(_ text: String) throws -> Action {
        if let value = JSONValue(parsing: text), let action = Action(stored: value) { return action }
        return try fromJSON(Action.self, text)
    }
}
