/// A pause on a case, with who started it, why, and when it ends.
public struct Hold: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var kind: HoldKind
    /// First day of the hold.
    public var start: LocalDate
    /// The first day the hold no longer applies; nil for a hold that lasts until lifted.
    public var end: LocalDate?
    /// The day it was lifted early (it no longer applies from that day).
    public var liftedOn: LocalDate?
    /// For a mental health crisis breathing space: the day the crisis treatment ended (the hold ends 30 days later).
    public var treatmentEndedOn: LocalDate?
    public var reason: String
    public var startedBy: String

    public init(
        id: String, kind: HoldKind, start: LocalDate, end: LocalDate? = nil, reason: String = "",
        startedBy: String = "system"
    ) {
        self.id = id
        self.kind = kind
        self.start = start
        self.end = end ?? kind.defaultDays.map { start.adding(days: $0) }
        self.reason = reason
        self.startedBy = startedBy
    }

    /// The first day the hold no longer applies, if known.
    public var effectiveEnd: LocalDate? {
        var ends: [LocalDate] = []
        if let end { ends.append(end) }
        if let liftedOn { ends.append(liftedOn) }
        if kind == .mentalHealthCrisisBreathingSpace, let treatmentEndedOn {
            ends.append(treatmentEndedOn.adding(days: 30 + 1))
        }
        return ends.min()
    }

    public func isActive(on date: LocalDate) -> Bool {
        guard date >= start else { return false }
        if let e = effectiveEnd, date >= e { return false }
        return true
    }

    /// Extends an advice hold or pause by `days` from its current end.
    public func extended(by days: Int) -> Hold {
        var copy = self
        if let e = end { copy.end = e.adding(days: days) }
        return copy
    }
}

extension Array where Element == Hold {
    public func active(on date: LocalDate) -> [Hold] { filter { $0.isActive(on: date) } }

    /// The holds active on `date` that stop `effect`.
    public func stopping(_ effect: KeyPath<HoldEffects, Bool>, on date: LocalDate) -> [Hold] {
        filter { $0.kind.effects[keyPath: effect] && $0.isActive(on: date) }
    }
}
