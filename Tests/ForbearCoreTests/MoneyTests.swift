import Foundation
import Testing

@testable import ForbearCore

@Suite struct MoneyTests {
    @Test(arguments: [
        ("1234.56", Int64(123_456)), ("0.5", 50), ("7", 700), ("-3.10", -310), ("+2.00", 200), ("6775.00", 677_500),
    ])
    func parsesDecimalStrings(text: String, minor: Int64) throws {
        #expect(try Money.parse(text, currency: .EUR).minorUnits == minor)
    }

    @Test(arguments: ["", ".", "1.", ".5", "1.234", "1,00", "12a", "1.2.3", "--1", "1 000"])
    func rejectsWhatIsNotAnAmount(text: String) {
        #expect(throws: MoneyError.self) { try Money.parse(text, currency: .EUR) }
    }

    @Test func arithmeticIsCheckedForCurrencyAndOverflow() throws {
        // given
        let euro = money("10.00")
        let krone = money("10.00", .DKK)
        let huge = Money(minorUnits: .max, currency: .EUR)
        // then
        #expect(throws: MoneyError.currencyMismatch(.EUR, .DKK)) { try euro.plus(krone) }
        #expect(throws: MoneyError.overflow) { try huge.plus(money("0.01")) }
        #expect(throws: MoneyError.overflow) { try huge.times(2) }
        #expect(try euro.minus(money("12.50")).minorUnits == -250)
        #expect(try euro.scaled(by: 1, over: 3).minorUnits == 333)
        #expect(try money("0.05").scaled(by: 1, over: 2).minorUnits == 3)  // half away from zero
    }

    @Test func decimalStringRoundTripsThroughJSONForm() throws {
        for minor in [Int64(0), 5, 99, 100, -1, -12_345, 123_456_789] {
            let m = Money(minorUnits: minor, currency: .GBP)
            #expect(try Money.parse(m.decimalString, currency: .GBP) == m)
        }
        #expect(money("625").decimalString == "625.00")
    }

    @Test func proRataSplitMatchesTheWorkedExample() throws {
        // given domain.md §4: 100.00 over debts of 500, 1000, 233 and 200
        let parts = try ProRata.split(money("100.00"), weights: [500, 1000, 233, 200])
        // then
        #expect(parts.map(\.decimalString) == ["25.87", "51.73", "12.05", "10.35"])
    }

    @Test func proRataPartsAlwaysSumExactlyAndStayWithinOneUnitOfTheShare() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<5_000 {
            let amount = Int64(rng.next() % 10_000_000) - 1_000
            let count = Int(rng.next() % 8) + 1
            var weights = (0..<count).map { _ in Int64(rng.next() % 1_000_000) }
            if weights.allSatisfy({ $0 == 0 }) { weights[0] = 1 }
            let total = weights.reduce(0, +)
            let parts = try ProRata.split(Money(minorUnits: amount, currency: .EUR), weights: weights)
            #expect(parts.reduce(0) { $0 + $1.minorUnits } == amount)
            for (p, w) in zip(parts, weights) {
                let exact = Double(amount) * Double(w) / Double(total)
                #expect(abs(Double(p.minorUnits) - exact) < 1.0 + 1e-6)
            }
        }
    }

    @Test func proRataRefusesNothingToSplitOver() {
        #expect(throws: MoneyError.emptyWeights) { try ProRata.split(money("1.00"), weights: []) }
        #expect(throws: MoneyError.zeroTotalWeight) { try ProRata.split(money("1.00"), weights: [0, 0]) }
        #expect(throws: MoneyError.negativeWeight(-1)) { try ProRata.split(money("1.00"), weights: [2, -1]) }
    }

    @Test(arguments: [
        (MoneyLocale.fi, Currency.EUR, "1 234,56 €"),
        (.enGB, .GBP, "£1,234.56"),
        (.enGB, .EUR, "€1,234.56"),
        (.nl, .EUR, "€ 1.234,56"),
        (.da, .DKK, "1.234,56 kr."),
        (.it, .EUR, "1.234,56 €"),
        (.sv, .SEK, "1 234,56 kr"),
        (.da, .EUR, "1.234,56 €"),
    ])
    func formatsForEachLocale(locale: MoneyLocale, currency: Currency, expected: String) {
        // Spaces in the output are no-break spaces so an amount never wraps; compare with plain spaces.
        let text = MoneyFormat.format(Money(minorUnits: 123_456, currency: currency), locale: locale)
        #expect(text.replacingOccurrences(of: "\u{00A0}", with: " ") == expected)
        #expect(!text.contains(" "), "only no-break spaces inside an amount")
    }

    @Test func formatsSmallNegativeAndLargeAmounts() {
        #expect(MoneyFormat.format(money("0.05"), locale: .enGB) == "€0.05")
        #expect(MoneyFormat.format(money("-12.00"), locale: .it) == "-12,00\u{00A0}€")
        #expect(MoneyFormat.format(money("1234567.89", .GBP), locale: .enGB) == "£1,234,567.89")
        #expect(MoneyFormat.number(money("1000.00"), locale: .fi) == "1\u{00A0}000,00")
    }
}
