import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// The `SQLDatabase` a SQLite read or transaction body runs on: SQLKit's serialiser and SQLite's value encoding over
/// Forbear's own `SQLiteHandle`, so statements run synchronously on the connection's thread and stay prepared.
struct SQLiteSession: SQLDatabase {
    let handle: SQLiteHandle

    init(_ handle: SQLiteHandle) { self.handle = handle }

    var logger: Logger { SQLiteSession.quiet }
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    private static let quiet = Logger(label: "forbear.sqlite", factory: { _ in SwiftLogNoOpLogHandler() })

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    /// Runs `query` and hands each result row to `body` to read in place (`Columns`).
    func readEach(_ query: any SQLExpression, _ body: (Columns) throws -> Void) throws {
        let (sql, binds) = try statement(query)
        try handle.step(sql, binding: { binder in for value in binds { try binder.bind(value) } }) { statement, names in
            try body(Columns(statement: statement, names: names))
        }
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, binds) = try statement(query)
        try handle.query(sql, binds) { onRow($0) }
    }

    /// The query's text and its values as SQLite binds them.
    private func statement(_ query: any SQLExpression) throws -> (String, [SQLiteData]) {
        let (sql, values) = serialize(query)
        let encoder = SQLiteDataEncoder()
        return (sql, try values.map { try encoder.encode($0) })
    }
}

/// A SQLite result row. Text and integer columns are read straight from SQLite's values (see `Rows.swift`); anything
/// else goes through SQLiteKit's generic decoder.
struct SQLiteResultRow: SQLRow {
    let columns: [String]
    let values: [SQLiteData]

    var allColumns: [String] { columns }
    func contains(column: String) -> Bool { columns.contains(column) }
    func decodeNil(column: String) throws -> Bool { (value(column) ?? .null) == .null }

    /// The first column named `column` (a join can name two `id`s), as in SQLiteNIO. Found by a scan, not a hash
    /// table: a result has a few short names, which compare in a few instructions each, while hashing the name for
    /// every value read was 4% of the daily cycle's preparing threads (perf, 100,000 cases).
    func value(_ column: String) -> SQLiteData? { columns.firstIndex(of: column).map { values[$0] } }

    func decode<D: Decodable>(column: String, as: D.Type) throws -> D {
        guard let data = value(column) else { throw StoreError.invalid("no column \(column) in the result") }
        return try SQLiteDataDecoder().decode(D.self, from: data)
    }

    func text(_ column: String) throws -> String? {
        switch value(column) {
        case .text(let s): return s
        case .null: return nil
        default: return try decode(column: column, as: String?.self)
        }
    }

    func integer(_ column: String) throws -> Int64? {
        switch value(column) {
        case .integer(let i): return Int64(i)
        case .null: return nil
        default: return try decode(column: column, as: Int64?.self)
        }
    }
}
