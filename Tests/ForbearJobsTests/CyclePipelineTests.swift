import ForbearCore
import ForbearJobs
import ForbearTestSupport
import Foundation
import Testing

@testable import ForbearStore

/// On a SQLite file the daily cycle reads and decides page n + 1 on a reader while the writer stores page n. These
/// tests write between a page's read and its store, at random, and check that the store notices whatever could change
/// a decision and decides those cases again, so a hold placed in that gap is never missed (the no-harm rule), while a
/// gap in which nothing was written keeps the work done beside the writer.
@Suite struct CyclePipelineTests {
    let packs = try! RulePackLibrary.bundled()
    let day = LocalDate(iso: "2026-06-01")!
    static let seed: UInt64 =
        ProcessInfo.processInfo.environment["FORBEAR_PROPERTY_SEED"].flatMap(UInt64.init) ?? 20_261_124

    /// What is written between a page's read and its store.
    enum Gap: CaseIterable {
        case nothing, auditEvent, holdOnThePage, holdFromAnotherProcess, holdOnAnotherCase

        /// Whether the store must decide the page again: any commit that may touch what decisions read.
        var forcesRedo: Bool { self != .nothing && self != .auditEvent }
    }

    /// Holds that stop payment requests, fees and interest.
    static let stoppingKinds: [HoldKind] = [.breathingSpace, .paymentPause, .dispute, .crisis, .adviceHold]

    /// A SQLite file holding a synthetic portfolio, with the store and cycle over it.
    struct Fixture: Sendable {
        let db: Database
        let store: CaseStore
        let cycle: DailyCycle
        let decide: @Sendable ([LoadedCase]) throws -> [CaseStore.DayResult]
    }

    func fixture(customers: Int) async throws -> Fixture {
        let db = try await TestDatabases.make(.sqlite)
        let report = try await importDemoPortfolio(
            customers: customers, seed: 11, today: day, creditor: "Pipeline", into: db, packs: packs)
        #expect(report.rejected == 0)
        let store = CaseStore(database: db)
        let cycle = DailyCycle(cases: store, packs: packs)
        return Fixture(db: db, store: store, cycle: cycle, decide: { [day] in try cycle.decide($0, on: day) })
    }

    @Test func aHoldPlacedWhileAPageWaitsForTheWriterIsNeverMissed() async throws {
        var rng = SplitMix64(seed: Self.seed)
        var staleContacts = 0
        var gapsSeen = Set<String>()
        for trial in 0..<20 {
            let f = try await fixture(customers: 30)
            let (db, store, cycle, decide) = (f.db, f.store, f.cycle, f.decide)
            try await closing(db, ()) {
                // given a page read and decided beside the writer
                let page = try await prepare(store, after: 0, limit: 12, decide: decide)
                let ids = page.results.map(\.loaded.record.id)
                #expect(!ids.isEmpty)
                // when something is written before the writer stores it
                let gap = trial < Gap.allCases.count ? Gap.allCases[trial] : Gap.allCases.randomElement(using: &rng)!
                gapsSeen.insert("\(gap)")
                var held: Set<String> = []
                let hold = Hold(
                    id: "", kind: Self.stoppingKinds.randomElement(using: &rng)!,
                    start: LocalDate(iso: "2020-01-01")!, end: day.adding(days: 30), reason: "told us today")
                switch gap {
                case .nothing: break
                case .auditEvent:
                    try await AccessStore(database: db).audit(
                        actor: "agent", action: "read", subjectType: "case", subjectId: ids[0])
                case .holdOnThePage:
                    for id in ids.shuffled(using: &rng).prefix(1 + Int(rng.next() % 4)) { held.insert(id) }
                    for id in held { try await HoldStore(database: db).start(hold.on(id), caseId: id) }
                case .holdFromAnotherProcess:
                    held.insert(ids.randomElement(using: &rng)!)
                    let other = try await Database.open(db.url)
                    try await HoldStore(database: other).start(hold.on(held.first!), caseId: held.first!)
                    await other.close()
                case .holdOnAnotherCase:
                    let outside = try await store.openCasesToDecide(on: day, after: page.page.lastNumber, limit: 1)
                    try await HoldStore(database: db).start(hold.on(outside[0].record.id), caseId: outside[0].record.id)
                }
                let stored = try await store.storePage(page, on: day, ownCommits: [], decide: decide)
                // then the page is decided again exactly when something that may change a decision was committed
                #expect(stored.redone == gap.forcesRedo, "\(gap)")
                #expect(Set(stored.page.written.map(\.loaded.record.id)) == Set(ids), "every case of the page stored")
                // and no held case is asked for money or charged, though the stale decisions would have
                let queries = CaseQueries(database: db)
                for id in held {
                    let stale = page.results.first { $0.loaded.record.id == id }!.decisions
                    if stale.contains(where: { Self.forbidden($0.action) }) { staleContacts += 1 }
                    let detail = try await queries.detail(caseId: id, creditorId: nil)!
                    let today = detail.decisions.filter { $0.date == day }
                    #expect(!today.isEmpty, "the held case is still decided, with reasons")
                    #expect(!today.contains { Self.forbidden($0.action) }, "\(gap) \(hold.kind)")
                    #expect(!detail.communications.contains { $0.date == day })
                    #expect(
                        !detail.snapshot.ledger.entries.contains {
                            $0.date == day && ($0.component == .fee || $0.component == .interest)
                        })
                }
                // and a cycle run afterwards finds the page's cases decided
                let rest = try await cycle.run(on: day)
                #expect(try await queries.dayTotals(day).decided == ids.count + rest.casesDecided)
            }
        }
        #expect(gapsSeen.count == Gap.allCases.count)
        #expect(staleContacts > 0, "some held case would have been contacted or charged without the check")
    }

    @Test func pagesPreparedTogetherWhileEarlierOnesAreStoredAreKeptAndEachCaseIsDecidedOnce() async throws {
        let f = try await fixture(customers: 40)
        let (db, store, cycle, decide) = (f.db, f.store, f.cycle, f.decide)
        try await closing(db, ()) {
            // given three pages read before any is stored, as the cycle does with a page per core, and a stale one
            let first = try await prepare(store, after: 0, limit: 10, decide: decide)
            let stale = try await prepare(store, after: 0, limit: 10, decide: decide)
            let second = try await prepare(store, after: first.page.lastNumber, limit: 10, decide: decide)
            let third = try await prepare(store, after: second.page.lastNumber, limit: 10, decide: decide)
            // when they are stored in order, each told of the commits of the pages stored before it
            let a = try await store.storePage(first, on: day, ownCommits: [], decide: decide)
            let b = try await store.storePage(second, on: day, ownCommits: [a.generation], decide: decide)
            let c = try await store.storePage(third, on: day, ownCommits: [a.generation, b.generation], decide: decide)
            // then none had to be decided again
            #expect(!a.redone && !b.redone && !c.redone)
            // but a page stored after commits it was not told of is decided again, even when told of some
            let fourth = try await prepare(store, after: 0, limit: 10, decide: decide)
            let d = try await store.storePage(stale, on: day, ownCommits: [b.generation, c.generation], decide: decide)
            #expect(d.redone && d.page.written.isEmpty, "already decided: nothing written twice")
            let e = try await store.storePage(fourth, on: day, ownCommits: [], decide: decide)
            #expect(e.redone, "a commit it was not told of came after it was read")
            // and the cycle finds every case decided once
            let rest = try await cycle.run(on: day)
            let totals = try await CaseQueries(database: db).dayTotals(day)
            let stored = [a, b, c, e].map(\.page.written.count).reduce(0, +) + rest.casesDecided
            #expect(totals.decided == stored && totals.firstDecisions == stored)
            #expect(totals.communications == totals.distinctCommunications)
        }
    }

    /// The cycle's first step, then its second: a page's case rows, then the rest read, decided and built.
    func prepare(
        _ store: CaseStore, after: Int64, limit: Int, decide: ([LoadedCase]) throws -> [CaseStore.DayResult]
    ) async throws -> CaseStore.PreparedPage {
        let rows = try #require(try await store.undecidedPage(on: day, after: after, limit: limit))
        return try await store.preparePage(rows, on: day, decide: decide)
    }

    static func forbidden(_ action: Action) -> Bool {
        switch action {
        case .sendLetter, .chargeFee, .accrueInterest: return true
        default: return false
        }
    }
}

extension Hold {
    /// This hold with an id of its own for `caseId`.
    fileprivate func on(_ caseId: String) -> Hold {
        var copy = self
        copy.id = "gap-\(caseId)"
        return copy
    }
}
