import ForbearCore
import Foundation
import Testing

/// Dates are written and read as ISO text on every stored row; the fast writer and parser must agree with plain
/// formatting on every day.
@Suite struct LocalDateTests {
    /// The ISO text of a date, the slow and obvious way.
    static func reference(_ year: Int, _ month: Int, _ day: Int) -> String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    @Test func everyDayFrom1900To2100WritesAndReadsBack() {
        // given every day of two centuries
        var date = LocalDate(year: 1900, month: 1, day: 1)!
        let end = LocalDate(year: 2100, month: 12, day: 31)!
        var days = 0
        while date <= end {
            // when it is written and read back
            let text = date.iso
            // then the text is the plain formatting, and reading it gives the same day
            #expect(text == Self.reference(date.year, date.month, date.day))
            #expect(LocalDate(iso: text) == date)
            #expect(LocalDate(iso: Substring(" " + text).dropFirst()) == date, "a substring reads the same")
            date = date.adding(days: 1)
            days += 1
        }
        #expect(days == 73_414)
    }

    @Test(arguments: [(1, 1, 1), (999, 12, 31), (9999, 12, 31), (2024, 2, 29)])
    func yearsOfEveryWidthArePaddedToFourDigits(year: Int, month: Int, day: Int) throws {
        let date = try #require(LocalDate(year: year, month: month, day: day))
        #expect(date.iso == Self.reference(year, month, day))
        #expect(LocalDate(iso: date.iso) == date)
    }

    @Test(arguments: [
        "", "2026-1-01", "2026/01/01", "2026-01-0x", "20260101", "2026-01-011", " 2026-01-01", "２０２６-01-01",
    ])
    func malformedTextIsNotADate(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }
}
