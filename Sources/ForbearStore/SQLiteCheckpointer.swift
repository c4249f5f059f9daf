import Foundation

/// Copies the write-ahead log back into the database file from a connection and thread of its own, so the writer
/// (an import, the daily cycle, a payment file) does not stop inside a commit to do it. A passive checkpoint never
/// waits for the writer or the readers; the writer's own automatic checkpoint stays, much later, as a backstop.
final class SQLiteCheckpointer: Sendable {
    /// Checkpoint once the log holds this much.
    static let threshold = 32 << 20
    private let handle: SQLiteHandle
    private let loop: Task<Void, Never>

    init(path: String) throws {
        handle = try SQLiteHandle(path: path, thread: "forbear.sqlite.checkpoint")
        for pragma in ["PRAGMA busy_timeout = 5000", "PRAGMA synchronous = NORMAL"] {
            try handle.query(pragma, []) { _ in }
        }
        let handle = handle
        let wal = path + "-wal"
        loop = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
                guard size >= Self.threshold, !Task.isCancelled else { continue }
                await withTaskExecutorPreference(handle.thread) {
                    try? handle.query("PRAGMA wal_checkpoint(PASSIVE)", []) { _ in }
                }
            }
        }
    }

    /// Stops after any checkpoint under way, then closes the connection.
    func close() async {
        loop.cancel()
        await loop.value
        handle.close()
    }
}
