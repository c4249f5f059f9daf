import Synchronization

/// Rows for one table from many concurrent callers, inserted together: the first caller to find no write under way
/// inserts what is queued in one transaction, and keeps going until the queue is empty; everyone else waits for the
/// transaction that holds their row. Each caller still returns only once its row is committed. For the audit trail
/// this turns one commit per audited API read into one per burst of reads.
final class GroupCommit: Sendable {
    let table: String
    let columns: [String]
    let changesCases: Bool

    private struct State {
        var queued: [([SQLValue], CheckedContinuation<Void, any Error>)] = []
        var writing = false
    }

    private let state = Mutex(State())

    init(into table: String, columns: [String], changesCases: Bool) {
        self.table = table
        self.columns = columns
        self.changesCases = changesCases
    }

    /// Queues `row` and returns when it is committed to `database` (or throws what the insert threw).
    func append(_ row: [SQLValue], on database: Database) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let lead = state.withLock { state -> Bool in
                state.queued.append((row, continuation))
                if state.writing { return false }
                state.writing = true
                return true
            }
            if lead { Task { await self.drain(database) } }
        }
    }

    private func drain(_ database: Database) async {
        while true {
            let batch = state.withLock { state in
                let batch = state.queued
                state.queued.removeAll()
                if batch.isEmpty { state.writing = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let rows = batch.map(\.0)
                try await database.transaction(changesCases: self.changesCases) { db in
                    try await bulkInsert(into: self.table, columns: self.columns, rows: rows, db: db)
                }
                for (_, waiter) in batch { waiter.resume() }
            } catch {
                for (_, waiter) in batch { waiter.resume(throwing: error) }
            }
        }
    }
}
