import Foundation

extension ProtocolConversation {
    /// The disclosure a conversation records: that care is needed, the adjustments, the review date and impact for
    /// everyone to see, and the customer's own words only when they gave explicit consent in it (or before it,
    /// `priorConsent`). Nil when the conversation said nothing about care.
    public func disclosure(id: String, recordedBy: String, at instant: Date) -> Disclosure? {
        var care = false
        var consent: ExplicitConsent?
        var words: [String] = []
        var adjustments = Adjustments()
        var review: LocalDate?
        var impact: ImpactLevel?
        var duration: Int?
        for command in commands {
            switch command {
            case .markHandleWithCare: care = true
            case .recordConsent(let granted, let version):
                consent =
                    granted ? ExplicitConsent(wordingVersion: version, givenAt: instant, takenBy: recordedBy) : nil
            case .storeDetail(let text): words.append(text)
            case .recordThirdPartyHelp: adjustments.notes.append("Someone helps the customer manage money.")
            case .addAdjustments(let options):
                care = true
                for option in options { adjustments.add(option) }
            case .setReviewDate(let date): review = date
            case .recordImpact(let level, let days, _):
                impact = level
                duration = days
            case .recordDecisionSupport(let difficulties, let support, _, let decided):
                care = true
                let parts = difficulties.map(\.rawValue).joined(separator: ", ")
                adjustments.notes.append(
                    "Decision support (\(parts.isEmpty ? "none named" : parts)): \(support.joined(separator: ", "))"
                        + (decided ? "; a decision was made." : "; no decision yet."))
            case .startHold, .escalate, .signpost, .emergencyServicesGuidance, .recordConcernNotification: care = true
            }
        }
        guard care || consent != nil || review != nil || impact != nil || !adjustments.isEmpty else { return nil }
        return Disclosure(
            id: id, recordedOn: startedOn, source: .customer, recordedBy: recordedBy, impact: impact,
            expectedDurationDays: duration, reviewOn: review, adjustments: adjustments, consent: consent,
            detail: words.isEmpty ? nil : VulnerabilityDetail(characteristics: [], notes: words.joined(separator: "\n"))
        )
    }
}
