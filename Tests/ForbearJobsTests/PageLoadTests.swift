import ForbearCore
import ForbearJobs
import ForbearTestSupport
import Foundation
import Testing

@testable import ForbearStore

/// On SQLite a page of the cycle reads its cases' rows from every table as one key range when its ids rise with the
/// case numbers. Rows of other cases inside that range (held, closed or already decided ones) must never reach the
/// page's snapshots: each case must read exactly as it does when the page's ids are listed one by one.
@Suite struct PageLoadTests {
    let packs = try! RulePackLibrary.bundled()
    let day = LocalDate(iso: "2026-06-01")!

    @Test(arguments: TestDatabases.dialects)
    func eachCaseOfAPageReadsAsWhenItsIdsAreListed(dialect: Database.Dialect) async throws {
        let db = try await TestDatabases.make(dialect)
        try await closing(db, ()) {
            // given a portfolio decided for a day (letters, fees and interest stored), then holds on some cases and
            // the next day decided already for others, so the next day's pages have gaps
            try await importDemoPortfolio(
                customers: 90, seed: 3, today: day, creditor: "Pages", into: db, packs: packs)
            let store = CaseStore(database: db)
            let cycle = DailyCycle(cases: store, packs: packs)
            #expect(try await cycle.run(on: day).casesDecided > 80)
            let next = day.adding(days: 1)
            var rng = SplitMix64(seed: 9)
            let all = try await store.openCasesToDecide(on: next, after: 0, limit: 1000)
            for c in all where rng.next() % 5 == 0 {
                let hold = Hold(
                    id: "h-\(c.record.id)", kind: .paymentPause, start: day, end: next.adding(days: 30),
                    reason: "asked for time")
                try await HoldStore(database: db).start(hold, caseId: c.record.id)
            }
            let early = try await store.openCasesToDecide(on: next, after: 0, limit: 1000)
                .filter { _ in rng.next() % 4 == 0 }
            let decidedEarly = try await store.saveDay(try cycle.decide(early, on: next), on: next)
            #expect(!decidedEarly.isEmpty)

            // when the next day's pages are read
            var after: Int64 = 0
            var seen: [String] = []
            var pages = 0
            while true {
                let page = try await store.openCasesToDecide(on: next, after: after, limit: 17)
                guard let last = page.last else { break }
                let cursor = after
                let listed = try await db.read { sql in
                    // The same rows in falling order: the ids are then listed, never read as a range.
                    let rows = try await CaseStore.undecided(on: next, after: cursor, limit: 17, db: sql)
                    return try await CaseStore.load(Array(rows.reversed()), db: sql)
                }
                // then every case reads as it does when listed
                let byId = Dictionary(uniqueKeysWithValues: listed.map { ($0.record.id, $0) })
                #expect(byId.count == page.count)
                for c in page {
                    let other = try #require(byId[c.record.id])
                    #expect(c.record == other.record)
                    #expect(c.snapshot == other.snapshot, "case \(c.record.number)")
                    #expect(c.storedEntries == other.storedEntries && c.storedSteps == other.storedSteps)
                    #expect(c.plan == other.plan)
                }
                seen += page.map(\.record.id)
                after = last.record.number
                pages += 1
            }
            // and the pages held each open case not yet decided, once
            #expect(pages > 3)
            #expect(seen.count == Set(seen).count)
            #expect(Set(seen) == Set(all.map(\.record.id)).subtracting(decidedEarly))
        }
    }
}
