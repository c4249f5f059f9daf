import Logging
import NIOCore
import SQLKit
import SQLiteKit

/// The `SQLDatabase` a SQLite transaction runs on: SQLKit's own wrapper, plus the connection itself, so the hot
/// multi-row inserts can hand SQLite their values directly instead of going through SQLKit's generic encoding.
struct SQLiteSession: SQLDatabase {
    let connection: SQLiteConnection
    let inner: any SQLDatabase

    init(_ connection: SQLiteConnection) {
        self.connection = connection
        self.inner = connection.sql(queryLogLevel: nil)
    }

    var logger: Logger { inner.logger }
    var eventLoop: any EventLoop { inner.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { inner.version }
    var dialect: any SQLDialect { inner.dialect }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        inner.execute(sql: query, onRow)
    }

    /// Rows are handed over on SQLite's own thread as they are stepped, rather than one event-loop hop per row as
    /// in the futures-based path.
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, values) = inner.serialize(query)
        let encoder = SQLiteDataEncoder()
        let binds = try values.map { try encoder.encode($0) }
        let decoder = SQLiteDataDecoder()
        try await connection.query(sql, binds) { onRow(SQLiteResultRow(row: $0, decoder: decoder)) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}

/// A SQLite result row. Text and integer columns are read straight from SQLite's values (see `Rows.swift`); anything
/// else goes through SQLiteKit's generic decoder.
struct SQLiteResultRow: SQLRow {
    let row: SQLiteRow
    let decoder: SQLiteDataDecoder

    var allColumns: [String] { row.columns.map(\.name) }
    func contains(column: String) -> Bool { row.column(column) != nil }
    func decodeNil(column: String) throws -> Bool { (row.column(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as: D.Type) throws -> D {
        guard let data = row.column(column) else { throw StoreError.invalid("no column \(column) in the result") }
        return try decoder.decode(D.self, from: data)
    }

    func text(_ column: String) throws -> String? {
        switch row.column(column) {
        case .text(let s): return s
        case .null: return nil
        default: return try decode(column: column, as: String?.self)
        }
    }

    func integer(_ column: String) throws -> Int64? {
        switch row.column(column) {
        case .integer(let i): return Int64(i)
        case .null: return nil
        default: return try decode(column: column, as: Int64?.self)
        }
    }
}
