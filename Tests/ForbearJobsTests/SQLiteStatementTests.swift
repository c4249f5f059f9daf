import ForbearCore
import ForbearJobs
import ForbearTestSupport
import Foundation
import Testing

@testable import ForbearStore

/// The SQLite store keeps every statement prepared per connection. SQLite plans a statement again when a value bound
/// to it changes if it takes the plan to depend on that value, or after its bindings were cleared: the API's case read
/// was planned again for every case and the cycle's page read for every page, 7% of the API's time.
@Suite struct SQLiteStatementTests {
    let packs = try! RulePackLibrary.bundled()
    let day = LocalDate(iso: "2026-06-01")!

    @Test func theCaseReadAndTheDailyCycleAreNotPlannedAgainForEachCaseOrPage() async throws {
        let db = try await TestDatabases.make(.sqlite)
        try await closing(db, ()) {
            // given a portfolio decided for a day, in small pages, and each case read once
            try await importDemoPortfolio(
                customers: 30, seed: 17, today: day, creditor: "Statements", into: db, packs: packs)
            let cycle = DailyCycle(cases: CaseStore(database: db), packs: packs, pageSize: 4)
            #expect(try await cycle.run(on: day).casesDecided > 0)
            let queries = CaseQueries(database: db)
            let ids = try await CaseStore(database: db).caseIds().map(\.id)
            for id in ids { #expect(try await queries.detail(caseId: id, creditorId: nil) != nil) }
            let before = db.statementsReplanned
            // when every case is read again and two more days are decided, page by page
            for id in ids { #expect(try await queries.detail(caseId: id, creditorId: nil) != nil) }
            for offset in [1, 2] { #expect(try await cycle.run(on: day.adding(days: offset)).casesDecided > 0) }
            // then no statement was planned again
            #expect(db.statementsReplanned - before == 0, "statements planned again")
        }
    }
}
