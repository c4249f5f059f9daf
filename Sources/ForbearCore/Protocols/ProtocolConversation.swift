/// An answer to a protocol step.
public enum ProtocolAnswer: Sendable, Hashable, Codable {
    case acknowledged
    case yes
    case no
    case choice(String)
    case choices([String])
    case text(String)

    func matches(_ value: String) -> Bool {
        switch self {
        case .yes: return value == "yes"
        case .no: return value == "no"
        case .choice(let c): return c == value
        case .choices(let cs): return cs == [value]
        case .text(let t): return t == value
        case .acknowledged: return value == "acknowledged"
        }
    }

    func includes(_ value: String) -> Bool {
        if case .choices(let cs) = self { return cs.contains(value) }
        return matches(value)
    }
}

public enum ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    case finished
    case wrongAnswer(step: String, expected: AnswerSpec.Kind)
    case unknownOption(step: String, option: String)
    case emptyText(step: String)

    public var description: String {
        switch self {
        case .finished: return "the conversation has finished"
        case .wrongAnswer(let s, let k): return "step \(s) expects an answer of type \(k.rawValue)"
        case .unknownOption(let s, let o): return "step \(s) has no option \(o)"
        case .emptyText(let s): return "step \(s) needs some text"
        }
    }
}

/// Runs a protocol conversation step by step, yielding domain commands as soon as their outcome rule holds (so
/// BLAKE's emergency guidance comes the moment danger is known, not at the end).
///
/// Safety by construction: detail is stored only after consent was granted in this conversation or before it, and
/// each outcome rule fires at most once.
public struct ProtocolConversation: Sendable, Hashable {
    public let definition: ProtocolDefinition
    public let startedOn: LocalDate
    public private(set) var answers: [String: ProtocolAnswer] = [:]
    public private(set) var answeredOrder: [String] = []
    public private(set) var commands: [ProtocolCommand] = []
    private var fired: Set<String> = []
    private var consentGranted: Bool

    /// `priorConsent`: explicit consent to store detail was already recorded for this customer (e.g. by TEXAS).
    public init(_ definition: ProtocolDefinition, startedOn: LocalDate, priorConsent: Bool = false) {
        self.definition = definition
        self.startedOn = startedOn
        self.consentGranted = priorConsent
    }

    /// The step to ask next, or nil when the conversation is complete.
    public var currentStep: ProtocolStep? {
        definition.steps.first { s in answers[s.id] == nil && (s.showIf?.holds(answers) ?? true) }
    }

    public var isComplete: Bool { currentStep == nil }

    /// Answers the current step and returns the commands that answer triggered.
    @discardableResult
    public mutating func answer(_ answer: ProtocolAnswer) throws(ProtocolError) -> [ProtocolCommand] {
        guard let step = currentStep else { throw .finished }
        try validate(answer, for: step)
        answers[step.id] = answer
        answeredOrder.append(step.id)
        var new: [ProtocolCommand] = []
        for rule in definition.outcomes where !fired.contains(rule.id) && rule.when.holds(answers) {
            fired.insert(rule.id)
            for spec in rule.commands {
                guard let command = command(from: spec) else { continue }
                if case .recordConsent(let granted, _) = command { consentGranted = granted }
                new.append(command)
            }
        }
        commands += new
        return new
    }

    private func validate(_ answer: ProtocolAnswer, for step: ProtocolStep) throws(ProtocolError) {
        let options = Set((step.answer.options ?? []).map(\.id))
        switch (step.answer.type, answer) {
        case (.acknowledge, .acknowledged), (.yesNo, .yes), (.yesNo, .no):
            return
        case (.choice, .choice(let c)):
            if !options.contains(c) { throw .unknownOption(step: step.id, option: c) }
        case (.multiChoice, .choices(let cs)):
            if let bad = cs.first(where: { !options.contains($0) }) { throw .unknownOption(step: step.id, option: bad) }
        case (.text, .text(let t)):
            if t.allSatisfy(\.isWhitespace) { throw .emptyText(step: step.id) }
        default:
            throw .wrongAnswer(step: step.id, expected: step.answer.type)
        }
    }

    private func chosen(_ stepId: String?) -> [String] {
        guard let stepId, let a = answers[stepId] else { return [] }
        switch a {
        case .choice(let c): return [c]
        case .choices(let cs): return cs
        default: return []
        }
    }

    private func yes(_ stepId: String?) -> Bool? {
        guard let stepId, let a = answers[stepId] else { return nil }
        if case .yes = a { return true }
        if case .no = a { return false }
        return nil
    }

    private func command(from spec: CommandSpec) -> ProtocolCommand? {
        switch spec.type {
        case "markHandleWithCare": return .markHandleWithCare
        case "recordConsent":
            return .recordConsent(
                granted: spec.granted ?? false,
                wordingVersion: definition.consentWordingVersion ?? "\(definition.id)-\(definition.version)")
        case "storeDetail":
            guard consentGranted, let id = spec.fromStep, case .text(let t)? = answers[id] else { return nil }
            return .storeDetail(text: t)
        case "recordThirdPartyHelp": return .recordThirdPartyHelp
        case "addAdjustments":
            let ids = spec.options ?? chosen(spec.fromStep)
            let options = ids.compactMap(AdjustmentOption.init(rawValue:))
            return options.isEmpty ? nil : .addAdjustments(options)
        case "setReviewDate":
            let days =
                spec.days ?? chosen(spec.fromStep).first.flatMap { spec.mapping?[$0] } ?? spec.mapping?["unknown"]
            return days.map { .setReviewDate(startedOn.adding(days: $0)) }
        case "recordImpact":
            guard let level = chosen(spec.levelStep).first.flatMap(ImpactLevel.init(rawValue:)) else { return nil }
            let duration = chosen(spec.durationStep).first.flatMap { spec.durationDays?[$0] }
            return .recordImpact(level: level, expectedDurationDays: duration, episodic: yes(spec.episodesStep))
        case "recordDecisionSupport":
            return .recordDecisionSupport(
                difficulties: chosen(spec.difficultiesStep).compactMap(DecisionDifficulty.init(rawValue:)),
                support: chosen(spec.supportStep), supportWorked: yes(spec.supportWorkedStep),
                decisionMade: yes(spec.decisionStep) ?? false)
        case "startHold": return spec.hold.map { .startHold($0) }
        case "escalate": return .escalate(priority: spec.priority ?? .normal, reason: spec.reason ?? definition.id)
        case "signpost": return .signpost(spec.needs ?? [])
        case "emergencyServicesGuidance": return .emergencyServicesGuidance
        case "recordConcernNotification": return .recordConcernNotification
        default: return nil
        }
    }
}
