import Foundation
import Testing

@testable import ForbearStore

@Suite struct TimeOrderedIDTests {
    @Test func idsSortInTheOrderTheyWereMadeAndNeverRepeat() {
        let ids = (0..<20_000).map { _ in newID() }
        #expect(ids == ids.sorted(), "text order is creation order, so inserts append to the key's B-tree")
        #expect(Set(ids).count == ids.count)
        let shape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
        #expect(ids.allSatisfy { $0.wholeMatch(of: shape) != nil }, "UUID-shaped: 36 characters, lower-case hex")
    }

    @Test func aClockThatStepsBackDoesNotBreakTheOrder() {
        let now = Date()
        let first = TimeOrderedID.next(now: now)
        let earlier = TimeOrderedID.next(now: now.addingTimeInterval(-3600))
        #expect(first < earlier, "an id made after another sorts after it, whatever the wall clock says")
    }

    @Test func theLeadingDigitsAreTheMillisecondAndTheTailIsRandom() {
        let a = TimeOrderedID.format(high: 0x0001_2345_6789_abcd, low: 0xffee_ddcc_bbaa_0099)
        #expect(a == "00012345-6789-abcd-ffee-ddccbbaa0099")
    }
}
