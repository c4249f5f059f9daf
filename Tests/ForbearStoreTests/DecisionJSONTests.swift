import ForbearCore
import Foundation
import Testing

@testable import ForbearStore

@Suite struct DecisionJSONTests {
    @Test func theDirectWriterMatchesTheGenericEncoderByteForByte() throws {
        // given reasons with every character JSON must escape, accents, an emoji, and with and without a date
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("aé€ \"\\/\n\r\t\u{01}\u{1F}\u{08}\u{0C}😀§Øx1")
        func text() -> String {
            String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement()! })
        }
        for _ in 0..<300 {
            let reasons = (0..<Int.random(in: 0...3)).map { _ in
                Reason(
                    ruleId: text(), legalBasis: text(), text: text(),
                    nextPossibleAction: Bool.random() ? LocalDate(iso: "2026-02-28") : nil)
            }
            // when / then
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let generic = String(decoding: try encoder.encode(reasons), as: UTF8.self)
            var refs = LegalTexts.Refs()
            let stored = String(decoding: DecisionJSON.encode(reasons, refs: &refs), as: UTF8.self)
            #expect(try stored == citingByReference(generic, reasons.map(\.legalBasis)))
            // and they read back as they were, and so do reasons stored with their texts before migration 12
            #expect(try DecisionJSON.reasons(stored, basis: refs.lookup) == reasons)
            #expect(try DecisionJSON.reasons(generic, basis: { _ in nil }) == reasons)
        }
    }

    @Test func aStringIsQuotedAsTheGenericEncoderQuotesIt() throws {
        // given strings up to 80 bytes long, mostly plain with an escape now and then at any place in a word of 8 bytes,
        // and non-ASCII bytes beside the characters just below and above those escaped
        var rng = SystemRandomNumberGenerator()
        let plain = Array("abcdefghijklmnop 0123456789.,:§€é😀\u{7F}!#.0[]]")
        let escaped = Array("\"\\/\n\r\t\u{01}\u{1F}\u{08}\u{0C}\u{0}")
        for _ in 0..<3000 {
            let text = String(
                (0..<Int.random(in: 0...80, using: &rng)).map { _ in
                    Int.random(in: 0..<12, using: &rng) == 0
                        ? escaped.randomElement(using: &rng)! : plain.randomElement(using: &rng)!
                })
            // when
            var out: [UInt8] = []
            JSONText.quote(text, into: &out)
            // then
            #expect(
                String(decoding: out, as: UTF8.self) == String(decoding: try JSONEncoder().encode(text), as: UTF8.self))
        }
    }

    @Test func aLegalBasisIsStoredOnceForEveryDecisionCitingIt() {
        // given reasons citing two texts, one of them twice
        let reasons = ["A law §1.", "A law §1.", "Forbear policy."].map {
            Reason(ruleId: "r", legalBasis: $0, text: "t")
        }
        // when
        var refs = LegalTexts.Refs()
        let stored = String(decoding: DecisionJSON.encode(reasons, refs: &refs), as: UTF8.self)
        // then each text is kept once, under a reference made from the text alone, and none is written in the reasons
        #expect(
            refs.texts == [
                "A law §1.": LegalTexts.ref("A law §1."), "Forbear policy.": LegalTexts.ref("Forbear policy."),
            ])
        #expect(LegalTexts.ref("A law §1.").count == 16 && LegalTexts.ref("A law §1.") != LegalTexts.ref("A law §2."))
        // (stored references never change: the first 8 bytes of SHA-256, in lowercase hex; FIPS 180-2's "abc" vector)
        #expect(LegalTexts.ref("abc") == "ba7816bf8f01cfea")
        #expect(!stored.contains("law") && !stored.contains("policy"))
        // and a long text gets the same reference whether it is the one string every case shares or a copy of it,
        // and a different text of the same length another
        let basis = "Renteloven §9b: at most DKK 100 a reminder."
        let other = "Renteloven §9b: at most DKK 200 a reminder."
        var shared = LegalTexts.Refs()
        let made = [basis, String(decoding: Array(basis.utf8), as: UTF8.self), basis, other, basis].map {
            shared.ref($0)
        }
        #expect(
            made == [made[0], made[0], made[0], LegalTexts.ref(other), made[0]] && made[0] == LegalTexts.ref(basis))
        #expect(shared.texts.count == 2)
        // and a reference no stored text has does not read as a reason
        #expect(throws: (any Error).self) { try DecisionJSON.reasons(stored, basis: { _ in nil }) }
    }

    /// What the generic encoder wrote, with each legal basis given as its reference instead.
    func citingByReference(_ generic: String, _ texts: [String]) throws -> String {
        var out = generic
        for text in texts {
            let quoted = String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
            out = out.replacingOccurrences(
                of: #""legalBasis":"# + quoted, with: #""legalBasisRef":""# + LegalTexts.ref(text) + "\"")
        }
        return out
    }

    @Test func actionsAreWrittenAsTheGenericEncoderWritesThem() throws {
        // given letters, fees and interest with random text, amounts, dates and currencies, and a rare action
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("aé€ \"\\/\n\u{01}😀§x1")
        func text() -> String {
            String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement()! })
        }
        func money() -> Money {
            Money(
                minorUnits: Int64.random(in: -100_000...10_000_000, using: &rng),
                currency: Currency.allCases.randomElement()!)
        }
        func date() -> LocalDate { LocalDate(iso: "2026-0\(Int.random(in: 1...9))-1\(Int.random(in: 0...9))")! }
        for _ in 0..<300 {
            let actions: [Action] = [
                .sendLetter(
                    stepId: text(), occurrence: Int.random(in: 1...5), channel: Channel.allCases.randomElement()!,
                    deadline: date()),
                .chargeFee(
                    feeId: text(), claimId: text(), component: Component.allCases.randomElement()!, amount: money(),
                    legalBasis: text()),
                .accrueInterest(
                    claimId: text(), amount: money(), from: date(), through: date(), days: Int.random(in: 0...400)),
                .escalateToSpecialist(priority: .urgent), .wait, .close, .stop, .referToCreditor,
            ]
            for action in actions {
                // when
                var refs = LegalTexts.Refs()
                let stored = String(decoding: try DecisionJSON.encode(action, refs: &refs), as: UTF8.self)
                // then the text the generic encoder writes, a fee citing its legal basis by reference
                var basis: [String] = []
                if case .chargeFee(_, _, _, _, let text) = action { basis = [text] }
                #expect(try stored == citingByReference(try json(action), basis))
                // and it reads back as it was (the rare one through the generic decoder), as one stored before does
                #expect(try DecisionJSON.action(stored, basis: refs.lookup) == action)
                #expect(try DecisionJSON.action(try json(action), basis: { _ in nil }) == action)
            }
        }
    }

    @Test func valuelessActionsAreWrittenInBothKeyStylesAsTheGenericEncoderWritesThem() throws {
        // given the generic encoders of the store (camelCase) and of the API (snake_case)
        let camel = JSONEncoder()
        camel.outputFormatting = [.sortedKeys]
        let snake = JSONEncoder()
        snake.outputFormatting = [.sortedKeys]
        snake.keyEncodingStrategy = .convertToSnakeCase
        for action in [Action.wait, .close, .stop, .referToCreditor] {
            for (style, encoder) in [(Action.KeyStyle.camel, camel), (.snake, snake)] {
                // when
                var out = JSONText()
                #expect(action.writeJSON(into: &out, keys: style))
                // then
                #expect(out.text == String(decoding: try encoder.encode(action), as: UTF8.self))
            }
        }
        // and a value-less action stored with a stray key is not taken for the bare one
        #expect(Action(stored: JSONValue(parsing: #"{"wait":{"x":1}}"#)!) == nil)
    }

    @Test func theReaderTakesJSONAsTheEncoderWritesItAndRefusesWhatItIsNot() {
        // given escapes, a surrogate pair, white space and nesting
        let text = #" { "a" : [1, -2, true, false, null, "\"\\\/\n\u00e9\ud83d\ude00"], "b": {} } "#
        // then
        #expect(
            JSONValue(parsing: text)
                == .object([
                    "a": .array([.number(1), .number(-2), .bool(true), .bool(false), .null, .string("\"\\/\né😀")]),
                    "b": .object([:]),
                ]))
        // and what it cannot read exactly is refused, for the generic decoder to handle
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "\"open", "1.5", "1e3", "[1] 2", "\"\\ud83d\"", "\"\u{01}\""] {
            #expect(JSONValue(parsing: bad) == nil, "\(bad)")
        }
    }
}

extension LegalTexts.Refs {
    /// The text of a reference made here, as reading it back from `legal_texts` gives it.
    func lookup(_ ref: String) -> String? { texts.first { $0.value == ref }?.key }
}
