import ForbearCore
import Foundation
import Testing

@testable import ForbearLetters

struct Letters {
    let library: TemplateLibrary
    let packs: RulePackLibrary
    let signposts: SignpostDirectory
    let lint: LetterLint

    static func load() throws -> Letters {
        let packs = try RulePackLibrary.bundled()
        let signposts = try SignpostDirectory.bundled()
        return Letters(
            library: try TemplateLibrary.shipped(), packs: packs, signposts: signposts,
            lint: LetterLint(rules: try LintRules.shipped(), packs: packs, signposts: signposts))
    }

    /// A library with one more template, as an operator would drop it in.
    func with(_ id: String, _ language: Language, _ text: String) throws -> TemplateLibrary {
        var copy = library
        copy.put(try LetterTemplate(id: id, language: language, text: text, source: "test"))
        return copy
    }
}

@Suite struct TemplateLintTests {
    static let languages: [Language] = [.en, .nl, .fi, .da, .it]
    static let templateIds =
        StepKind.allCases.map(\.rawValue) + [
            "planConfirmation", "pauseConfirmation", "disputeAcknowledgement", "planNudge", "planReview", "paidInFull",
        ]

    @Test func everyTemplateExistsInEveryLanguage() throws {
        let letters = try Letters.load()
        for id in Self.templateIds {
            for language in Self.languages {
                #expect(letters.library.template(id, language: language) != nil, "missing \(id).\(language)")
            }
        }
    }

    @Test func shippedTemplatesPassTheLint() throws {
        // given the shipped templates
        let letters = try Letters.load()
        // when every template is linted with a sample case of every country that uses it
        let findings = letters.lint.lint(letters.library)
        // then there is no error, and every template got a readability score naming its formula
        let errors = findings.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
        let scored = findings.filter { $0.rule == "readability" }
        #expect(scored.count >= Self.templateIds.count * Self.languages.count)
        #expect(Set(scored.map(\.template)).count == scored.count, "one score per template and variant")
        #expect(scored.contains { $0.template == "demand.fi" && $0.message.hasPrefix("LIX") })
        #expect(scored.contains { $0.template == "demand.it" && $0.message.hasPrefix("Gulpease") })
        #expect(scored.contains { $0.template == "demand.nl" && $0.message.hasPrefix("Flesch-Douma") })
        #expect(scored.contains { $0.template == "demand.en" && $0.message.hasPrefix("Flesch reading ease") })
    }

    /// The shipped demand letter, with one change.
    func planted(_ change: (String) -> String, language: Language = .en) throws -> [LintFinding] {
        let letters = try Letters.load()
        let original = letters.library.template("demand", language: language)!.text
        let library = try letters.with("demand", language, change(original))
        return letters.lint.lint(library.template("demand", language: language)!, in: library)
            .filter { $0.severity == .error }
    }

    @Test func missingBasisOfClaimIsAnError() throws {
        // given a demand whose body leaves out the claims
        let findings = try planted {
            $0.replacing("{{> body}}", with: "## What you owe\n| Total | {{total}}\n\nPay by {{deadline}}.")
        }
        // then the lint names the missing basis of the claim, for each country using the template
        let basis = findings.filter { $0.rule == "mandatory.basis_of_claim" }
        #expect(basis.map(\.country) == [.FI, .NL])
        #expect(basis.first?.message.contains("does not say what the claim is based on") == true)
        #expect(basis.first?.fix?.contains("{{description}}") == true)
        #expect(findings.contains { $0.rule == "mandatory.right_to_object" })
    }

    @Test func aThreatIsAnError() throws {
        let findings = try planted {
            $0.replacing("We would rather find a solution with you.", with: "This is your last chance.")
        }
        #expect(findings.map(\.rule) == ["threat"])
        #expect(findings[0].message.contains("last chance"))
    }

    @Test(arguments: [Language.en, .it])
    func aSixtyWordSentenceIsAnError(language: Language) throws {
        let long = Array(repeating: language == .en ? "word" : "parola", count: 60).joined(separator: " ") + "."
        let findings = try planted({ $0.replacing("{{> body}}", with: "{{> body}}\n\n" + long) }, language: language)
        let sentence = findings.filter { $0.rule == "sentence.length" }
        #expect(sentence.count == 1)
        #expect(sentence.first?.message.contains("a sentence of 60 words") == true)
    }

    @Test func debtWordingInTheWindowIsAnErrorWhereTheCountryForbidsIt() throws {
        // given a formal notice (sent in BE and IT) whose window says what it is about
        let letters = try Letters.load()
        let original = letters.library.template("formalNotice", language: .it)!.text
        let text = original.replacing(
            "window: {{collector.windowName}}", with: "window: {{collector.windowName}} Recupero Crediti")
        let library = try letters.with("formalNotice", .it, text)
        // when it is linted
        let findings = letters.lint.lint(library.template("formalNotice", language: .it)!, in: library)
        // then both countries that forbid debt wording on the envelope are named
        let envelope = findings.filter { $0.rule == "envelope.debtWording" }
        #expect(Set(envelope.compactMap(\.country)) == [.BE, .IT])
    }

    @Test func readabilityFormulasMatchHandWorkedValues() {
        // "The cat sat. The dog ran away." 7 words, 2 sentences; LIX long words (> 6 letters): none.
        let s = TextStatistics(units: ["The cat sat. The dog ran away."])
        #expect(s.sentenceCount == 2)
        #expect(s.words.count == 7)
        #expect(abs(s.score(.lix) - 3.5) < 0.001)
        // Gulpease: 89 + (300 × 2 − 10 × 22 letters) / 7 = 89 + 380/7
        #expect(abs(s.score(.gulpease) - (89 + 380.0 / 7)) < 0.001)
        // Flesch: 8 syllables (a-way) → 206.835 − 1.015 × 3.5 − 84.6 × 8/7
        #expect(abs(s.score(.flesch) - (206.835 - 1.015 * 3.5 - 84.6 * 8 / 7)) < 0.001)
    }
}
