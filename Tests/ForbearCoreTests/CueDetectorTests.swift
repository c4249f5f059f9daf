import Foundation
import Testing

@testable import ForbearCore

@Suite struct CueDetectorTests {
    let detector = try! CueDetector.bundled()

    struct Score {
        var tp = 0, fp = 0, fn = 0, riskTP = 0, riskFP = 0, riskFN = 0, sentences = 0
        var precision: Double { tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp) }
        var recall: Double { tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn) }
        var riskPrecision: Double { riskTP + riskFP == 0 ? 1 : Double(riskTP) / Double(riskTP + riskFP) }
        var riskRecall: Double { riskTP + riskFN == 0 ? 1 : Double(riskTP) / Double(riskTP + riskFN) }
    }

    @Test(arguments: [Language.en, .nl, .fi, .da, .it])
    func precisionAndRecallOnTheLabelledSet(language: Language) {
        let items = cueLabelledSet.filter { $0.0 == language }
        #expect(items.count >= 40)
        let (s, misses) = score(items)
        print(
            String(
                format:
                    "cue detector %@: %d sentences; cues precision %.2f recall %.2f; risk precision %.2f recall %.2f",
                language.rawValue, s.sentences, s.precision, s.recall, s.riskPrecision, s.riskRecall))
        for m in misses { print("  \(language.rawValue) \(m)") }
        #expect(s.riskPrecision >= 0.9, "risk phrases must be precise")
        #expect(s.riskRecall >= 0.9, "risk phrases must not be missed")
        #expect(s.precision >= 0.85 && s.recall >= 0.85)
    }

    /// Scores a set; returns the score and the lines explaining each miss.
    func score(_ items: [(Language, String, CueLabel)]) -> (Score, [String]) {
        var s = Score()
        var misses: [String] = []
        for (language, text, label) in items {
            s.sentences += 1
            let report = detector.scan(text, language: language)
            let predicted = !report.suggestions.isEmpty
            var expectedDriver: VulnerabilityDriver?
            var isRisk = false
            switch label {
            case .cue(let d): expectedDriver = d
            case .risk: expectedDriver = .health; isRisk = true
            case .none, .negated: break
            }
            if let expectedDriver {
                if predicted && report.drivers.contains(expectedDriver) {
                    s.tp += 1
                } else {
                    s.fn += 1; misses.append("missed: \(text)")
                }
                if predicted && !report.drivers.contains(expectedDriver) { s.fp += 1 }
            } else if predicted {
                s.fp += 1
                misses.append("false alarm: \(text) → \(report.suggestions.map(\.phrase))")
            }
            switch (isRisk, report.isUrgent) {
            case (true, true): s.riskTP += 1
            case (false, true): s.riskFP += 1; misses.append("urgent false alarm: \(text)")
            case (true, false): s.riskFN += 1; misses.append("risk missed: \(text)")
            default: break
            }
            if case .negated = label, !report.suggestions.isEmpty { misses.append("negation missed: \(text)") }
        }
        return (s, misses)
    }

    @Test func heldOutSentencesAreScoredAndReported() {
        let (s, misses) = score(cueHeldOutSet)
        print(
            String(
                format:
                    "cue detector held-out (all languages): %d sentences; cues precision %.2f recall %.2f; risk precision %.2f recall %.2f",
                s.sentences, s.precision, s.recall, s.riskPrecision, s.riskRecall))
        for m in misses { print("  held-out \(m)") }
        #expect(s.riskPrecision >= 0.9, "risk phrases must be precise")
    }

    @Test func aSuggestionNamesThePhraseAndWhereItIs() {
        let text = "Sorry for the delay. My wife passed away in May."
        let r = detector.scan(text, language: .en)
        #expect(r.suggestions.count == 1)
        let m = r.suggestions[0]
        #expect(m.phrase == "passed away" && m.characteristic == .bereavement && m.driver == .lifeEvents)
        #expect(m.offset == 29 && m.length == 11)
        #expect(String(Array(text)[m.offset..<m.offset + m.length]) == "passed away")
        #expect(!r.isUrgent)
    }

    @Test func negationIsReportedApartAndDoesNotReachAcrossAClause() {
        let r = detector.scan("I'm not ill, but my husband died last year.", language: .en)
        #expect(r.negated.map(\.phrase) == ["ill"])
        #expect(r.suggestions.map(\.phrase) == ["died"])
        let fi = detector.scan("En ole sairas, mutta mieheni kuoli.", language: .fi)
        #expect(fi.negated.map(\.phrase) == ["sairas"] && fi.suggestions.map(\.phrase) == ["kuoli"])
    }

    @Test func finnishStemsCoverInflections() {
        for word in ["sairaalassa", "sairaalaan", "sairaalasta", "sairaalahoidossa"] {
            #expect(detector.scan("Olin \(word) viime viikolla.", language: .fi).drivers == [.health], "\(word)")
        }
        #expect(detector.scan("Työttömyys on vaikeaa.", language: .fi).drivers == [.lifeEvents])
    }

    @Test func riskPhrasesAreUrgentEvenWhenTheyContainANegator() {
        #expect(detector.scan("Honestly I don't want to live.", language: .en).isUrgent)
        #expect(detector.scan("En halua enää elää.", language: .fi).isUrgent)
        #expect(detector.scan("Jeg vil ikke leve mere.", language: .da).isUrgent)
        #expect(!detector.scan("I'm not suicidal.", language: .en).isUrgent)
    }

    @Test func onlyWordsOfRiskRaiseAnEscalationAndItNamesThePhrase() throws {
        let risk = try #require(detector.scan("I lost my job and want to end it all", language: .en).escalation)
        #expect(risk.priority == .urgent)
        #expect(risk.reason.contains("\"end it all\""))
        #expect(!risk.reason.contains("lost my job"))
        // a cue without risk is a suggestion for a person, not an escalation
        let job = detector.scan("I lost my job last month", language: .en)
        #expect(!job.suggestions.isEmpty)
        #expect(job.escalation == nil)
    }

    @Test func whatACustomerWritesIsFollowedUpWheneverItHasACue() throws {
        // words of risk: urgent, as for staff notes
        #expect(detector.scan("I want to end it all", language: .en).customerFollowUp?.priority == .urgent)
        // any other cue: a normal follow-up that names the phrase and the driver
        let job = try #require(detector.scan("I lost my job last month", language: .en).customerFollowUp)
        #expect(job.priority == .normal)
        #expect(job.reason.contains("lost my job") && job.reason.contains("lifeEvents"))
        // no cue, no escalation
        #expect(detector.scan("Can I pay on Friday?", language: .en).customerFollowUp == nil)
    }

    @Test func everyLanguageHasALexiconAndUnknownLanguagesFindNothing() {
        #expect(detector.languages == [.da, .en, .fi, .it, .nl])
        #expect(detector.scan("I want to die", language: .sv).suggestions.isEmpty)
    }
}
