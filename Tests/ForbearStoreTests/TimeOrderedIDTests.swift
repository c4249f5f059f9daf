import Foundation
import Testing

@testable import ForbearStore

@Suite struct TimeOrderedIDTests {
    @Test func idsSortInTheOrderTheyWereMadeAndNeverRepeat() {
        let ids = (0..<20_000).map { _ in newID() }
        #expect(ids == ids.sorted(), "text order is creation order, so inserts append to the key's B-tree")
        #expect(Set(ids).count == ids.count)
        let shape = /^[0-7][0-9a-hjkmnp-tv-z]{25}$/
        #expect(ids.allSatisfy { $0.wholeMatch(of: shape) != nil }, "26 lower-case base-32 digits")
    }

    @Test func aClockThatStepsBackDoesNotBreakTheOrder() {
        let now = Date()
        let first = TimeOrderedID.next(now: now)
        let earlier = TimeOrderedID.next(now: now.addingTimeInterval(-3600))
        #expect(first < earlier, "an id made after another sorts after it, whatever the wall clock says")
    }

    @Test func theLeadingDigitsAreTheMillisecondAndTheTailIsRandom() {
        // given the same 128 bits worked out by hand in base 32 (Python: 5 bits at a time from the top)
        #expect(
            TimeOrderedID.format(high: 0x0001_2345_6789_abcd, low: 0xffee_ddcc_bbaa_0099)
                == "0004hmasw9nf6zzvpxsjxtm04s")
        #expect(TimeOrderedID.format(high: .max, low: .max) == "7zzzzzzzzzzzzzzzzzzzzzzzzz")
        #expect(TimeOrderedID.format(high: 0, low: 0) == String(repeating: "0", count: 26))
    }

    @Test func everyBitIsKeptAndTextOrderIsNumericOrder() {
        // given random pairs of 128-bit numbers, including ones that differ only around the digit that straddles
        // the two halves
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdefghjkmnpqrstvwxyz")
        func decode(_ id: String) -> (UInt64, UInt64) {
            var high: UInt64 = 0
            var low: UInt64 = 0
            for c in id {
                let d = UInt64(digits.firstIndex(of: c)!)
                high = high << 5 | low >> 59
                low = low << 5 | d
            }
            return (high, low)
        }
        for _ in 0..<5_000 {
            let a = (
                UInt64.random(in: .min ... .max, using: &generator), UInt64.random(in: .min ... .max, using: &generator)
            )
            let b = Bool.random() ? (a.0, a.1 ^ (1 << UInt64.random(in: 58...63))) : (a.0 ^ 1, a.1)
            let (x, y) = (TimeOrderedID.format(high: a.0, low: a.1), TimeOrderedID.format(high: b.0, low: b.1))
            // then the text gives back the number, and compares as the numbers do
            #expect(decode(x) == a)
            #expect((x < y) == (a < b))
        }
    }
}
