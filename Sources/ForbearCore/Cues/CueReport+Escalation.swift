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
