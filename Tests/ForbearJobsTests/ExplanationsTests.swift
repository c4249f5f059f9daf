import ForbearCore
import ForbearJobs
import ForbearTestSupport
import Foundation
import Testing

@testable import ForbearStore

/// The daily cycle keeps a letter's reasons once for every letter they explain and stores a reference in each letter's
/// decision (migration 16). What a case shows must still be what the engine decided, word for word.
@Suite struct ExplanationsTests {
    let packs = try! RulePackLibrary.bundled()
    let day = LocalDate(iso: "2026-06-01")!

    @Test(arguments: TestDatabases.dialects)
    func lettersShareTheirStoredReasonsAndEveryCaseShowsWhatWasDecided(_ dialect: Database.Dialect) async throws {
        // given a portfolio in every country, and what the engine decides for each case today
        let db = try await TestDatabases.make(dialect)
        try await closing(db, ()) {
            try await importDemoPortfolio(
                customers: 80, seed: 5, today: day, creditor: "Reasons", into: db, packs: packs)
            let store = CaseStore(database: db)
            let cycle = DailyCycle(cases: store, packs: packs)
            let open = try await store.openCasesToDecide(on: day, after: 0, limit: 1000)
            let expected = Dictionary(
                uniqueKeysWithValues: try cycle.decide(open, on: day).map { ($0.loaded.record.id, $0.decisions) })
            // when the day is decided and stored
            let report = try await cycle.run(on: day)
            #expect(report.casesDecided == open.count)
            let letters = report.decisions["sendLetter", default: 0]
            #expect(letters > 0 && report.decisions["chargeFee", default: 0] > 0)
            // then each distinct letter explanation is stored once, fewer than the letters, and no letter spells it out
            let (explanations, stored) = try await db.read { sql in
                (
                    try await sql.raw("SELECT reasons FROM explanations").all().map {
                        try $0.decode(column: "reasons", as: String.self)
                    },
                    try await sql.raw("SELECT action, reasons FROM decisions").all().map {
                        (
                            try $0.decode(column: "action", as: String.self),
                            try $0.decode(column: "reasons", as: String.self)
                        )
                    }
                )
            }
            #expect(explanations.count < letters && Set(explanations).count == explanations.count)
            for (action, reasons) in stored {
                #expect(reasons.hasPrefix("[") == (action != "sendLetter"), "\(action): \(reasons.prefix(40))")
            }
            // and every case shows the decisions the engine made, with the same reasons
            let queries = CaseQueries(database: db)
            for (id, decisions) in expected {
                let detail = try #require(try await queries.detail(caseId: id, creditorId: nil))
                let shown = detail.decisions.filter { $0.date == day }
                #expect(shown.map(\.action) == decisions.map(\.action), "\(id)")
                #expect(shown.map(\.reasons) == decisions.map(\.reasons), "\(id)")
            }
        }
    }
}

/// What a process knows of the stored explanations decides which texts a page stores: one it has only worked out
/// (perhaps in a transaction that was rolled back) is stored again; one known committed is not.
@Suite struct KnownExplanationsTests {
    @Test func aTextIsStoredWithEveryPageUntilItsCommitIsKnown() {
        // given a process that has not stored a text yet
        let known = Explanations.Known()
        let text = Explanations.Text(bytes: Array(#"[{"ruleId":"FI.reminder","text":"Sent by post."}]"#.utf8))
        let first = known.ref(text)
        // when a page works it out again before any commit
        let again = known.ref(text)
        // then it is stored again, under the same reference, which is the one another process makes
        #expect(first.store && again.store && first.ref == again.ref)
        #expect(first.ref == Explanations.Known().ref(text).ref && first.ref.count == 16)
        // and once its commit is known, no page stores it
        known.committed([first.ref])
        let later = known.ref(text)
        #expect(later.ref == first.ref && !later.store)
    }
}
