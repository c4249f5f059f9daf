import Foundation

/// Copies the write-ahead logs back into their files from connections and a thread of its own, so the writer (an
/// import, the daily cycle, a payment file, the audit trail of API reads) does not stop inside a commit to do it. A
/// passive checkpoint never waits for the writer or the readers; the writer's own automatic checkpoint stays, much
/// later, as a backstop.
///
/// It serves both files the writer commits to: the database and, beside it, the audit trail, which takes an event for
/// every audited read. Left to the writer, the trail's log grew to the 256 MiB backstop under API load and was then
/// copied back inside one of its commits, which every audited read of the moment waited for.
///
/// After each pass the file's copied pages are flushed to the disk from here too. A passive checkpoint only flushes the
/// file when it copied the whole log, which a busy writer rarely lets it do, so the copied pages stayed in memory until
/// the writer's backstop checkpoint flushed hundreds of megabytes inside a commit: 16 to 18 of the million-case cycle's
/// 2,000 commits took 124–146 ms each, 2.2–2.3 s in all, on the writer's path.
final class SQLiteCheckpointer: Sendable {
    /// Checkpoint once a log holds this much.
    static let threshold = 32 << 20

    /// One file: a connection of its own, its log, and the file opened only to flush it (-1 if it could not be
    /// opened: the flush is then SQLite's alone).
    private struct Target: Sendable {
        let handle: SQLiteHandle
        let wal: String
        let file: Int32
    }

    private let targets: [Target]
    private let thread: SQLiteThread
    private let loop: Task<Void, Never>

    init(paths: [String]) throws {
        let thread = SQLiteThread(name: "forbear.sqlite.checkpoint")
        var targets: [Target] = []
        do {
            for path in paths {
                let handle = try SQLiteHandle(path: path, thread: nil)
                targets.append(Target(handle: handle, wal: path + "-wal", file: open(path, O_RDONLY)))
                for pragma in ["PRAGMA busy_timeout = 5000", "PRAGMA synchronous = NORMAL"] {
                    try handle.query(pragma, []) { _ in }
                }
            }
        } catch {
            Self.close(targets)
            thread.stop()
            throw error
        }
        self.thread = thread
        self.targets = targets
        loop = Task { [targets] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                for target in targets where !Task.isCancelled {
                    let size = (try? FileManager.default.attributesOfItem(atPath: target.wal)[.size] as? Int) ?? 0
                    guard size >= Self.threshold else { continue }
                    await withTaskExecutorPreference(thread) {
                        try? target.handle.query("PRAGMA wal_checkpoint(PASSIVE)", []) { _ in }
                        if target.file >= 0 { _ = Self.flush(target.file) }
                    }
                }
            }
        }
    }

    /// Stops after any checkpoint under way, then closes the connections.
    func close() async {
        loop.cancel()
        await loop.value
        Self.close(targets)
        thread.stop()
    }

    private static func close(_ targets: [Target]) {
        for target in targets {
            target.handle.close()
            if target.file >= 0 { _ = Foundation.close(target.file) }
        }
    }

    private static func flush(_ file: Int32) -> Int32 {
        #if canImport(Glibc)
            fdatasync(file)
        #else
            fsync(file)
        #endif
    }
}
