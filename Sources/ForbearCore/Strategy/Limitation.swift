/// The limitation clock of a case under a rule pack.
public enum Limitation {
    /// The first day the case is time-barred, as known on `date` (events after `date` are not counted).
    public static func barredFrom(_ snapshot: CaseSnapshot, rule: LimitationRule, asOf date: LocalDate) -> LocalDate? {
        guard let due = snapshot.dueDate else { return nil }
        var events: [LimitationRecord] = snapshot.limitationEvents
        if rule.interruptedBy.contains(.payment) {
            events += snapshot.ledger.payments.filter { $0.reversedOn == nil }.map {
                LimitationRecord(.payment, on: $0.payment.date)
            }
        }
        if rule.interruptedBy.contains(.reminder) {
            events += snapshot.steps.map { LimitationRecord(.reminder, on: $0.date) }
        }
        events = events.filter { $0.date <= date }.sorted { $0.date < $1.date }

        var years = snapshot.sector.flatMap { rule.sectorYears?[$0] } ?? rule.years
        var runsFrom = due
        var barred = due.adding(years: years)
        for e in events where e.date < barred {
            if let ext = rule.extendedPeriods?.first(where: { $0.after == e.event }) {
                years = Swift.max(years, ext.years)
                runsFrom = e.date
            } else if rule.interruptedBy.contains(e.event) {
                runsFrom = e.date
            } else {
                continue
            }
            barred = runsFrom.adding(years: years)
        }
        if let final = rule.finalYears { barred = Swift.min(barred, due.adding(years: final)) }
        return barred
    }
}
