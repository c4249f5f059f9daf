import ForbearCore
import ForbearJobs
import ForbearTestSupport
import Foundation
import Testing

@testable import ForbearStore

/// A case whose next step is days away is decided to wait every day, with the same reasons. The cycle stores such a
/// wait once and again only when its reasons change or something other than interest was decided since (migration 13),
/// so a case's decisions still say, for every day, why it waited.
@Suite struct WaitRowsTests {
    let packs = try! RulePackLibrary.bundled()
    let day = LocalDate(iso: "2026-06-01")!

    @Test(arguments: TestDatabases.dialects)
    func aWaitIsStoredWhenItChangesAndEveryDayStillReadsTheWaitItWasDecided(_ dialect: Database.Dialect)
        async throws
    {
        let db = try await TestDatabases.make(dialect)
        try await closing(db, ()) {
            // given a portfolio run through days close together and days when the next letters fall due
            let report = try await importDemoPortfolio(
                customers: 40, seed: 21, today: day, creditor: "Waits", into: db, packs: packs)
            #expect(report.rejected == 0)
            let store = CaseStore(database: db)
            let cycle = DailyCycle(cases: store, packs: packs)
            var decidedWaits: [String: [(LocalDate, Decision)]] = [:]
            var waitsDecided = 0
            for offset in [0, 1, 2, 3, 9, 10, 16, 30, 31] {
                let date = day.adding(days: offset)
                // (each case's wait for the day, worked out beside the cycle from what the cycle will read)
                var after: Int64 = 0
                while true {
                    let page = try await store.openCasesToDecide(on: date, after: after, limit: 25)
                    guard let last = page.last?.record.number else { break }
                    after = last
                    for result in try cycle.decide(page, on: date) {
                        for d in result.decisions where d.action == .wait {
                            decidedWaits[result.loaded.record.id, default: []].append((date, d))
                        }
                    }
                }
                // when the cycle runs
                let run = try await cycle.run(on: date)
                waitsDecided += run.decisions["wait", default: 0]
            }
            // then, for every case and day it was decided to wait, the last decision stored on or before that day
            // (interest aside) is a wait with the same reasons
            var waitsStored = 0
            let queries = CaseQueries(database: db)
            for (id, waits) in decidedWaits {
                let stored = try #require(try await queries.detail(caseId: id, creditorId: nil)).decisions
                waitsStored += stored.filter { $0.action == .wait }.count
                for (date, wait) in waits {
                    let last = stored.last { $0.date <= date && !Self.isInterest($0.action) }
                    #expect(last?.action == .wait && last?.reasons == wait.reasons, "\(date)")
                }
            }
            // and the days that only repeated a wait stored none
            #expect(waitsDecided == decidedWaits.values.map(\.count).reduce(0, +))
            #expect(waitsStored > 0 && waitsStored < waitsDecided / 2, "\(waitsStored) of \(waitsDecided)")
        }
    }

    @Test func aWaitRepeatedAfterInterestIsLeftOutAndAfterAnythingElseIsStored() throws {
        // given a case whose day is only to wait, stored as the first wait of a case
        let waitReason = Reason(
            ruleId: "FI.demand", legalBasis: "Debt Collection Act 513/1999 §10a",
            text: "Not yet: Collection demand may be sent from 2026-06-15.", nextPossibleAction: day.adding(days: 14))
        let wait = Decision(.wait, reasons: [waitReason])
        let interest = Decision(
            .accrueInterest(
                claimId: "claim", amount: Money(minorUnits: 2, currency: .EUR), from: day, through: day, days: 1),
            reasons: [Reason(ruleId: "interest.simpleDaily", legalBasis: "Interest Act 633/1982 §4", text: "1 day.")])
        let escalation = Decision(
            .escalateToSpecialist(priority: .high),
            reasons: [Reason(ruleId: "care", legalBasis: "FG21/1", text: "A person looks at it.")])
        func rows(after lastWait: String?, _ decisions: [Decision]) throws -> DayRows {
            let record = CaseRecord(
                id: "case-1", number: 1, creditorId: "c", customerId: "p", country: .FI, currency: .EUR,
                paymentReference: "10003", status: "open", sector: nil, handleWithCare: false, closedOn: nil,
                stoppedOn: nil, referredOn: nil)
            let snapshot = CaseSnapshot(caseId: record.id, country: .FI, ledger: Ledger(currency: .EUR, claims: []))
            let loaded = LoadedCase(
                record: record, snapshot: snapshot, storedEntries: 0, storedSteps: 0, plan: nil, lastWait: lastWait)
            return try DayRows(
                date: day, results: [CaseStore.DayResult(loaded: loaded, after: snapshot, decisions: decisions)],
                known: Explanations.Known())
        }
        func values(_ rows: InsertRows) -> [[SQLValue]] { (0..<rows.count).map(rows.row) }
        func actions(_ rows: DayRows) -> [String] { values(rows.decisions).map { $0[3].key } }
        let first = try rows(after: nil, [wait])
        #expect(actions(first) == ["wait"] && first.waits.count == 1)
        let ref = try #require(values(first.waits).first?[1].key)
        // when the same wait comes again after interest only, it is left out and the reference stays
        let again = try rows(after: ref, [interest, wait])
        #expect(actions(again) == ["accrueInterest"] && again.waits.count == 0)
        // and after anything else it is stored, with its sequence following the decision before it
        let afterEscalation = try rows(after: ref, [escalation, wait])
        #expect(actions(afterEscalation) == ["escalateToSpecialist", "wait"])
        #expect(values(afterEscalation.decisions).map { $0[2].number } == [0, 1])
        #expect(afterEscalation.waits.count == 0, "the stored wait has the same reference as before")
        // and a day with something else and no wait clears the reference, so the next wait is stored
        let cleared = try rows(after: ref, [escalation])
        #expect(values(cleared.waits).map { $0[1].key } == [""])
        // and a wait that changed is stored, its new reference kept
        var later = waitReason
        later.text = "Not yet: Collection demand may be sent from 2026-06-16."
        let changed = try rows(after: ref, [Decision(.wait, reasons: [later])])
        #expect(actions(changed) == ["wait"] && changed.waits.count == 1 && values(changed.waits).first?[1].key != ref)
    }

    static func isInterest(_ action: Action) -> Bool {
        if case .accrueInterest = action { return true }
        return false
    }
}
