import ForbearCore
import SQLKit

extension CaseStore {
    /// What one case's day produced, ready to store. A class, not a struct: it holds the case twice (as read and as
    /// decided), 1,280 bytes with dozens of references, and a struct of that size was copied whole (every reference
    /// retained, then released) where it was only moved or read: into the page's results, and again for each case's
    /// rows (perf: 2 s of the preparing threads' CPU on a million cases). Nothing changes it once made.
    public final class DayResult: Sendable {
        public let loaded: LoadedCase
        public let after: CaseSnapshot
        public let decisions: [Decision]
        /// The plan as monitoring left it, to store when it changed.
        public let plan: PaymentPlan?

        public init(loaded: LoadedCase, after: CaseSnapshot, decisions: [Decision], plan: PaymentPlan? = nil) {
            self.loaded = loaded
            self.after = after
            self.decisions = decisions
            self.plan = plan
        }
    }

    /// What deciding one page did.
    public struct DecidedPage: Sendable {
        /// The highest case number the page held; nil when no undecided case was left after the cursor.
        public var lastNumber: Int64?
        /// The results stored (a case decided meanwhile by another run is left out).
        public var written: [DayResult]
    }

    /// Takes the next page of undecided open cases after `afterNumber`, lets `decide` work out each one's day, and
    /// stores the results, all in one transaction. On PostgreSQL the page's cases are locked (`FOR UPDATE SKIP
    /// LOCKED`) until the commit, so several workers running the same day share the cases and none is decided twice;
    /// a worker killed mid-page leaves nothing of that page behind. The SQLite writer does not check foreign keys for
    /// it: every row it writes belongs to a case or claim read in the same transaction (see `storePage`).
    public func decidePage(
        on date: LocalDate, after afterNumber: Int64, limit: Int,
        decide: @Sendable @escaping ([LoadedCase]) throws -> [DayResult]
    ) async throws -> DecidedPage {
        let lock = database.dialect == .postgres
        let known = database.explanations
        let (decided, explained) = try await database.transaction(changesCases: true, checksForeignKeys: false) { db in
            let records = try await Self.undecided(on: date, after: afterNumber, limit: limit, lock: lock, db: db)
            let page = try await Self.load(records, lastWaits: true, db: db)
            guard let last = page.last else { return (DecidedPage(lastNumber: nil, written: []), [String]()) }
            let saved = try await Self.save(try decide(page), on: date, known: known, db: db)
            return (DecidedPage(lastNumber: last.record.number, written: saved.written), saved.explained)
        }
        known.committed(explained)
        return decided
    }

    /// Stores a page of decided cases in one transaction. A case already decided for `date` (by another run or
    /// worker) is skipped whole, so a rerun changes nothing. Returns the ids of the cases written.
    @discardableResult
    public func saveDay(_ results: [DayResult], on date: LocalDate) async throws -> Set<String> {
        guard !results.isEmpty else { return [] }
        let known = database.explanations
        let saved = try await database.transaction { db in
            try await Self.save(results, on: date, known: known, db: db)
        }
        known.committed(saved.explained)
        return Set(saved.written.map(\.loaded.record.id))
    }

    /// `rows` are the results' rows when built already (off the writer); they are rebuilt if some case turns out
    /// decided meanwhile. Returns the results written and the explanations stored, to tell `known` of once committed.
    static func save(
        _ results: [DayResult], rows built: DayRows? = nil, on date: LocalDate, known: Explanations.Known,
        db: any SQLDatabase
    ) async throws -> (written: [DayResult], explained: [String]) {
        guard !results.isEmpty else { return ([], []) }
        var done = Set<String>()
        let inPage = pageKeys(
            "case_id", results.map(\.loaded.record.id),
            numbers: (results[0].loaded.record.number, results[results.count - 1].loaded.record.number),
            db: db)
        for r in try await db.raw("SELECT case_id FROM case_days WHERE date = \(bind: date.iso) AND \(inPage)").all() {
            done.insert(try r.string("case_id"))
        }
        // Nearly always none was decided meanwhile: the page is kept as it is, not copied case by case on the writer.
        let fresh = done.isEmpty ? results : results.filter { !done.contains($0.loaded.record.id) }
        let rows = try (done.isEmpty ? built : nil) ?? DayRows(date: date, results: fresh, known: known)
        try await rows.insert(db: db)
        for rare in rows.rare { try await rare.write(on: date, db: db) }
        return (fresh, Array(rows.explanations.new.keys))
    }
}

/// The rows every decided case adds (its day, decisions, ledger lines, queued letters and the wait it stored last),
/// gathered for a whole page and written as multi-row inserts.
struct DayRows: Sendable {
    let date: LocalDate
    let iso: String
    let now = Timestamp.now()
    var days = InsertRows(columns: Self.dayColumns.count)
    var decisions = InsertRows(columns: Self.decisionColumns.count)
    var ledger = InsertRows(columns: LedgerStore.columns.count)
    var communications = InsertRows(columns: Self.communicationColumns.count)
    var waits = InsertRows(columns: Self.waitColumns.count)
    static let dayColumns = ["case_id", "date"]
    static let decisionColumns = ["case_id", "date", "seq", "action", "payload", "reasons", "next_possible"]
    static let communicationColumns = [
        "id", "case_id", "step_id", "occurrence", "date", "channel", "deadline", "status", "idempotency_key",
        "created_at",
    ]
    static let waitColumns = ["case_id", "ref"]
    var legalTexts = LegalTexts.Refs()
    var explanations: Explanations.Refs
    /// The cases whose day brings more than these rows, with what it brings.
    var rare: [RareWrites] = []

    init(date: LocalDate, results: [CaseStore.DayResult], known: Explanations.Known) throws {
        self.date = date
        self.iso = date.iso
        self.explanations = Explanations.Refs(known: known)
        for result in results { try add(result) }
    }

    private mutating func add(_ result: CaseStore.DayResult) throws {
        let caseId = result.loaded.record.id
        days.append(text: caseId)
        days.append(text: iso)
        let firstOfCase = decisions.count
        var wait = result.loaded.lastWait
        // Each decision read where it lies: iterating the array copies each one out, its reasons retained.
        try result.decisions.withUnsafeBufferPointer { all in
            for k in all.indices {
                try add(all.baseAddress.unsafelyUnwrapped + k, of: caseId, first: firstOfCase, wait: &wait)
            }
        }
        if wait != result.loaded.lastWait { waits.append([.text(caseId), .text(wait ?? "")]) }
        if let writes = RareWrites(result) { rare.append(writes) }
        let entries = result.after.ledger.entries
        for seq in result.loaded.storedEntries..<entries.count {
            ledger.append(LedgerStore.row(entries[seq], caseId: caseId, seq: seq, refs: &legalTexts))
        }
        // A step is stored as its queued letter, the one with a deadline (migration 11).
        for step in result.after.steps.dropFirst(result.loaded.storedSteps) {
            communications.append([
                .text(newID()), .text(caseId), .text(step.stepId), .int(Int64(step.occurrence)), .text(step.date.iso),
                .text(step.channel.rawValue), .text(step.deadline.iso), .text("queued"),
                .text("\(caseId)|\(step.stepId)#\(step.occurrence)|\(step.date.iso)"), .text(now),
            ])
        }
    }

    /// One decision's row (none for a wait the case stored last).
    private mutating func add(
        _ d: UnsafePointer<Decision>, of caseId: String, first: Int, wait: inout String?
    ) throws {
        let payload = try DecisionJSON.encode(d.pointee.action, refs: &legalTexts)
        let next = d.pointee.nextPossibleAction?.iso
        // A letter's reasons are cited by reference, and written out only when not known to be stored.
        let shared = Explanations.shared(d.pointee.action)
        let reasons = shared ? [] : DecisionJSON.encode(d.pointee.reasons, refs: &legalTexts)
        switch d.pointee.action {
        case .wait:
            // The wait stored last, with the same reasons, still explains the case's day: not stored again. (Its
            // reference is made as a legal text's is: 64 bits of SHA-256.)
            let ref = LegalTexts.ref(utf8: payload + reasons + Array((next ?? "").utf8))
            if ref == wait { return }
            wait = ref
        case .accrueInterest: break
        // After anything else, the next wait is stored even if it reads as the one before.
        default: wait = nil
        }
        let seq = Int64(decisions.count - first)
        decisions.append(text: caseId)
        decisions.append(text: iso)
        decisions.append(int: seq)
        decisions.append(text: d.pointee.action.name)
        decisions.append(utf8: payload)
        if shared {
            decisions.append(text: explanations.ref(d.pointee.reasons, legalTexts: &legalTexts))
        } else {
            decisions.append(utf8: reasons)
        }
        decisions.append(text: next)
    }

    func insert(db: any SQLDatabase) async throws {
        try await bulkInsert(into: "case_days", columns: Self.dayColumns, rows: days, db: db)
        try await legalTexts.insert(db: db)
        try await explanations.insert(db: db)
        try await bulkInsert(into: "decisions", columns: Self.decisionColumns, rows: decisions, db: db)
        try await LedgerStore.insert(ledger, db: db)
        try await bulkInsert(
            into: "communications", columns: Self.communicationColumns, rows: communications,
            suffix: "ON CONFLICT (idempotency_key) DO NOTHING", db: db)
        try await bulkInsert(
            into: "case_waits", columns: Self.waitColumns, rows: waits,
            suffix: "ON CONFLICT (case_id) DO UPDATE SET ref = excluded.ref", db: db)
    }
}
