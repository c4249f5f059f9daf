import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import Synchronization

/// A handle on Forbear's database: one serialised SQLite writer with a few read-only connections beside it (embedded
/// default) or a pool of PostgreSQL connections. Everything above the store sees only `any SQLDatabase` inside `read` or `transaction`.
public final class Database: Sendable {
    public enum Dialect: String, Sendable { case sqlite, postgres }

    enum Backend: Sendable {
        case sqlite(SQLiteHandle, AsyncLock, SQLiteReaders?, SQLiteCheckpointer?)
        case postgres(PostgresClient, Task<Void, Never>)
    }

    public let dialect: Dialect
    public let url: DatabaseURL
    let backend: Backend
    let logger: Logger
    /// Audit events from concurrent requests, committed together.
    let auditEvents = GroupCommit(
        into: "audit_events", columns: ["id", "at", "actor", "action", "subject_type", "subject_id", "purpose"],
        changesCases: false)
    /// The legal texts decisions cite, as far as this process has read them.
    let legalTexts = LegalTexts.Cache()
    /// The letters' explanations this process has worked out and knows to be stored.
    let explanations = Explanations.Known()
    /// SQLite: how many commits may have changed what a case's decisions depend on (see `Generation`).
    let commits = Atomic<UInt64>(0)
    /// SQLite: the writer's last seen `PRAGMA data_version`, which moves when another process commits.
    let otherProcessVersion = Mutex<Int64?>(nil)
    /// SQLite: whether the writer checks foreign keys now, changed only with the setting and under the write lock.
    /// Reading the setting from the connection before each transaction had SQLite plan statements again (18 more in
    /// `SQLiteStatementTests`).
    let writerForeignKeys = Atomic<Bool>(true)

    init(dialect: Dialect, url: DatabaseURL, backend: Backend, logger: Logger) {
        self.dialect = dialect
        self.url = url
        self.backend = backend
        self.logger = logger
    }

    public static func open(_ url: DatabaseURL, logger: Logger = Logger(label: "forbear.store")) async throws
        -> Database
    {
        switch url {
        case .sqlite(let path):
            let file = path != ":memory:"
            let audit = file ? path + "-audit" : ":memory:"
            let attach = "ATTACH DATABASE '\(audit.replacingOccurrences(of: "'", with: "''"))' AS audit"
            // Every connection: a 64 MiB page cache (random keys otherwise cost a read syscall per page), and the
            // audit trail's file attached.
            let every = [
                "PRAGMA busy_timeout = 5000", "PRAGMA cache_size = -65536", "PRAGMA temp_store = MEMORY", attach,
            ]
            var writerSetup = every + ["PRAGMA foreign_keys = ON", "PRAGMA mmap_size = 268435456"]
            if file {
                writerSetup += [
                    "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                    "PRAGMA audit.journal_mode = WAL", "PRAGMA audit.synchronous = NORMAL",
                    // `SQLiteCheckpointer` copies the log back from its own connection once it holds 32 MiB; the
                    // writer checkpoints itself only if the log reaches 256 MiB regardless.
                    "PRAGMA wal_autocheckpoint = 65536",
                ]
            }
            let writer = try SQLiteHandle(path: path, thread: "forbear.sqlite.writer")
            do {
                for sql in writerSetup + Schema.auditFile { try writer.query(sql, []) { _ in } }
            } catch {
                writer.close()
                throw error
            }
            // WAL lets readers work beside the one writer, each on its own snapshot; an in-memory database has only
            // the one connection. Readers map the file (up to SQLite's 2 GB limit) rather than copy each page they
            // read, and refuse to write.
            var readers: [SQLiteHandle] = []
            if file {
                // One per core, and one more: the daily cycle prepares a page on each core while it reads the case rows
                // of the next (`readersBesideWriter`).
                for _ in 0...max(2, ProcessInfo.processInfo.activeProcessorCount) {
                    let reader = try SQLiteHandle(path: path, thread: nil)
                    readers.append(reader)
                    for sql in every + ["PRAGMA mmap_size = 2147418112", "PRAGMA query_only = ON"] {
                        try reader.query(sql, []) { _ in }
                    }
                }
            }
            let version = try dataVersion(writer)
            let database = Database(
                dialect: .sqlite, url: url,
                backend: .sqlite(
                    writer, AsyncLock(), readers.isEmpty ? nil : SQLiteReaders(readers),
                    file ? try SQLiteCheckpointer(paths: [path, audit]) : nil), logger: logger)
            database.otherProcessVersion.withLock { $0 = version }
            return database
        case .postgres(let host, let port, let user, let password, let database):
            var config = PostgresClient.Configuration(
                host: host, port: port, username: user, password: password, database: database, tls: .disable)
            config.options.maximumConnections = 8
            let client = PostgresClient(configuration: config, backgroundLogger: logger)
            let runner = Task { await client.run() }
            let handle = Database(dialect: .postgres, url: url, backend: .postgres(client, runner), logger: logger)
            // Fail fast with a clear message when the server is not there.
            do {
                try await handle.read { db in try await db.raw("SELECT 1").run() }
            } catch {
                runner.cancel()
                throw StoreError.invalid("cannot reach PostgreSQL at \(url): \(String(reflecting: error).prefix(200))")
            }
            return handle
        }
    }

    /// Runs `body` on one connection and sees one consistent state of the database throughout. On SQLite it runs on
    /// one of the read-only connections beside the writer (a file database), so reads never wait for a write; a
    /// body that writes fails there, and belongs in `transaction`.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let writer, let lock, let readers, _):
            guard let readers else { return try await lock.withLock { try await Self.run(on: writer, body) } }
            // Reads are short (a case, a page of a list), so they run on the reading task's own thread: a hop to a
            // thread of the reader's cost more than the read itself under load.
            return try await readers.withHandle { reader in
                try await Self.inTransaction(SQLiteSession(reader), body)
            }
        case .postgres(let client, _):
            return try await client.withConnection { conn in try await body(conn.sql(queryLogLevel: nil)) }
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(changesCases: true, body)
    }

    /// `changesCases: false` is for a transaction that writes only what no decision reads (the audit trail), so it
    /// does not count as a new generation. `checksForeignKeys: false` (SQLite) is for a migration that rebuilds a
    /// table others refer to and checks the keys itself, and for the cycle's pages (see `CaseStore.storePage`).
    func transaction<T: Sendable>(
        changesCases: Bool, checksForeignKeys: Bool = true, _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        switch backend {
        case .sqlite(let writer, let lock, _, _):
            return try await lock.withLock {
                let value = try await Self.run(on: writer) { db in
                    try self.checkForeignKeys(checksForeignKeys, on: writer)
                    return try await Self.inTransaction(db, body)
                }
                // Counted once committed and before the lock is let go, so a generation read before a snapshot never
                // claims a commit that snapshot may lack.
                if changesCases { commits.add(1, ordering: .sequentiallyConsistent) }
                return value
            }
        case .postgres(let client, _):
            return try await client.withConnection { conn in
                try await Self.inTransaction(conn.sql(queryLogLevel: nil), body)
            }
        }
    }

    /// SQLite: turns the writer's foreign-key checks on or off before a transaction, if they are not so already (they
    /// switch only outside a transaction). Every transaction says which it needs, so one that needs them never runs
    /// without them. SQLite expires every prepared statement when they switch, so they switch only when a transaction
    /// needs the other setting: the daily cycle's pages, stored one after another, switch them once.
    func checkForeignKeys(_ on: Bool, on writer: SQLiteHandle) throws {
        guard writerForeignKeys.load(ordering: .relaxed) != on else { return }
        try writer.query("PRAGMA foreign_keys = \(on ? "ON" : "OFF")", []) { _ in }
        writerForeignKeys.store(on, ordering: .relaxed)
    }

    /// SQLite: statements planned again so far on the writer and the readers (`SQLiteHandle.replanned`); 0 on
    /// PostgreSQL.
    var statementsReplanned: Int {
        guard case .sqlite(let writer, _, let readers, _) = backend else { return 0 }
        return writer.replanned.load(ordering: .relaxed) + (readers?.replanned ?? 0)
    }

    /// SQLite's `PRAGMA data_version` on `handle`: it moves when another connection (another process) commits.
    static func dataVersion(_ handle: SQLiteHandle) throws -> Int64? {
        var version: Int64?
        try handle.query("PRAGMA data_version", []) { row in version = row.values.first?.integer.map(Int64.init) }
        return version
    }

    /// Runs `body` with the writer's own thread as the task's executor, so its statements run there one after the
    /// other without a hop each, and a long transaction (a page of the cycle, a batch of an import) holds that thread
    /// rather than one of the few threads of Swift's cooperative pool.
    static func run<T: Sendable>(
        on handle: SQLiteHandle, _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await withTaskExecutorPreference(handle.thread) { try await body(SQLiteSession(handle)) }
    }

    static func inTransaction<T: Sendable>(
        _ db: any SQLDatabase, begin: String = "BEGIN", _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await db.raw("\(unsafeRaw: begin)").run()
        do {
            let value = try await body(db)
            try await db.raw("COMMIT").run()
            return value
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Deletes a SQLite database's files: the database, its audit trail, and their write-ahead logs.
    public static func removeSQLiteFiles(at path: String) {
        for file in [path, path + "-audit"] {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        }
    }

    public func close() async {
        switch backend {
        case .sqlite(let writer, let lock, let readers, let checkpointer):
            await checkpointer?.close()
            await lock.withLock { writer.close() }
            readers?.close()
        case .postgres(_, let runner):
            runner.cancel()
        }
    }
}

/// A FIFO async mutex: SQLite has one writer, and a transaction must not interleave with other work on its
/// connection.
actor AsyncLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    nonisolated func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await lock()
        do {
            let value = try await body()
            await unlock()
            return value
        } catch {
            await unlock()
            throw error
        }
    }
}
