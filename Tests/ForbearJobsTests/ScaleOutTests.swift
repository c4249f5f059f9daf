import ForbearCore
import ForbearJobs
import ForbearStore
import ForbearTestSupport
import Foundation
import Testing

/// Several workers on one PostgreSQL database: the daily cycle's cases are shared with `FOR UPDATE SKIP LOCKED`, every
/// case is decided exactly once, no letter is queued twice, and a worker killed mid-run leaves nothing half-done.
@Suite(.enabled(if: TestDatabases.postgresURL != nil, "needs FORBEAR_TEST_POSTGRES_URL"), .serialized)
struct ScaleOutTests {
    static let cases = 20_000
    let packs = try! RulePackLibrary.bundled()
    let day = LocalDate(iso: "2026-06-01")!

    /// A fresh PostgreSQL database holding a synthetic portfolio of `cases` cases, all due before `day`.
    func portfolio() async throws -> Database {
        let db = try await TestDatabases.make(.postgres)
        let report = try await importDemoPortfolio(
            customers: Self.cases, seed: 7, today: day, creditor: "Scale", into: db, packs: packs)
        #expect(report.rejected == 0)
        return db
    }

    func stored(_ db: Database) async throws -> DayTotals { try await CaseQueries(database: db).dayTotals(day) }

    @Test func twoWorkersTogetherDecideEveryCaseExactlyOnceAndQueueNoLetterTwice() async throws {
        let db = try await portfolio()
        try await closing(db, db) { db in
            // given a second worker with its own connections to the same database
            let other = try await Database.open(db.url)
            // when both run the same day at the same time
            async let a = DailyCycle(cases: CaseStore(database: db), packs: packs).run(on: day)
            async let b = DailyCycle(cases: CaseStore(database: other), packs: packs).run(on: day)
            let (first, second) = try await (a, b)
            await other.close()
            // then they shared the work, and together decided each case once
            #expect(first.casesDecided > 0 && second.casesDecided > 0, "both workers took pages")
            #expect(first.casesDecided + second.casesDecided == Self.cases)
            let s = try await stored(db)
            #expect(s.decided == Self.cases)
            #expect(s.withDecisions == Self.cases && s.firstDecisions == Self.cases, "one set of decisions per case")
            #expect(s.communications == s.letterDecisions && s.communications == s.distinctCommunications)
            #expect(
                s.communications == first.decisions["sendLetter", default: 0]
                    + second.decisions["sendLetter", default: 0])
            #expect(s.communicationsOutsideDecidedCases == 0)
            // and a third run finds nothing left to do
            #expect(try await DailyCycle(cases: CaseStore(database: db), packs: packs).run(on: day).casesDecided == 0)
        }
    }

    @Test func aWorkerKilledMidRunLeavesNothingHalfDoneAndARerunCompletesTheDay() async throws {
        let db = try await portfolio()
        try await closing(db, db) { db in
            // given `forbear run` working through the day in its own process
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("forbear").path
            try #require(FileManager.default.isExecutableFile(atPath: binary), "build the forbear tool first")
            let worker = try ExternalTool.start(binary, ["run", "--date", day.iso, "--database", "\(db.url)"])
            // when it is killed with SIGKILL once a few pages are stored
            var seen = 0
            while worker.isRunning, seen < 2_000 {
                try await Task.sleep(for: .milliseconds(20))
                seen = try await stored(db).decided
            }
            let stillRunning = worker.isRunning
            worker.kill(SIGKILL)
            worker.waitUntilExit()
            #expect(stillRunning, "the worker was killed mid-run, not after it finished")
            // then what it stored is whole pages: every decided case has its decisions and letters, nothing else
            let killed = try await stored(db)
            #expect(killed.decided > 0 && killed.decided < Self.cases)
            #expect(killed.withDecisions == killed.decided && killed.firstDecisions == killed.decided)
            #expect(killed.communications == killed.letterDecisions && killed.communicationsOutsideDecidedCases == 0)
            // and a rerun decides exactly the rest
            let rerun = try await DailyCycle(cases: CaseStore(database: db), packs: packs).run(on: day)
            #expect(rerun.casesDecided == Self.cases - killed.decided)
            let done = try await stored(db)
            #expect(done.decided == Self.cases && done.withDecisions == Self.cases && done.firstDecisions == Self.cases)
            #expect(done.communications == done.letterDecisions && done.communications == done.distinctCommunications)
            #expect(done.communicationsOutsideDecidedCases == 0)
        }
    }
}
