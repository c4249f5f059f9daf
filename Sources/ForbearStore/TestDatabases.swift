import Foundation
import Logging
import SQLKit

/// Fresh databases for test suites: a new SQLite file always (a file, not `:memory:`, so tests use the read-only
/// connections beside the writer as `forbear serve` does), and a new PostgreSQL database per call when
/// `FORBEAR_TEST_POSTGRES_URL` names a server (the URL's database is used only to create and drop the test one).
public enum TestDatabases {
    public static var postgresURL: String? { ProcessInfo.processInfo.environment["FORBEAR_TEST_POSTGRES_URL"] }

    /// The dialects to run a conformance test on.
    public static var dialects: [Database.Dialect] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// A fresh database of `dialect`, migrated through `last` (all migrations unless a test needs an older schema);
    /// call `drop` when done.
    public static func make(_ dialect: Database.Dialect, migratedThrough last: Int = .max) async throws -> Database {
        var logger = Logger(label: "forbear.test")
        logger.logLevel = .critical
        switch dialect {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "forbear-test-\(UUID().uuidString).sqlite"
            ).path
            let db = try await Database.open(.sqlite(path: path), logger: logger)
            try await Migrator.migrate(db, through: last)
            return db
        case .postgres:
            guard let text = postgresURL else { throw StoreError.invalid("FORBEAR_TEST_POSTGRES_URL is not set") }
            let db = try await ScratchDatabase.create(
                on: try DatabaseURL(parsing: text), prefix: "forbear_test_", logger: logger)
            try await Migrator.migrate(db, through: last)
            return db
        }
    }

    /// Closes the database and, for PostgreSQL, drops it.
    public static func drop(_ database: Database) async {
        if case .sqlite(let path) = database.url {
            await database.close()
            Database.removeSQLiteFiles(at: path)
            return
        }
        guard let text = postgresURL, let server = try? DatabaseURL(parsing: text) else {
            await database.close()
            return
        }
        await ScratchDatabase.drop(database, server: server)
    }
}
