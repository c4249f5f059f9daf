import ForbearCore
import ForbearJobs
import ForbearStore
import ForbearTestSupport
import Foundation
import Testing

/// Migration 10 rebuilds the tables the daily cycle writes (decisions, day markers, letter steps, ledger lines) in
/// fewer B-trees on SQLite. A database that ran cycles before it must read the same afterwards and go on from where it
/// was. (On PostgreSQL the migration only drops the decisions' unused id, which every cycle there relies on.)
@Suite struct DailyRowsMigrationTests {
    let packs = try! RulePackLibrary.bundled()
    let day = LocalDate(iso: "2026-06-01")!

    /// What a case shows that the rebuilt tables hold.
    struct Seen: Equatable {
        var decisions: [StoredDecision]
        var communications: [StoredCommunication]
        var snapshot: CaseSnapshot
    }

    func seen(_ ids: [String], _ db: Database) async throws -> [String: Seen] {
        var all: [String: Seen] = [:]
        for id in ids {
            let d = try #require(try await CaseQueries(database: db).detail(caseId: id, creditorId: nil))
            all[id] = Seen(decisions: d.decisions, communications: d.communications, snapshot: d.snapshot)
        }
        return all
    }

    @Test func daysDecidedBeforeTheMigrationReadTheSameAndAreNotDecidedAgain() async throws {
        // given a database from before migration 10 whose portfolio was decided for a day
        let db = try await TestDatabases.make(.sqlite, migratedThrough: 9)
        try await closing(db, ()) {
            var lines: [String] = []
            DemoPortfolio(customers: 40, seed: 5, today: day).write { lines.append($0) }
            let imported = try await PortfolioImport(writer: PortfolioWriter(database: db), packs: packs)
                .run(MemoryByteSource(Data(lines.joined(separator: "\n").utf8)), creditor: "Migration")
            #expect(imported.rejected == 0)
            let cycle = DailyCycle(cases: CaseStore(database: db), packs: packs)
            let first = try await cycle.run(on: day)
            #expect(first.casesDecided > 0 && first.decisions["sendLetter", default: 0] > 0)
            // (with the ids decisions had then)
            try await db.transaction { sql in
                try await sql.raw("UPDATE decisions SET id = lower(hex(randomblob(16)))").run()
            }
            let ids = try await CaseStore(database: db).caseIds().map(\.id)
            let before = try await seen(ids, db)
            let totals = try await CaseQueries(database: db).dayTotals(day)
            // when it is migrated
            #expect(try await Migrator.migrate(db) == [10])
            // then every case reads as it did, with the same day totals
            #expect(try await seen(ids, db) == before)
            #expect(try await CaseQueries(database: db).dayTotals(day) == totals)
            // and the day is not decided again, while a later one is, once per case
            #expect(try await cycle.run(on: day).casesDecided == 0)
            let later = day.adding(days: 20)
            let next = try await cycle.run(on: later)
            #expect(next.casesDecided > 0)
            let nextTotals = try await CaseQueries(database: db).dayTotals(later)
            #expect(nextTotals.decided == next.casesDecided && nextTotals.firstDecisions == next.casesDecided)
            #expect(nextTotals.communications == nextTotals.distinctCommunications)
        }
    }
}
