import ForbearCore
import SQLKit

extension CaseStore {
    /// The case rows of the next page of undecided open cases, read on a reader, with the generation read before
    /// them: all the cycle must know to read the page after it, and to prepare this one beside the writer.
    public struct PageRows: Sendable {
        /// The cursor the page was read after, and its highest case number.
        public let after: Int64
        public let lastNumber: Int64
        let limit: Int
        let records: [CaseRecord]
        /// Read before the page's rows were.
        let generation: Database.Generation
    }

    /// A page of the daily cycle read, decided and turned into rows on a reader, off the writer, waiting to be
    /// stored by `storePage`.
    public struct PreparedPage: Sendable {
        public let page: PageRows
        let results: [DayResult]
        let rows: DayRows
    }

    /// The next page of undecided open cases after `afterNumber`, or nil when none is left.
    public func undecidedPage(on date: LocalDate, after afterNumber: Int64, limit: Int) async throws -> PageRows? {
        let generation = database.generation
        let records = try await database.read { db in
            try await Self.undecided(on: date, after: afterNumber, limit: limit, db: db)
        }
        guard let last = records.last else { return nil }
        return PageRows(
            after: afterNumber, lastNumber: last.number, limit: limit, records: records, generation: generation)
    }

    /// Reads the rest of a page's cases on a reader, lets `decide` work out each one's day and builds the rows to
    /// store, all without the writer, so that the writer can store earlier pages meanwhile and several pages can be
    /// prepared at once. (What it reads may include commits made after the page's rows were read; `storePage` finds
    /// out whether any of them matters.)
    public func preparePage(_ page: PageRows, on date: LocalDate, decide: ([LoadedCase]) throws -> [DayResult])
        async throws -> PreparedPage
    {
        let cases = try await database.read { db in try await Self.load(page.records, lastWaits: true, db: db) }
        let results = try decide(cases)
        return PreparedPage(
            page: page, results: results,
            rows: try DayRows(date: date, results: results, known: database.explanations))
    }

    /// Stores a prepared page in one transaction, if what it was decided from is still what the database holds: every
    /// commit since its rows were read is one of `ownCommits`, the commits of this run's earlier pages (which wrote
    /// only other cases' rows). Otherwise the page's range of cases is read and decided again inside the transaction,
    /// as `decidePage` does, so a hold placed in between is never missed. Returns what was stored and the generation
    /// this commit made, to count among the own commits of the pages after it.
    ///
    /// The writer does not check foreign keys for it: every row it writes belongs to a case, claim or legal text it
    /// read at a generation checked here (or inserted itself), and none of those is ever deleted. Looking up each row's
    /// parents cost the writer seven index searches a case, a tenth of the cycle's time on a million cases.
    public func storePage(
        _ prepared: PreparedPage, on date: LocalDate, ownCommits: [Database.Generation],
        decide: @Sendable @escaping ([LoadedCase]) throws -> [DayResult]
    ) async throws -> (page: DecidedPage, redone: Bool, generation: Database.Generation) {
        let page = prepared.page
        let known = database.explanations
        let ((saved, redone), made) = try await database.generationTransaction(checksForeignKeys: false) { db, now in
            if now.holdsWork(readAt: page.generation, ownCommits: ownCommits) {
                return (
                    try await Self.save(prepared.results, rows: prepared.rows, on: date, known: known, db: db), false
                )
            }
            let records = try await Self.undecided(
                on: date, after: page.after, through: page.lastNumber, limit: page.limit, db: db)
            let cases = try await Self.load(records, lastWaits: true, db: db)
            return (try await Self.save(try decide(cases), on: date, known: known, db: db), true)
        }
        known.committed(saved.explained)
        return (DecidedPage(lastNumber: page.lastNumber, written: saved.written), redone, made)
    }
}
