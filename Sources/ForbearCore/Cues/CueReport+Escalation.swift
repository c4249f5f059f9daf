extension CueReport {
    /// Words of risk in what a customer said or staff wrote go to the specialist team at once, urgently; other cues
    /// are suggestions for a person to follow up and raise nothing by themselves.
    public var escalation: (priority: EscalationPriority, reason: String)? {
        let risk = suggestions.filter(\.urgent)
        guard !risk.isEmpty else { return nil }
        return (
            .urgent, "Mentions " + risk.map { "\"\($0.phrase)\"" }.joined(separator: ", ") + "; check on the customer."
        )
    }
}

extension CueReport {
    /// What a customer wrote to us themselves (a portal message) is followed up by a specialist whenever it has a
    /// cue: words of risk urgently, anything else (a bereavement, a lost job) as a normal escalation.
    public var customerFollowUp: (priority: EscalationPriority, reason: String)? {
        if let urgent = escalation { return urgent }
        guard !suggestions.isEmpty else { return nil }
        let drivers = Set(suggestions.map(\.driver.rawValue)).sorted().joined(separator: ", ")
        return (
            .normal,
            "Mentions " + suggestions.map { "\"\($0.phrase)\"" }.joined(separator: ", ")
                + " (\(drivers)); offer support."
        )
    }
}
