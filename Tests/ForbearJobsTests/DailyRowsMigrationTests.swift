import ForbearCore
import ForbearJobs
import ForbearStore
import ForbearTestSupport
import Foundation
import Testing

/// Migration 10 rebuilds the tables the daily cycle writes (decisions, day markers, letter steps, ledger lines) in
/// fewer B-trees on SQLite, migration 11 drops the letter steps, which are read from the queued letters since, and
/// migration 12 lets decisions and ledger lines cite legal bases by reference. A database that ran cycles before them
/// must read the same afterwards and go on from where it was. (On PostgreSQL
/// migration 10 only drops the decisions' unused id, which every cycle there relies on.)
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

    /// A demo portfolio imported into `db`, and the cycle that decides it.
    func importedPortfolio(customers: Int, seed: UInt64, into db: Database) async throws -> DailyCycle {
        let imported = try await importDemoPortfolio(
            customers: customers, seed: seed, today: day, creditor: "Migration", into: db, packs: packs)
        #expect(imported.rejected == 0)
        return DailyCycle(cases: CaseStore(database: db), packs: packs)
    }

    /// What the cycle stored before migration 11: each queued letter with a deadline also as a letter step.
    func storeStepsAsBeforeMigration11(_ db: Database) async throws {
        try await db.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO steps (case_id, step_id, occurrence, date, channel, deadline)
                SELECT case_id, step_id, occurrence, date, channel, deadline FROM communications WHERE deadline IS NOT NULL
                """
            ).run()
        }
    }

    /// What this version's import and cycle write to that migrations 12, 13 and 16 added, given to a database from
    /// before them.
    func addMigration12Tables(_ db: Database) async throws {
        try await db.transaction { sql in
            try await sql.raw("CREATE TABLE legal_texts (ref TEXT PRIMARY KEY, text TEXT NOT NULL)").run()
            try await sql.raw("ALTER TABLE ledger_entries ADD COLUMN legal_basis_ref TEXT").run()
            try await sql.raw("CREATE TABLE case_waits (case_id TEXT PRIMARY KEY, ref TEXT NOT NULL)").run()
            try await sql.raw("CREATE TABLE explanations (ref TEXT PRIMARY KEY, reasons TEXT NOT NULL)").run()
        }
    }

    /// What the cycle stored before migration 12: each legal basis written out in every decision and ledger line
    /// citing it, and every decision's reasons in the decision, with no table of legal texts or explanations.
    func storeAsBeforeMigration12(_ db: Database) async throws {
        try await db.transaction { sql in
            var texts: [String: String] = [:]
            for r in try await sql.raw("SELECT ref, text FROM legal_texts").all() {
                texts[try r.decode(column: "ref", as: String.self)] = try r.decode(column: "text", as: String.self)
            }
            for r in try await sql.raw(
                """
                SELECT case_id, date, seq, payload, COALESCE(x.reasons, d.reasons) AS reasons FROM decisions d
                LEFT JOIN explanations x ON x.ref = d.reasons
                """
            ).all() {
                func stored(_ column: String) throws -> JSONValue {
                    try #require(JSONValue(parsing: try r.decode(column: column, as: String.self)))
                }
                // (the rare actions the direct writer leaves out cite no legal basis and stay as they are)
                var payload = try r.decode(column: "payload", as: String.self)
                var written = JSONText()
                if let action = Action(stored: try stored("payload"), basis: { texts[$0] }),
                    action.writeJSON(into: &written, keys: .camel)
                {
                    payload = written.text
                }
                guard case .array(let items) = try stored("reasons") else { throw CancellationError() }
                var reasons = JSONText()
                reasons.array(try items.map { try #require(Reason(stored: $0, basis: { texts[$0] })) }) {
                    $1.writeJSON(into: &$0, keys: .camel)
                }
                try await sql.raw(
                    """
                    UPDATE decisions SET payload = \(bind: payload), reasons = \(bind: reasons.text)
                    WHERE case_id = \(bind: try r.decode(column: "case_id", as: String.self))
                    AND date = \(bind: try r.decode(column: "date", as: String.self))
                    AND seq = \(bind: try r.decode(column: "seq", as: Int.self))
                    """
                ).run()
            }
            try await sql.raw(
                """
                UPDATE ledger_entries SET legal_basis = (SELECT text FROM legal_texts WHERE ref = legal_basis_ref)
                WHERE legal_basis_ref IS NOT NULL
                """
            ).run()
            let cited = try await sql.raw(
                """
                SELECT (SELECT COUNT(*) FROM decisions WHERE payload || reasons LIKE '%legalBasisRef%')
                  + (SELECT COUNT(*) FROM ledger_entries WHERE component <> 'principal' AND legal_basis IS NULL) AS n
                """
            ).first()
            #expect(try cited?.decode(column: "n", as: Int.self) == 0)
            try await sql.raw("ALTER TABLE ledger_entries DROP COLUMN legal_basis_ref").run()
            try await sql.raw("DROP TABLE legal_texts").run()
            try await sql.raw("DROP TABLE explanations").run()
            // (the first day stores every wait, so nothing is lost with the waits' references)
            try await sql.raw("DROP TABLE case_waits").run()
        }
    }

    @Test func daysDecidedBeforeTheMigrationReadTheSameAndAreNotDecidedAgain() async throws {
        // given a database from before migration 10 whose portfolio was decided for a day
        let db = try await TestDatabases.make(.sqlite, migratedThrough: 9)
        try await closing(db, ()) {
            try await addMigration12Tables(db)
            let cycle = try await importedPortfolio(customers: 40, seed: 5, into: db)
            let first = try await cycle.run(on: day)
            #expect(first.casesDecided > 0 && first.decisions["sendLetter", default: 0] > 0)
            // (with the ids decisions had then)
            try await db.transaction { sql in
                try await sql.raw("UPDATE decisions SET id = lower(hex(randomblob(16)))").run()
            }
            try await storeStepsAsBeforeMigration11(db)
            let ids = try await CaseStore(database: db).caseIds().map(\.id)
            let before = try await seen(ids, db)
            let totals = try await CaseQueries(database: db).dayTotals(day)
            try await storeAsBeforeMigration12(db)
            // when it is migrated
            #expect(try await Migrator.migrate(db) == Array(10...Migrator.latestVersion))
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

    @Test(arguments: TestDatabases.dialects)
    func aStepStoredWithoutItsLetterIsKeptAsAFailedLetterNotLostOrSentAgain(_ dialect: Database.Dialect) async throws {
        // given a database from before migration 11 that decided a day, where one case's letter step has no queued
        // letter (a notice holds the step's own key instead)
        let db = try await TestDatabases.make(dialect, migratedThrough: 10)
        try await closing(db, ()) {
            try await addMigration12Tables(db)
            let cycle = try await importedPortfolio(customers: 12, seed: 9, into: db)
            #expect(try await cycle.run(on: day).decisions["sendLetter", default: 0] > 0)
            let ids = try await CaseStore(database: db).caseIds().map(\.id)
            let before = try await seen(ids, db)
            let orphan = try #require(ids.first { before[$0]?.snapshot.steps.count == 1 })
            let step = try #require(before[orphan]?.snapshot.steps.first)
            try await storeStepsAsBeforeMigration11(db)
            try await db.transaction { sql in
                try await sql.raw("UPDATE communications SET deadline = NULL WHERE case_id = \(bind: orphan)").run()
            }
            try await storeAsBeforeMigration12(db)
            // when it is migrated
            #expect(try await Migrator.migrate(db) == Array(11...Migrator.latestVersion))
            // then every other case reads as it did
            let after = try await seen(ids, db)
            for id in ids where id != orphan { #expect(after[id] == before[id]) }
            // and the orphan keeps its step, with a failed letter for a person to look at beside the notice
            #expect(after[orphan]?.snapshot.steps == before[orphan]?.snapshot.steps)
            let failed = after[orphan]?.communications.filter { $0.status == "failed" } ?? []
            #expect(failed.map(\.stepId) == [step.stepId] && failed.first?.deadline == step.deadline)
            // and the step is not taken again the next day
            let next = try await cycle.run(on: day.adding(days: 1))
            #expect(next.casesDecided == ids.count)
            let letters = try #require(try await seen([orphan], db)[orphan]?.communications)
            #expect(letters.filter { $0.stepId == step.stepId && $0.occurrence == step.occurrence }.count == 2)
        }
    }
}
