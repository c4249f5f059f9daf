import Foundation

/// Copies the write-ahead log back into the database file from a connection and thread of its own, so the writer
/// (an import, the daily cycle, a payment file) does not stop inside a commit to do it. A passive checkpoint never
/// waits for the writer or the readers; the writer's own automatic checkpoint stays, much later, as a backstop.
///
/// After each pass the database file's copied pages are flushed to the disk from here too. A passive checkpoint only
/// flushes the file when it copied the whole log, which a busy writer rarely lets it do, so the copied pages stayed in
/// memory until the writer's backstop checkpoint flushed hundreds of megabytes inside a commit: 16 to 18 of the
/// million-case cycle's 2,000 commits took 124–146 ms each, 2.2–2.3 s in all, on the writer's path.
final class SQLiteCheckpointer: Sendable {
    /// Checkpoint once the log holds this much.
    static let threshold = 32 << 20
    private let handle: SQLiteHandle
    private let loop: Task<Void, Never>
    /// The database file, opened only to flush it (-1 if it could not be opened: the flush is then SQLite's alone).
    private let file: Int32

    init(path: String) throws {
        handle = try SQLiteHandle(path: path, thread: "forbear.sqlite.checkpoint")
        for pragma in ["PRAGMA busy_timeout = 5000", "PRAGMA synchronous = NORMAL"] {
            try handle.query(pragma, []) { _ in }
        }
        let handle = handle
        let wal = path + "-wal"
        let file = open(path, O_RDONLY)
        self.file = file
        loop = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
                guard size >= Self.threshold, !Task.isCancelled else { continue }
                await withTaskExecutorPreference(handle.thread) {
                    try? handle.query("PRAGMA wal_checkpoint(PASSIVE)", []) { _ in }
                    if file >= 0 { _ = Self.flush(file) }
                }
            }
        }
    }

    /// Stops after any checkpoint under way, then closes the connection.
    func close() async {
        loop.cancel()
        await loop.value
        handle.close()
        if file >= 0 { _ = Foundation.close(file) }
    }

    private static func flush(_ file: Int32) -> Int32 {
        #if canImport(Glibc)
            fdatasync(file)
        #else
            fsync(file)
        #endif
    }
}
