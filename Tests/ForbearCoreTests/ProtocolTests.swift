import Foundation
import Testing

@testable import ForbearCore

@Suite struct ProtocolTests {
    let library = try! ProtocolLibrary.bundled()

    func run(_ id: String, _ answers: [ProtocolAnswer], priorConsent: Bool = false) throws -> ProtocolConversation {
        var c = ProtocolConversation(library(id)!, startedOn: day("2025-05-01"), priorConsent: priorConsent)
        for a in answers { try c.answer(a) }
        return c
    }

    @Test func allFiveProtocolsLoadWithEveryPromptInFiveLanguages() {
        #expect(Set(library.protocols.keys) == ["TEXAS", "IDEA", "BRUCE", "BLAKE", "HARMED"])
        for p in library.protocols.values { #expect(ProtocolLibrary.problems(p).isEmpty) }
        #expect(library("TEXAS")!.steps.map(\.letter).compactMap { $0 }.joined().hasPrefix("TEXA"))
        #expect(library("HARMED")!.wordingIsOrganisationsOwn == true)
        #expect(library("BLAKE")!.crisis == true && library("HARMED")!.crisis == true)
        #expect(library("BLAKE")!.steps[1].prompt.text(.fi).contains("vaara"))
    }

    @Test func texasWithConsentStoresDetailAdjustmentsAndAReviewDate() throws {
        let c = try run(
            "TEXAS",
            [
                .acknowledged, .acknowledged, .yes, .text("I have cancer treatment until autumn"), .no,
                .choices(["largePrint", "moreTime"]), .choice("both"),
            ])
        #expect(c.isComplete)
        #expect(
            c.commands == [
                .markHandleWithCare,
                .recordConsent(granted: true, wordingVersion: "texas-consent-2025-1"),
                .storeDetail(text: "I have cancer treatment until autumn"),
                .addAdjustments([.largePrint, .moreTime]),
                .escalate(
                    priority: .normal, reason: "TEXAS: the customer accepted a referral to the Customer Care team"),
                .signpost([.debtAdvice, .mentalHealth]),
                .setReviewDate(day("2025-07-30")),
            ])
    }

    @Test func texasWithoutConsentStoresNoDetailOnlyTheAdjustment() throws {
        // when the customer declines consent the impact question is not even asked
        var c = ProtocolConversation(library("TEXAS")!, startedOn: day("2025-05-01"))
        try c.answer(.acknowledged)
        try c.answer(.acknowledged)
        try c.answer(.no)
        #expect(c.currentStep?.id == "helper")
        try c.answer(.yes)
        try c.answer(.choices(["noPhone"]))
        try c.answer(.choice("none"))
        #expect(c.commands.contains(.recordConsent(granted: false, wordingVersion: "texas-consent-2025-1")))
        #expect(c.commands.contains(.addAdjustments([.noPhone])))
        #expect(
            !c.commands.contains {
                if case .storeDetail = $0 { return true }; return false
            })
        #expect(c.answers["impact"] == nil)
    }

    @Test func detailIsNeverStoredWithoutConsentEvenIfAProtocolAsksForIt() throws {
        // IDEA needs consent from an earlier TEXAS; without it the notes are not turned into stored detail
        let without = try run("IDEA", [.choice("medium"), .text("Struggles to open post"), .choice("weeks"), .no, .no])
        #expect(
            !without.commands.contains {
                if case .storeDetail = $0 { return true }; return false
            })
        let with = try run(
            "IDEA", [.choice("medium"), .text("Struggles to open post"), .choice("weeks"), .no, .no], priorConsent: true
        )
        #expect(with.commands.contains(.storeDetail(text: "Struggles to open post")))
    }

    @Test(arguments: [("days", 14), ("weeks", 30), ("months", 90), ("longTerm", 180), ("unknown", 60)])
    func ideaRecordsImpactDurationAndReview(duration: String, reviewDays: Int) throws {
        let c = try run("IDEA", [.choice("high"), .text("x"), .choice(duration), .yes, .yes], priorConsent: true)
        let expectedDays: [String: Int] = ["days": 14, "weeks": 30, "months": 90, "longTerm": 365]
        #expect(
            c.commands.contains(
                .recordImpact(level: .high, expectedDurationDays: expectedDays[duration], episodic: true)))
        #expect(c.commands.contains(.setReviewDate(day("2025-05-01").adding(days: reviewDays))))
        #expect(c.commands.contains(.recordThirdPartyHelp))
        #expect(c.commands.contains(.escalate(priority: .high, reason: "IDEA: high impact on dealing with the debt")))
    }

    @Test func bruceRecordsSupportAndDecisionAndNeverConcludesIncapable() throws {
        let c = try run(
            "BRUCE",
            [
                .text("Asked the same question three times"), .choices(["remembering", "evaluating"]),
                .choices(["writtenSummary", "oneOptionAtATime"]), .yes, .no,
            ])
        #expect(
            c.commands.contains(
                .recordDecisionSupport(
                    difficulties: [.remembering, .evaluating], support: ["writtenSummary", "oneOptionAtATime"],
                    supportWorked: true, decisionMade: false)))
        #expect(c.commands.contains(.addAdjustments([.writtenSummary])))
        #expect(
            !c.commands.contains {
                if case .escalate = $0 { return true }; return false
            }, "support worked: no escalation")
        #expect(!c.commands.contains(.startHold(.vulnerabilityReview)))
    }

    @Test func bruceEscalatesAndPausesWhenSupportDidNotWork() throws {
        let c = try run(
            "BRUCE",
            [.text("Long silences"), .choices(["understanding"]), .choices(["rephrase", "moreTime"]), .no, .no])
        #expect(c.commands.contains(.startHold(.vulnerabilityReview)))
        #expect(
            c.commands.contains(
                .escalate(
                    priority: .high, reason: "BRUCE: the support offered did not help; pause and involve a specialist"))
        )
        #expect(
            c.commands.contains(
                .recordDecisionSupport(
                    difficulties: [.understanding], support: ["rephrase", "moreTime"], supportWorked: false,
                    decisionMade: false)))
    }

    @Test func bruceWithNoDifficultySkipsTheSupportSteps() throws {
        var c = ProtocolConversation(library("BRUCE")!, startedOn: day("2025-05-01"))
        try c.answer(.text("Seemed hesitant"))
        try c.answer(.choices(["none"]))
        #expect(c.currentStep?.id == "decision")
        try c.answer(.yes)
        #expect(
            c.commands == [
                .recordDecisionSupport(difficulties: [], support: [], supportWorked: nil, decisionMade: true)
            ])
    }

    @Test func blakeWithImmediateDangerGivesEmergencyGuidanceAtOnce() throws {
        var c = ProtocolConversation(library("BLAKE")!, startedOn: day("2025-05-01"))
        try c.answer(.acknowledged)
        // the moment danger is known, before the rest of the script
        let now = try c.answer(.yes)
        #expect(
            now == [
                .emergencyServicesGuidance, .startHold(.crisis),
                .escalate(priority: .urgent, reason: "BLAKE: the customer may be in immediate danger"),
                .signpost([.crisis]),
            ])
        for a: ProtocolAnswer in [
            .text("At home"), .no, .yes, .acknowledged, .text("Will call the crisis line now"), .yes,
        ] {
            try c.answer(a)
        }
        #expect(c.commands.filter { $0 == .emergencyServicesGuidance }.count == 1, "each rule fires once")
        #expect(c.commands.last == .recordConcernNotification)
        #expect(
            !c.commands.contains(.escalate(priority: .high, reason: "BLAKE: risk conversation; specialist follow-up")))
    }

    @Test func blakeWithoutImmediateDangerStillHoldsSignpostsAndFollowsUp() throws {
        let c = try run(
            "BLAKE", [.acknowledged, .no, .text("At work"), .yes, .no, .acknowledged, .text("Sister will visit"), .no])
        #expect(
            c.commands == [
                .startHold(.crisis), .signpost([.crisis, .mentalHealth]),
                .escalate(priority: .high, reason: "BLAKE: risk conversation; specialist follow-up"),
            ])
    }

    @Test func blakePlansMeanDangerEvenIfNotSaidAtFirst() throws {
        let c = try run("BLAKE", [.acknowledged, .no, .text("Car park"), .no, .yes])
        #expect(c.commands.first == .emergencyServicesGuidance)
        #expect(
            c.commands.contains(.escalate(priority: .urgent, reason: "BLAKE: the customer may be in immediate danger")))
    }

    @Test(arguments: [(ProtocolAnswer.yes, EscalationPriority.urgent), (.no, .high)])
    func harmedAlwaysStopsCollectionAndEscalates(risk: ProtocolAnswer, priority: EscalationPriority) throws {
        let c = try run(
            "HARMED",
            [.acknowledged, risk, .acknowledged, .acknowledged, .text("Customer crying, said it is too much"), .no])
        #expect(c.commands.contains(.startHold(.crisis)))
        #expect(
            c.commands.contains {
                if case .escalate(let p, _) = $0 { return p == priority }; return false
            })
        #expect(c.commands.contains(.emergencyServicesGuidance) == (risk == .yes))
        #expect(!c.commands.contains(.recordConcernNotification))
    }

    @Test func badAnswersAreRefusedWithTheStepName() throws {
        var c = ProtocolConversation(library("TEXAS")!, startedOn: day("2025-05-01"))
        #expect(throws: ProtocolError.wrongAnswer(step: "thank", expected: .acknowledge)) { try c.answer(.yes) }
        try c.answer(.acknowledged)
        try c.answer(.acknowledged)
        try c.answer(.yes)
        #expect(throws: ProtocolError.emptyText(step: "impact")) { try c.answer(.text("  ")) }
        try c.answer(.text("ok"))
        try c.answer(.no)
        #expect(throws: ProtocolError.unknownOption(step: "adjustments", option: "teleport")) {
            try c.answer(.choices(["teleport"]))
        }
        try c.answer(.choices(["none"]))
        try c.answer(.choice("none"))
        #expect(throws: ProtocolError.finished) { try c.answer(.acknowledged) }
    }

    @Test func validationCatchesMissingTranslationsAndUnknownReferences() {
        var p = library("BLAKE")!
        p.steps[0].prompt["da"] = nil
        p.outcomes[0].commands.append(CommandSpec(type: "declareIncapable"))
        p.outcomes[1].when = ProtocolCondition(step: "nosuch", equals: "yes")
        let problems = ProtocolLibrary.problems(p)
        #expect(problems.contains("BLAKE: breathe.prompt has no da text"))
        #expect(problems.contains("BLAKE: outcome immediateDanger has unknown command declareIncapable"))
        #expect(problems.contains("BLAKE: outcome atRisk names unknown step nosuch"))
    }
}

@Suite struct ReplaceableDataTests {
    @Test func anOrganisationCanRewordAProtocolButNotBreakIt() throws {
        let shipped = try ProtocolLibrary.bundled()
        var texas = shipped("TEXAS")!
        texas.steps[0].prompt["en"] = "Thank them warmly."
        let reworded = try shipped.replacing(with: [try JSONEncoder().encode(texas)])
        #expect(reworded("TEXAS")!.steps[0].prompt.text(.en) == "Thank them warmly.")
        texas.steps[0].prompt["it"] = nil
        #expect(throws: ProtocolLoadError.self) { try shipped.replacing(with: [try JSONEncoder().encode(texas)]) }
    }

    @Test func signpostingAndGuidelinesLoadFromAnOrganisationsOwnFiles() throws {
        var directory = try SignpostDirectory.bundled()
        directory.entries.removeAll { $0.country == .IT && $0.needs.contains(.debtAdvice) }
        let mine = try SignpostDirectory.decode(try JSONEncoder().encode(directory))
        #expect(mine.select(country: .IT, need: .debtAdvice, language: .it).isEmpty)
        let guidelines = try SpendingGuidelines.bundled()
        #expect(guidelines.status == .unconfirmed && guidelines.label.hasPrefix("SAMPLE VALUES"))
        #expect(try SpendingGuidelines.decode(try JSONEncoder().encode(guidelines)) == guidelines)
    }
}
