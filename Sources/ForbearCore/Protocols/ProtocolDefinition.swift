/// Text in each language Forbear speaks, keyed by ISO 639-1 code.
public typealias Localized = [String: String]

extension Dictionary where Key == String, Value == String {
    /// The text in `language`, falling back to English.
    public func text(_ language: Language) -> String { self[language.rawValue] ?? self["en"] ?? "" }
}

/// A conversation protocol as data: steps with prompts in five languages, the answer each expects, and outcome rules
/// that turn answers into domain commands. Operators may change wording and rules without rebuilding.
public struct ProtocolDefinition: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var version: String
    public var title: Localized
    public var purpose: Localized
    /// Shown in the UI where the wording is the organisation's own (HARMED) or a letter's meaning is unconfirmed.
    public var note: Localized?
    public var wordingIsOrganisationsOwn: Bool?
    /// A risk protocol: screens show crisis numbers at once.
    public var crisis: Bool?
    /// Detail may be stored only when consent was recorded before (e.g. IDEA after TEXAS).
    public var requiresConsent: Bool?
    public var consentWordingVersion: String?
    public var steps: [ProtocolStep]
    public var outcomes: [OutcomeRule]

    /// After how many days the conversation sets a disclosure's review date, when it sets one.
    public var reviewDays: Int? { outcomes.flatMap(\.commands).first { $0.type == "setReviewDate" }?.days }

    public func step(_ id: String) -> ProtocolStep? { steps.first { $0.id == id } }
}

public struct ProtocolStep: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// The protocol letter this step belongs to (T, E, X, A, S …).
    public var letter: String?
    public var title: Localized
    public var prompt: Localized
    public var answer: AnswerSpec
    /// The step is asked only when this holds.
    public var showIf: ProtocolCondition?
}

public struct AnswerSpec: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, Hashable { case acknowledge, yesNo, choice, multiChoice, text }
    public struct Option: Sendable, Hashable, Codable {
        public var id: String
        public var label: Localized
    }
    public var type: Kind
    public var options: [Option]?
}

/// A condition over the answers given so far; a condition on an unanswered step is false.
public struct ProtocolCondition: Sendable, Hashable, Codable {
    public var step: String?
    public var equals: String?
    public var includes: String?
    public var answered: String?
    public var any: [ProtocolCondition]?
    public var all: [ProtocolCondition]?
    public var not: Box?

    /// Indirection so a condition can hold a condition.
    public final class Box: Sendable, Hashable, Codable {
        public let value: ProtocolCondition
        public init(_ value: ProtocolCondition) { self.value = value }
        public init(from decoder: any Decoder) throws { value = try ProtocolCondition(from: decoder) }
        public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
        public static func == (a: Box, b: Box) -> Bool { a.value == b.value }
        public func hash(into h: inout Hasher) { value.hash(into: &h) }
    }

    func holds(_ answers: [String: ProtocolAnswer]) -> Bool {
        if let any { return any.contains { $0.holds(answers) } }
        if let all { return all.allSatisfy { $0.holds(answers) } }
        if let not { return !not.value.holds(answers) }
        if let answered { return answers[answered] != nil }
        guard let step, let answer = answers[step] else { return false }
        if let equals { return answer.matches(equals) }
        if let includes { return answer.includes(includes) }
        return true
    }

    /// Step ids the condition reads, for validation.
    var referencedSteps: [String] {
        [step, answered].compactMap { $0 } + (any ?? []).flatMap(\.referencedSteps)
            + (all ?? []).flatMap(\.referencedSteps) + (not?.value.referencedSteps ?? [])
    }
}

public struct OutcomeRule: Sendable, Hashable, Codable {
    public var id: String
    public var when: ProtocolCondition
    public var commands: [CommandSpec]
}

/// A command as written in a protocol file; the runner turns it into a typed `ProtocolCommand`.
public struct CommandSpec: Sendable, Hashable, Codable {
    public var type: String
    public var granted: Bool?
    public var fromStep: String?
    public var options: [String]?
    public var priority: EscalationPriority?
    public var reason: String?
    public var needs: [SupportNeed]?
    public var days: Int?
    public var mapping: [String: Int]?
    public var hold: HoldKind?
    public var levelStep: String?
    public var durationStep: String?
    public var episodesStep: String?
    public var durationDays: [String: Int]?
    public var difficultiesStep: String?
    public var supportStep: String?
    public var supportWorkedStep: String?
    public var decisionStep: String?
}
