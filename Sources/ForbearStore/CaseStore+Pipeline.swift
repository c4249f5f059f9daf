import ForbearCore
import SQLKit

extension CaseStore {
    /// A page of the daily cycle read, decided and turned into rows on a reader, off the writer, waiting to be
    /// stored by `storePage`.
    public struct PreparedPage: Sendable {
        /// The cursor the page was read after, and its highest case number (nil when no undecided case was left).
        public let after: Int64
        public let lastNumber: Int64?
        let limit: Int
        let results: [DayResult]
        let rows: DayRows
        /// Read before the page's snapshot began.
        let generation: Database.Generation
    }

    /// Reads the next page of undecided open cases after `afterNumber` on a reader, lets `decide` work out each one's
    /// day and builds the rows to store, all without the writer, so the writer can store the previous page meanwhile.
    public func preparePage(
        on date: LocalDate, after afterNumber: Int64, limit: Int, decide: ([LoadedCase]) throws -> [DayResult]
    ) async throws -> PreparedPage {
        let generation = database.generation
        let page = try await database.read { db in
            try await Self.load(
                rows: try await Self.undecided(on: date, after: afterNumber, limit: limit, db: db), lastWaits: true,
                db: db)
        }
        let results = try decide(page)
        return PreparedPage(
            after: afterNumber, lastNumber: page.last?.record.number, limit: limit, results: results,
            rows: try DayRows(date: date, results: results), generation: generation)
    }

    /// Stores a prepared page in one transaction, if what it was decided from is still what the database holds:
    /// nothing may have been committed since its snapshot but `previous` (the commit of the page before it, which
    /// wrote only other cases' rows). Otherwise the page's range of cases is read and decided again inside the
    /// transaction, as `decidePage` does, so a hold placed in between is never missed. Returns what was stored and
    /// the generation this commit made, to pass as `previous` with the next page.
    public func storePage(
        _ page: PreparedPage, on date: LocalDate, previous: Database.Generation?,
        decide: @Sendable @escaping ([LoadedCase]) throws -> [DayResult]
    ) async throws -> (page: DecidedPage, redone: Bool, generation: Database.Generation) {
        guard let last = page.lastNumber else {
            return (DecidedPage(lastNumber: nil, written: []), false, database.generation)
        }
        let ((written, redone), made) = try await database.generationTransaction { db, now in
            if now.holdsWork(readAt: page.generation, after: previous) {
                return (try await Self.save(page.results, rows: page.rows, on: date, db: db), false)
            }
            let rows = try await Self.undecided(on: date, after: page.after, through: last, limit: page.limit, db: db)
            return (
                try await Self.save(
                    try decide(try await Self.load(rows: rows, lastWaits: true, db: db)), on: date, db: db), true
            )
        }
        return (DecidedPage(lastNumber: last, written: written), redone, made)
    }
}
