import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit

/// A handle on Forbear's database: one serialised SQLite connection (embedded default, single writer) or a pool of
/// PostgreSQL connections. Everything above the store sees only `any SQLDatabase` inside `read` or `transaction`.
public final class Database: Sendable {
    public enum Dialect: String, Sendable { case sqlite, postgres }

    enum Backend: Sendable {
        case sqlite(SQLiteConnection, AsyncLock)
        case postgres(PostgresClient, Task<Void, Never>)
    }

    public let dialect: Dialect
    public let url: DatabaseURL
    let backend: Backend
    let logger: Logger

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
            let storage: SQLiteConnection.Storage = path == ":memory:" ? .memory : .file(path: path)
            let connection = try await SQLiteConnection.open(storage: storage, logger: logger).get()
            let db = connection.sql(queryLogLevel: nil)
            if path != ":memory:" {
                try await db.raw("PRAGMA journal_mode = WAL").run()
                try await db.raw("PRAGMA synchronous = NORMAL").run()
                // A 64 MiB page cache and memory-mapped reads: random keys (UUIDs) otherwise cost a read syscall per page.
                try await db.raw("PRAGMA cache_size = -65536").run()
                try await db.raw("PRAGMA mmap_size = 268435456").run()
                try await db.raw("PRAGMA temp_store = MEMORY").run()
                // Checkpoint every 64 MiB of WAL rather than every 4 MiB: a page changed by several batches is copied
                // back once, and large imports do not stop for a checkpoint inside each transaction.
                try await db.raw("PRAGMA wal_autocheckpoint = 16384").run()
            }
            try await db.raw("PRAGMA foreign_keys = ON").run()
            try await db.raw("PRAGMA busy_timeout = 5000").run()
            return Database(dialect: .sqlite, url: url, backend: .sqlite(connection, AsyncLock()), logger: logger)
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

    /// Runs `body` on one connection without a transaction.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let connection, let lock):
            return try await lock.withLock { try await body(SQLiteSession(connection)) }
        case .postgres(let client, _):
            return try await client.withConnection { conn in try await body(conn.sql(queryLogLevel: nil)) }
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await read { db in
            try await db.raw("BEGIN").run()
            do {
                let value = try await body(db)
                try await db.raw("COMMIT").run()
                return value
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    public func close() async {
        switch backend {
        case .sqlite(let connection, let lock):
            await lock.withLock { try? await connection.close() }
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
