import ForbearCore
import ForbearJobs
import ForbearTestSupport
import Testing

@testable import ForbearStore

/// The writer stores the cycle's pages without looking up each row's parents (see `CaseStore.storePage`). These tests
/// show that the rows it writes so still have every parent, and that every other transaction checks keys as before.
extension CyclePipelineTests {
    @Test func theCyclesPagesLeaveNoRowWithoutItsParent() async throws {
        // given a portfolio on a SQLite file, whose pages are stored beside the readers
        let f = try await fixture(customers: 60)
        try await closing(f.db, ()) {
            #expect(f.db.preparesBesideWriter)
            // when the cycle runs, on a first day and again on a later one
            let first = try await f.cycle.run(on: day)
            let later = try await f.cycle.run(on: day.adding(days: 20))
            #expect(first.casesDecided > 0 && later.casesDecided > 0)
            #expect(first.decisions["sendLetter", default: 0] > 0)
            // then SQLite finds no row whose parent is missing
            let broken = try await f.db.read { db in try await db.raw("PRAGMA foreign_key_check").all() }
            #expect(broken.isEmpty)
        }
    }

    @Test func aTransactionThatNeedsKeyChecksHasThemWhateverRanBefore() async throws {
        let f = try await fixture(customers: 3)
        try await closing(f.db, ()) {
            let orphan = "INSERT INTO case_days (date, case_id) VALUES ('2026-06-01', 'no-such-case')"
            let undo = "DELETE FROM case_days WHERE case_id = 'no-such-case'"
            // given two transactions that asked for no key checks in a row (as the cycle's pages do)
            for _ in 0..<2 {
                try await f.db.transaction(changesCases: true, checksForeignKeys: false) { db in
                    try await db.raw("\(unsafeRaw: orphan)").run()
                    try await db.raw("\(unsafeRaw: undo)").run()
                }
            }
            #expect(try writerChecksKeys(f.db) == false)
            // when an ordinary transaction writes a row without its parent, then it is refused
            await #expect(throws: (any Error).self) {
                try await f.db.transaction { db in try await db.raw("\(unsafeRaw: orphan)").run() }
            }
            #expect(try writerChecksKeys(f.db) == true)
            // and a page stored by the cycle's own path runs without them again
            let page = try await prepare(f.store, after: 0, limit: 2, decide: f.decide)
            _ = try await f.store.storePage(page, on: day, ownCommits: [], decide: f.decide)
            #expect(try writerChecksKeys(f.db) == false)
            let rows = try await f.db.read { db in try await db.raw("SELECT count(*) AS n FROM case_days").all() }
            #expect(try rows.first?.decode(column: "n", as: Int.self) == page.results.count)
        }
    }

    /// SQLite's own setting on the writer, not what `Database` remembers of it (nothing else runs on it meanwhile).
    func writerChecksKeys(_ db: Database) throws -> Bool {
        guard case .sqlite(let writer, _, _, _) = db.backend else { throw StoreError.invalid("not SQLite") }
        var on: Bool?
        try writer.query("PRAGMA foreign_keys", []) { row in on = row.values.first?.integer == 1 }
        return try #require(on)
    }
}
