/// Why a hold cannot be started.
public enum HoldRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case breathingSpaceWithinTwelveMonths(previousStart: LocalDate)
    case endBeforeStart

    public var description: String {
        switch self {
        case .breathingSpaceWithinTwelveMonths(let d):
            return "a standard breathing space started on \(d.iso); another can start only 12 months after that"
        case .endBeforeStart: return "the hold would end before it starts"
        }
    }
}

/// Rules for starting holds.
public enum HoldRules {
    /// Checks that `hold` may start given the case's existing holds.
    public static func check(_ hold: Hold, existing: [Hold]) throws(HoldRefusal) {
        if let end = hold.end, end <= hold.start { throw .endBeforeStart }
        if hold.kind == .breathingSpace {
            // Debt Respite Scheme: a standard breathing space not more than once in 12 months.
            for h in existing where h.kind == .breathingSpace && h.id != hold.id {
                if hold.start < h.start.adding(months: 12), hold.start >= h.start {
                    throw .breathingSpaceWithinTwelveMonths(previousStart: h.start)
                }
            }
        }
    }

    /// The mid-point review window of a standard breathing space: days 25 to 35 of the moratorium.
    public static func midpointReviewWindow(_ hold: Hold) -> ClosedRange<LocalDate>? {
        guard hold.kind == .breathingSpace else { return nil }
        return hold.start.adding(days: 24)...hold.start.adding(days: 34)
    }
}
