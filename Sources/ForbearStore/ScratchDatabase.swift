import Foundation
import Logging
import SQLKit

/// A new, empty PostgreSQL database on a server, for test suites and benchmarks: made under a random name, dropped
/// when done. The server URL's own database is used only to create and drop it.
public enum ScratchDatabase {
    public static func create(on server: DatabaseURL, prefix: String, logger: Logger) async throws -> Database {
        guard case .postgres(let host, let port, let user, let password, _) = server else {
            throw StoreError.invalid("a scratch database needs a postgres:// server URL")
        }
        let admin = try await Database.open(server, logger: logger)
        let name = prefix + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        do {
            try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: String(name))").run() }
        } catch {
            await admin.close()
            throw error
        }
        await admin.close()
        return try await Database.open(
            .postgres(host: host, port: port, user: user, password: password, database: String(name)), logger: logger)
    }

    /// Closes the database and, when it is a PostgreSQL database, drops it through `server`.
    public static func drop(_ database: Database, server: DatabaseURL) async {
        await database.close()
        guard case .postgres(_, _, _, _, let name) = database.url,
            let admin = try? await Database.open(server)
        else { return }
        try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
        }
        await admin.close()
    }
}
