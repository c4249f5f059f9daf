import Foundation

/// The shipped protocols (TEXAS, IDEA, BRUCE, BLAKE, HARMED), validated when loaded.
public struct ProtocolLibrary: Sendable {
    public static let languages: [Language] = [.en, .nl, .fi, .da, .it]
    static let commandTypes: Set<String> = [
        "markHandleWithCare", "recordConsent", "storeDetail", "recordThirdPartyHelp", "addAdjustments", "setReviewDate",
        "recordImpact", "recordDecisionSupport", "startHold", "escalate", "signpost", "emergencyServicesGuidance",
        "recordConcernNotification",
    ]

    public private(set) var protocols: [String: ProtocolDefinition]

    public func callAsFunction(_ id: String) -> ProtocolDefinition? { protocols[id] }

    /// The shipped protocols with an organisation's own versions (same JSON format) replacing those of the same id.
    /// Nothing is replaced unless every file is valid.
    public func replacing(with files: [Data]) throws -> ProtocolLibrary {
        var copy = self
        var problems: [String] = []
        for data in files {
            let p = try JSONDecoder().decode(ProtocolDefinition.self, from: data)
            problems += Self.problems(p)
            copy.protocols[p.id] = p
        }
        if !problems.isEmpty { throw ProtocolLoadError(problems: problems) }
        return copy
    }

    public static func bundled() throws -> ProtocolLibrary {
        let found = BundledData.jsonFiles(in: "Protocols")
        if found.isEmpty { throw ProtocolLoadError(problems: ["no protocols are bundled"]) }
        var protocols: [String: ProtocolDefinition] = [:]
        var problems: [String] = []
        for url in found {
            let p = try BundledData.decode(ProtocolDefinition.self, from: url)
            problems += Self.problems(p)
            protocols[p.id] = p
        }
        if !problems.isEmpty { throw ProtocolLoadError(problems: problems) }
        return ProtocolLibrary(protocols: protocols)
    }

    /// Every prompt, title and option in all five languages; every referenced step exists; every command is known.
    public static func problems(_ p: ProtocolDefinition) -> [String] {
        var found: [String] = []
        func langs(_ path: String, _ text: Localized) {
            for l in languages where (text[l.rawValue] ?? "").isEmpty {
                found.append("\(p.id): \(path) has no \(l.rawValue) text")
            }
        }
        langs("title", p.title)
        langs("purpose", p.purpose)
        let ids = Set(p.steps.map(\.id))
        if ids.count != p.steps.count { found.append("\(p.id): duplicate step ids") }
        for s in p.steps {
            langs("\(s.id).title", s.title)
            langs("\(s.id).prompt", s.prompt)
            for o in s.answer.options ?? [] { langs("\(s.id).options.\(o.id)", o.label) }
            if [.choice, .multiChoice].contains(s.answer.type), (s.answer.options ?? []).isEmpty {
                found.append("\(p.id): \(s.id) needs options")
            }
            for r in s.showIf?.referencedSteps ?? [] where !ids.contains(r) {
                found.append("\(p.id): \(s.id).showIf names unknown step \(r)")
            }
        }
        for o in p.outcomes {
            for r in o.when.referencedSteps where !ids.contains(r) {
                found.append("\(p.id): outcome \(o.id) names unknown step \(r)")
            }
            for c in o.commands {
                if !commandTypes.contains(c.type) {
                    found.append("\(p.id): outcome \(o.id) has unknown command \(c.type)")
                }
                for r in [
                    c.fromStep, c.levelStep, c.durationStep, c.episodesStep, c.difficultiesStep, c.supportStep,
                    c.supportWorkedStep, c.decisionStep,
                ].compactMap({ $0 }) where !ids.contains(r) {
                    found.append("\(p.id): outcome \(o.id) reads unknown step \(r)")
                }
            }
        }
        return found
    }
}

public struct ProtocolLoadError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}
