import Synchronization

/// Rows from many concurrent callers written together: the first caller to find no write under way writes what is
/// queued in one transaction, and keeps writing until the queue is empty; everyone else waits for the transaction
/// that holds their row. Each caller still returns only once its row is committed. On SQLite this turns one commit
/// per audited API read into one per burst of reads, and readers' page caches, which SQLite empties after every commit
/// by another connection, stay warm.
final class GroupCommit: Sendable {
    private struct State {
        var queued: [([SQLValue], CheckedContinuation<Void, any Error>)] = []
        var writing = false
    }

    private let state = Mutex(State())

    /// Queues `row` and returns when `write` has committed it (or throws what `write` threw).
    func append(_ row: [SQLValue], write: @escaping @Sendable ([[SQLValue]]) async throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let lead = state.withLock { state -> Bool in
                state.queued.append((row, continuation))
                if state.writing { return false }
                state.writing = true
                return true
            }
            if lead { Task { await self.drain(write) } }
        }
    }

    private func drain(_ write: @Sendable ([[SQLValue]]) async throws -> Void) async {
        while true {
            let batch = state.withLock { state in
                let batch = state.queued
                state.queued.removeAll()
                if batch.isEmpty { state.writing = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                try await write(batch.map(\.0))
                for (_, waiter) in batch { waiter.resume() }
            } catch {
                for (_, waiter) in batch { waiter.resume(throwing: error) }
            }
        }
    }
}
