import Foundation
import Testing

@testable import ForbearStore

/// A row read for a page is placed with its own case, whatever order the page's ids and the rows come in.
@Suite struct PageIndexTests {
    /// Time-ordered ids like the store's, and ids that are prefixes of one another or differ only in their last byte.
    let ids = ["0t43x2efq0000hnp404sc6dpz2", "0t43x2efq0002ysnghg6t497jc", "a1", "a10", "a2", "b", "bé"]

    @Test(arguments: [false, true])
    func everyIdIsFoundAtItsPlaceInThePage(shuffled: Bool) {
        // given the page's ids in rising order, or shuffled
        var rng = SystemRandomNumberGenerator()
        let page = shuffled ? ids.shuffled(using: &rng) : ids
        var index = PageIndex(page)
        // when rows come in any order, each id several times
        for id in (page + page.reversed() + page).shuffled(using: &rng) {
            // then each is placed with its own case
            #expect(index.position(id) == page.firstIndex(of: id))
        }
    }

    @Test func idsOfOtherCasesAreNotPlaced() {
        var index = PageIndex(ids)
        // a key range reads cases between the page's, and ids sharing a prefix with one of them
        for other in ["", "0", "0t43x2efq0001", "a", "a100", "a0", "a3", "bb", "be", "c", "0t43x2efq0000hnp404sc6dpz"] {
            #expect(index.position(other) == nil, "\(other)")
        }
    }

    @Test func rowsReadInCaseIdOrderFollowThePage() {
        // given rows sorted by case id, as the claims and ledger are read
        let page = (0..<500).map { String(format: "0t43x2efq%05dabcdefghijk", $0 * 2) }
        var index = PageIndex(page.reversed())
        // then each run of a case's rows finds it, also after a gap of cases with no rows or other cases' rows
        for (i, id) in page.enumerated() where i % 3 != 0 {
            for _ in 0..<2 { #expect(index.position(id) == page.count - 1 - i) }
            #expect(index.position(String(format: "0t43x2efq%05dabcdefghijk", i * 2 + 1)) == nil)
        }
    }

    @Test func anEmptyPagePlacesNothing() {
        var index = PageIndex([])
        #expect(index.position("a1") == nil)
    }
}
