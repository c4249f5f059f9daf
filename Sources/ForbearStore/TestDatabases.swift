import Foundation
import Logging
import SQLKit

/// Fresh databases for test suites: in-memory SQLite always, and a new PostgreSQL database per call when
/// `FORBEAR_TEST_POSTGRES_URL` names a server (the URL's database is used only to create and drop the test one).
public enum TestDatabases {
    public static var postgresURL: String? { ProcessInfo.processInfo.environment["FORBEAR_TEST_POSTGRES_URL"] }

    /// The dialects to run a conformance test on.
    public static var dialects: [Database.Dialect] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// A fresh, migrated database of `dialect`; call `drop` when done.
    public static func make(_ dialect: Database.Dialect) async throws -> Database {
        var logger = Logger(label: "forbear.test")
        logger.logLevel = .critical
        switch dialect {
        case .sqlite:
            let db = try await Database.open(.sqlite(path: ":memory:"), logger: logger)
            try await Migrator.migrate(db)
            return db
        case .postgres:
            guard let text = postgresURL,
                case .postgres(let host, let port, let user, let password, _) = try DatabaseURL(parsing: text)
            else { throw StoreError.invalid("FORBEAR_TEST_POSTGRES_URL is not a postgres:// URL") }
            let admin = try await Database.open(try DatabaseURL(parsing: text), logger: logger)
            let name =
                "forbear_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: String(name))").run() }
            await admin.close()
            let db = try await Database.open(
                .postgres(host: host, port: port, user: user, password: password, database: String(name)),
                logger: logger)
            try await Migrator.migrate(db)
            return db
        }
    }

    /// Closes the database and, for PostgreSQL, drops it.
    public static func drop(_ database: Database) async {
        await database.close()
        guard case .postgres(_, _, _, _, let name) = database.url, let text = postgresURL,
            let admin = try? await Database.open(try DatabaseURL(parsing: text))
        else { return }
        try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
        }
        await admin.close()
    }
}
