import ArgumentParser
import ForbearCore
import ForbearStore
import Foundation

@main
struct Forbear: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forbear",
        abstract: "Forbear: debt collection that puts the customer's situation first.",
        subcommands: [
            Demo.self, Serve.self, Migrate.self, Import.self, Run.self, Payments.self, Remit.self, User.self,
            Token.self, Letters.self, Bench.self,
        ])
}

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "sqlite:PATH or postgres://user:password@host:port/database (default: $FORBEAR_DATABASE_URL, else sqlite:forbear.sqlite)"
    )
    var database: String?

    func url() throws -> DatabaseURL {
        let text = database ?? ProcessInfo.processInfo.environment["FORBEAR_DATABASE_URL"] ?? "sqlite:forbear.sqlite"
        do {
            return try DatabaseURL(parsing: text)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Brings the schema up to date, saying so first when anything is to be done: on a large file a migration can take
    /// a minute, which should not look like a hang.
    @discardableResult
    static func migrate(_ db: Database) async throws -> [Int] {
        try await Migrator.migrate(db) {
            stderr("bringing the database schema up to date (version \(Migrator.latestVersion))…")
        }
    }

    func open() async throws -> Database {
        let db = try await Database.open(try url())
        try await Self.migrate(db)
        return db
    }
}

enum Clock {
    /// Today's date in UTC.
    static func today() -> LocalDate {
        LocalDate(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    static func parse(_ text: String?, option: String) throws -> LocalDate {
        guard let text else { return today() }
        guard let d = LocalDate(iso: text) else {
            throw ValidationError("\(option) must be a date as YYYY-MM-DD, not \"\(text)\"")
        }
        return d
    }
}

/// Writes a line to standard output at once (print is block-buffered when piped, and a server never exits to flush).
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

func stderr(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// The special-category field key: $FORBEAR_DATA_KEY, else a key file beside the database (created 0600).
func loadCipher(for url: DatabaseURL) throws -> FieldCipher {
    if let key = ProcessInfo.processInfo.environment["FORBEAR_DATA_KEY"] {
        return try FieldCipher(base64Key: key)
    }
    var path = "forbear-data.key"
    if case .sqlite(let db) = url, db != ":memory:" { path = db + ".key" }
    return try FieldCipher.loadOrCreateKeyFile(at: path)
}

func loadPacks() throws -> RulePackLibrary {
    if let dir = ProcessInfo.processInfo.environment["FORBEAR_RULE_PACKS"] {
        return try RulePackLibrary.loading(directory: URL(fileURLWithPath: dir))
    }
    return try RulePackLibrary.bundled()
}
