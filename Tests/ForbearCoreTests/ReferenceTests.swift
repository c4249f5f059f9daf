import Testing

@testable import ForbearCore

@Suite struct ReferenceTests {
    @Test(arguments: [("12345", "123453"), ("1000", "10003")])
    func finnishReferenceFromBase(base: String, expected: String) {
        #expect(FinnishReference(base: base)?.digits == expected)
        #expect(FinnishReference(validating: expected) != nil)
    }

    @Test func finnishReferenceRejectsWrongCheckDigitAndBadInput() {
        #expect(FinnishReference(validating: "123454") == nil)
        #expect(FinnishReference(validating: "12") == nil)
        #expect(FinnishReference(base: "12") == nil)
        #expect(FinnishReference(base: String(repeating: "1", count: 20)) == nil)
        #expect(FinnishReference(validating: "12a453") == nil)
        #expect(FinnishReference(validating: "1 23453") != nil, "printed form with spaces is accepted")
    }

    @Test func finnishReferenceIsPrintedInGroupsOfFiveFromTheRight() {
        #expect(FinnishReference(base: "1234567890")!.printed == "1 23456 78907")
        #expect(FinnishReference(base: "1000")!.printed == "10003")
    }

    @Test func rfReferenceFromFinnishReference() {
        #expect(RFReference(base: "10003")?.value == "RF6810003")
        #expect(RFReference(base: "10003")?.printed == "RF68 1000 3")
    }

    @Test func rfReferenceValidation() {
        #expect(RFReference(validating: "RF18 5390 0754 7034") != nil)
        #expect(RFReference(validating: "RF17 5390 0754 7034") == nil)
        #expect(RFReference(validating: "RF18539007547034")?.base == "539007547034")
        #expect(RFReference(validating: "XX18 5390") == nil)
    }

    @Test func rfReferenceFromAlphanumericBaseValidates() {
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for _ in 0..<2_000 {
            let length = Int(rng.next() % 21) + 1
            let base = String((0..<length).map { _ in alphabet[Int(rng.next() % 36)] })
            let rf = RFReference(base: base)!
            #expect(RFReference(validating: rf.value) == rf)
            #expect(RFReference(validating: rf.printed) == rf)
        }
    }

    @Test(arguments: ["GB82 WEST 1234 5698 7654 32", "FI21 1234 5600 0007 85"])
    func validIBANs(text: String) {
        #expect(IBAN(text) != nil)
        #expect(IBAN(text)?.printed == text)
    }

    @Test(arguments: ["GB82 WEST 1234 5698 7654 33", "FI21 1234 5600 0007 8", "FI21 1234 5600 0007 8!", "12"])
    func invalidIBANs(text: String) {
        #expect(IBAN(text) == nil)
    }

    @Test func caseReferencesAreUniqueAndValidPerCountry() {
        var seen = Set<String>()
        for n in Int64(0)..<3_000 {
            for country in [Country.FI, .NL] {
                let ref = PaymentReference.forCase(number: n, country: country)
                #expect(seen.insert(ref.value).inserted)
                #expect(PaymentReference(parsing: ref.printed) == ref)
                if country == .FI {
                    guard case .finnish = ref else { Issue.record("FI cases get a Finnish reference"); return }
                } else {
                    guard case .rf = ref else { Issue.record("other cases get an RF reference"); return }
                }
            }
        }
    }

    @Test func aCaseReferenceGivesBackItsCaseNumber() {
        // given case numbers from the first to the largest a reference base holds, in every country
        var generator = SystemRandomNumberGenerator()
        let numbers: [Int64] =
            [0, 1, 8_999, 9_000, 999_999_999_999_999]
            + (0..<2_000).map { _ in Int64.random(in: 0..<1_000_000_000_000_000, using: &generator) }
        for n in numbers {
            for country in Country.allCases {
                // when the reference is read back as a bank file or a customer types it
                let ref = PaymentReference(parsing: PaymentReference.forCase(number: n, country: country).printed)
                // then its case number is the one it was made from
                #expect(ref?.caseNumber == n, "\(n) \(country)")
            }
        }
    }

    @Test func aReferenceOfAnotherShapeHasNoCaseNumber() throws {
        // given valid references no case number gives: letters, a leading zero, a base under 1000
        let refs: [PaymentReference] = [
            .rf(try #require(RFReference(base: "A1005"))), .rf(try #require(RFReference(base: "01005"))),
            .rf(try #require(RFReference(base: "999"))), .finnish(try #require(FinnishReference(base: "999"))),
        ]
        // then none names a case
        for ref in refs { #expect(ref.caseNumber == nil, "\(ref)") }
    }
}
