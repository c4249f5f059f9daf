/// What kind of letter a step sends. The names a country uses are in `StepRule.names`.
public enum StepKind: String, Sendable, Codable, Hashable, CaseIterable {
    case reminder
    case fourteenDayLetter
    case demand
    case repeatDemand
    case formalNotice
    case collectionWarning
    case finalReminder
}

/// A step of the voluntary collection timeline of a country.
public struct StepRule: Sendable, Codable, Hashable, Identifiable {
    public var id: String
    public var kind: StepKind
    /// The step's name per language, for letters and screens.
    public var names: [String: String]
    public var legalBasis: String
    public var status: RuleStatus
    /// Every constraint must hold before the step may be sent; the latest one decides the date.
    public var earliest: [TimingRule]
    public var paymentTerm: PaymentTerm
    /// The fee charged with this letter, if any (an id in `RulePack.fees`).
    public var feeId: String?
    /// How many times the step may be sent (DK: up to three reminders). Default once.
    public var maxOccurrences: Int?

    public var occurrences: Int { maxOccurrences ?? 1 }

    public func name(in language: Language) -> String {
        names[language.rawValue] ?? names["en"] ?? id
    }
}

/// One "not before" rule for a step.
public struct TimingRule: Sendable, Codable, Hashable {
    public enum Anchor: String, Sendable, Codable, Hashable {
        /// Counted from the case's (earliest) due date.
        case dueDate
        /// Counted from the day the previous letter was sent.
        case previousStep
        /// Counted from the last day of the previous letter's payment term.
        case previousDeadline
    }

    public enum Counting: String, Sendable, Codable, Hashable {
        /// `days` calendar days later: sent on day 0 → allowed from day `days`.
        case calendarDays
        /// `days` whole days must pass in between: sent on day 0 → allowed from day `days + 1`.
        case fullDays
    }

    public var anchor: Anchor
    public var days: Int
    public var counting: Counting
    public var legalBasis: String
    public var status: RuleStatus

    /// The first allowed date given the anchor date.
    public func earliestDate(from anchorDate: LocalDate) -> LocalDate {
        anchorDate.adding(days: counting == .fullDays ? days + 1 : days)
    }
}

/// The time a letter must give the customer to pay or object, and the day that time starts.
public struct PaymentTerm: Sendable, Codable, Hashable {
    public enum Start: String, Sendable, Codable, Hashable {
        /// The day after sending.
        case nextDay
        /// The day after the letter is deemed received (`receiptDays` after sending).
        case dayAfterReceipt
        /// The `workingDays`-th working day after sending (BE paper letters: the 3rd).
        case workingDayAfterSending
    }

    public var days: Int
    /// The legal minimum, when there is one; the loader refuses a pack whose `days` is below it.
    public var minimumDays: Int?
    public var start: Start
    public var receiptDays: Int?
    public var workingDays: Int?
    /// When an email starts the term differently (BE: the next day), how.
    public var emailStart: Start?
    public var legalBasis: String
    public var status: RuleStatus

    /// The first day of the term for a letter sent on `sent` through `channel`.
    public func startDate(sent: LocalDate, channel: Channel) -> LocalDate {
        let rule = channel == .email ? (emailStart ?? start) : start
        switch rule {
        case .nextDay: return sent.adding(days: 1)
        case .dayAfterReceipt: return sent.adding(days: (receiptDays ?? 0) + 1)
        case .workingDayAfterSending: return sent.workingDay(after: workingDays ?? 1)
        }
    }

    /// The last day to pay or object: the term's first day plus `days − 1`.
    public func deadline(sent: LocalDate, channel: Channel) -> LocalDate {
        startDate(sent: sent, channel: channel).adding(days: days - 1)
    }
}
