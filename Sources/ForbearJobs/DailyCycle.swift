import ForbearCore
import ForbearStore
import Synchronization

public struct CycleReport: Sendable, Equatable {
    public var date: LocalDate
    public var casesDecided = 0
    public var decisions: [String: Int] = [:]
    /// Pages prepared beside the writer that had to be decided again because something was committed meanwhile.
    public var pagesRedone = 0
    mutating func add(_ written: [CaseStore.DayResult]) {
        casesDecided += written.count
        for result in written {
            // Each decision read where it lies: iterating the array copies each one out, its reasons retained.
            result.decisions.withUnsafeBufferPointer { all in
                for k in all.indices {
                    decisions[(all.baseAddress.unsafelyUnwrapped + k).pointee.action.name, default: 0] += 1
                }
            }
        }
    }

    public var summary: String {
        let parts = decisions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return "\(date.iso): \(casesDecided) cases decided"
            + (parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")")
    }
}

/// The daily cycle: pages through open cases not yet decided for the date, asks the strategy engine, and stores
/// each decision with its reasons, the fees and interest, and the letters to send, exactly once per case and date.
public struct DailyCycle: Sendable {
    public let cases: CaseStore
    public let packs: RulePackLibrary
    public var engine: StrategyEngine
    public var pageSize: Int

    public static let defaultPageSize = 500

    public init(
        cases: CaseStore, packs: RulePackLibrary, engine: StrategyEngine = StrategyEngine(),
        pageSize: Int = DailyCycle.defaultPageSize
    ) {
        self.cases = cases
        self.packs = packs
        self.engine = engine
        self.pageSize = pageSize
    }

    /// Decides every open case for `date` not yet decided, page by page in case-number order, each page one
    /// transaction. Several workers may run the same day together (on PostgreSQL they share the cases); on PostgreSQL
    /// a worker that reaches the end goes round once more for cases another worker held or gave up, until a round
    /// decides nothing. On a SQLite file the next pages are read and decided on readers while the writer stores the
    /// one before them (see `CaseStore.storePage` for why that never misses a hold); the final, empty page is always
    /// confirmed by the writer.
    public func run(on date: LocalDate, progress: (CycleReport) -> Void = { _ in }) async throws -> CycleReport {
        var report = CycleReport(date: date)
        var after: Int64 = 0
        if cases.database.preparesBesideWriter { after = try await runBesideWriter(on: date, into: &report, progress) }
        let shared = cases.database.dialect == .postgres
        var decidedThisRound = 0
        while true {
            let page = try await cases.decidePage(on: date, after: after, limit: pageSize) { page in
                try self.decide(page, on: date)
            }
            guard let last = page.lastNumber else {
                guard shared, decidedThisRound > 0 else { break }
                after = 0
                decidedThisRound = 0
                continue
            }
            after = last
            decidedThisRound += page.written.count
            report.add(page.written)
            progress(report)
        }
        return report
    }

    /// Prepares the next pages, one per core, while the writer stores the one before them, until no undecided case is
    /// left after the cursor; returns the cursor reached.
    private func runBesideWriter(
        on date: LocalDate, into report: inout CycleReport, _ progress: (CycleReport) -> Void
    ) async throws -> Int64 {
        let decide: @Sendable ([LoadedCase]) throws -> [CaseStore.DayResult] = { try self.decide($0, on: date) }
        let cases = self.cases
        // A page prepared on each reader but the one the next page's case rows are read on.
        let depth = max(1, cases.database.readersBesideWriter - 1)
        var preparing: [Task<CaseStore.PreparedPage, any Error>] = []
        defer { for task in preparing { task.cancel() } }
        var cursor: Int64 = 0
        var exhausted = false
        var leftovers = StoredPage(nil)
        // Only the page rows are read in turn (each page starts after the last one's highest number); the rest of
        // each page is read, decided and built on its own task.
        func fill() async throws {
            while !exhausted, preparing.count < depth {
                guard let rows = try await cases.undecidedPage(on: date, after: cursor, limit: pageSize) else {
                    exhausted = true
                    return
                }
                cursor = rows.lastNumber
                let handed = leftovers
                leftovers = StoredPage(nil)
                preparing.append(
                    Task {
                        handed.free()
                        return try await cases.preparePage(rows, on: date, decide: decide)
                    })
            }
        }
        // The commits of the pages stored last: every page still being prepared was read before at most `depth` of
        // them, and a page stored after commits of none but those keeps what was prepared.
        var ownCommits: [Database.Generation] = []
        try await fill()
        while !preparing.isEmpty {
            let prepared = try await preparing.removeFirst().value
            try await fill()
            let stored = try await cases.storePage(prepared, on: date, ownCommits: ownCommits, decide: decide)
            ownCommits = Array((ownCommits + [stored.generation]).suffix(depth))
            if stored.redone { report.pagesRedone += 1 }
            report.add(stored.page.written)
            progress(report)
            leftovers = StoredPage((prepared, stored.page))
        }
        return cursor
    }

    /// A page of cases' days, in the page's order (a case whose country has no rule pack is left out). Each
    /// country's rule pack is looked up once for the page: a pack is a large value, and copying it out of the library
    /// for every case was a fifth of the time spent deciding.
    public func decide(_ page: [LoadedCase], on date: LocalDate) throws -> [CaseStore.DayResult] {
        var results = [CaseStore.DayResult?](repeating: nil, count: page.count)
        for (country, indices) in Dictionary(grouping: page.indices, by: { page[$0].record.country }) {
            guard let pack = packs.pack(for: country, on: date) ?? packs.latest(for: country) else { continue }
            for i in indices { results[i] = try decide(page[i], on: date, pack: pack) }
        }
        return results.compactMap { $0 }
    }

    /// One case's day: its plan brought up to date, then the strategy engine's decisions under its rule pack.
    func decide(_ loaded: LoadedCase, on date: LocalDate, pack: RulePack) throws -> CaseStore.DayResult {
        var plan = loaded.plan
        let decisions: [Decision]
        if var p = plan, p.state == .active || p.state == .atRisk {
            var snapshot = loaded.snapshot
            let planDecisions = Self.monitor(&p, snapshot: snapshot, on: date)
            try snapshot.apply(planDecisions, on: date)
            plan = p
            decisions = planDecisions + engine.decide(snapshot, on: date, pack: pack)
        } else {
            // Most cases have no plan to bring up to date: the engine reads the case as loaded, not a copy of it.
            decisions = engine.decide(loaded.snapshot, on: date, pack: pack)
        }
        var after = loaded.snapshot
        try after.apply(decisions, on: date)
        return CaseStore.DayResult(loaded: loaded, after: after, decisions: decisions, plan: plan)
    }

    /// Brings a plan up to date with the money received since it was accepted, then reviews it: a nudge for a late
    /// instalment, a review offer when it is at risk, broken only after that, completed when paid.
    static func monitor(_ plan: inout PaymentPlan, snapshot: CaseSnapshot, on date: LocalDate) -> [Decision] {
        let received = snapshot.ledger.payments
            .filter { $0.reversedOn == nil && $0.payment.date >= plan.acceptedOn && $0.payment.date <= date }
            .reduce(Int64(0)) { $0 + $1.payment.amount.minorUnits }
        plan.settle(totalPaid: Money(minorUnits: received, currency: snapshot.ledger.currency))
        return plan.review(on: date).map { event, reason in Decision(.plan(event), reasons: [reason]) }
    }
}

/// A stored page's values (tens of thousands of small arrays and strings), handed to the next task to prepare a page,
/// which frees them before it allocates its own. Freed by the loop while the next page was being prepared
/// on Swift's other thread, they met that page's allocations in malloc's arena lock: a thousand waits a second.
final class StoredPage: Sendable {
    private let values: Mutex<(CaseStore.PreparedPage, CaseStore.DecidedPage)?>

    init(_ values: (CaseStore.PreparedPage, CaseStore.DecidedPage)?) { self.values = Mutex(values) }

    func free() { values.withLock { $0 = nil } }
}
