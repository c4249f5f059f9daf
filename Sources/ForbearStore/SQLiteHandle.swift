import Foundation
import NIOCore
import SQLiteNIO
import Synchronization
import VaporCSQLite

/// One sqlite3 connection with its prepared statements kept between uses, so a statement the store runs again and
/// again (a page load, a multi-row insert of the usual size, a case read) is parsed once per connection, not per call.
/// Calls run synchronously on the caller's thread: for the writer `Database` makes that the writer's own
/// `SQLiteThread`; readers run on the reading task's thread, and the checkpointer's connections on its own thread.
/// One body at a time uses a handle.
final class SQLiteHandle: @unchecked Sendable {  // Used by one body at a time, under `Database`'s lock or pool.
    /// Statements SQLite had to parse and plan again on this connection after their first run: a statement whose plan
    /// SQLite ties to a bound value is planned again whenever that value changes, which undoes the cache above
    /// (`SQLiteStatementTests` keeps the case read and the daily cycle at none). Some are planned once more at their
    /// first run, with the values first bound; that happens once per connection and is not counted, so the count does
    /// not depend on which of the readers a run happened to use first.
    let replanned = Atomic<Int>(0)

    /// The writer's thread; nil for a reader or a checkpointer's connection.
    let thread: SQLiteThread?
    private var raw: OpaquePointer?
    private var statements: [String: Statement] = [:]
    /// The text of each multi-row insert run here, by its shape (see `insertSQL`).
    private var insertTexts: [InsertShape: String] = [:]

    private struct InsertShape: Hashable {
        let table: String
        let columns: [String]
        let rows: Int
        let suffix: String
    }
    /// Statements whose text is built from input (filters, IN lists of odd sizes) would otherwise grow the cache
    /// without bound.
    private static let cacheLimit = 512

    final class Statement {
        let handle: OpaquePointer
        /// The result's column names, shared by all its rows.
        let columns: [String]
        /// Whether it has run on this connection.
        var ran = false
        init(handle: OpaquePointer, columns: [String]) {
            self.handle = handle
            self.columns = columns
        }
    }

    init(path: String, thread name: String?) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "rc \(rc)"
            sqlite_nio_sqlite3_close(handle)
            throw SQLiteFailure(code: rc, message: "cannot open the SQLite database at \(path): \(message)")
        }
        self.raw = handle
        self.thread = name.map { SQLiteThread(name: $0) }
    }

    /// Runs one statement: binds `binds` to its `?` placeholders and hands each result row to `onRow`.
    func query(_ sql: String, _ binds: [SQLiteData], onRow: (SQLiteResultRow) throws -> Void) throws {
        try query(sql, binding: { binder in for value in binds { try binder.bind(value) } }, onRow: onRow)
    }

    /// Runs one statement whose values `binding` binds one placeholder at a time, in order, straight from the
    /// caller's own rows: a multi-row insert binds thousands of values, and gathering them in an array first cost
    /// the writer as much as binding them.
    func query(
        _ sql: String, binding: (inout SQLiteBinder) throws -> Void, onRow: (SQLiteResultRow) throws -> Void
    ) throws {
        try step(sql, binding: binding) { statement, columns in
            var values: [SQLiteData] = []
            values.reserveCapacity(columns.count)
            for c in columns.indices { values.append(Self.value(statement, Int32(c))) }
            try onRow(SQLiteResultRow(columns: columns, values: values))
        }
    }

    /// Runs one statement and hands it to `onRow` on each result row, to read the row's columns in place
    /// (`Columns`) with the column names.
    func step(
        _ sql: String, binding: (inout SQLiteBinder) throws -> Void,
        onRow: (OpaquePointer, [String]) throws -> Void
    ) throws {
        let statement = try prepared(sql)
        let h = statement.handle
        // Reset, but the bindings are not cleared: every call binds every placeholder again, and clearing them marks
        // a statement whose plan may depend on a bound value as expired, so it was parsed and planned again on every
        // use (the cycle's page read: 403 times for 100,000 cases, 3 now; `SQLITE_STMTSTATUS_REPREPARE`).
        defer {
            let again = sqlite_nio_sqlite3_stmt_status(h, SQLITE_STMTSTATUS_REPREPARE, 1)
            if again > 0, statement.ran { replanned.add(Int(again), ordering: .relaxed) }
            statement.ran = true
            sqlite_nio_sqlite3_reset(h)
        }
        var binder = SQLiteBinder(statement: h, handle: self)
        try binding(&binder)
        while true {
            let rc = sqlite_nio_sqlite3_step(h)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw failure(rc) }
            try onRow(h, statement.columns)
        }
    }

    /// `INSERT INTO table (columns) VALUES (?, …), … suffix` for `rows` rows, made once per shape: the daily cycle
    /// runs a few shapes tens of thousands of times, and joining 200 rows' placeholders each time was 3% of the
    /// writer's time.
    func insertSQL(into table: String, columns: [String], rows: Int, suffix: String) -> String {
        let shape = InsertShape(table: table, columns: columns, rows: rows, suffix: suffix)
        if let known = insertTexts[shape] { return known }
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let sql =
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: rows).joined(separator: ", ") + " " + suffix
        if insertTexts.count >= Self.cacheLimit { insertTexts.removeAll() }
        insertTexts[shape] = sql
        return sql
    }

    func close() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.handle) }
        statements.removeAll()
        if let raw { sqlite_nio_sqlite3_close_v2(raw) }
        raw = nil
        thread?.stop()
    }

    private func prepared(_ sql: String) throws -> Statement {
        if let statement = statements[sql] { return statement }
        guard let raw else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the SQLite connection is closed") }
        if statements.count >= Self.cacheLimit {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.handle) }
            statements.removeAll()
        }
        var handle: OpaquePointer?
        let rc = sqlite_nio_sqlite3_prepare_v3(raw, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard rc == SQLITE_OK else { throw failure(rc) }
        guard let handle else {
            // Only a comment or white space: nothing to run, but callers still expect a statement.
            throw SQLiteFailure(code: SQLITE_MISUSE, message: "empty SQL statement")
        }
        let count = sqlite_nio_sqlite3_column_count(handle)
        let names = (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(handle, $0)) }
        let statement = Statement(handle: handle, columns: names)
        statements[sql] = statement
        return statement
    }

    private static func value(_ h: OpaquePointer, _ c: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(h, c) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(h, c)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(h, c))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(h, c) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(h, c))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(h, c))
            guard let bytes = sqlite_nio_sqlite3_column_blob(h, c), count > 0 else { return .blob(ByteBuffer()) }
            return .blob(ByteBuffer(bytes: UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    fileprivate func check(_ rc: Int32) throws {
        guard rc == SQLITE_OK else { throw failure(rc) }
    }

    private func failure(_ rc: Int32) -> SQLiteFailure {
        let message = raw.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "unknown"
        return SQLiteFailure(code: rc, message: message)
    }
}

/// Binds a statement's `?` placeholders in order.
struct SQLiteBinder {
    fileprivate let statement: OpaquePointer
    fileprivate let handle: SQLiteHandle
    private var next: Int32 = 1

    fileprivate init(statement: OpaquePointer, handle: SQLiteHandle) {
        self.statement = statement
        self.handle = handle
    }

    mutating func bind(_ value: SQLiteData) throws {
        switch value {
        case .integer(let v): try bind(sqlite_nio_sqlite3_bind_int64(statement, next, Int64(v)))
        case .float(let v): try bind(sqlite_nio_sqlite3_bind_double(statement, next, v))
        case .null: try bind(sqlite_nio_sqlite3_bind_null(statement, next))
        case .text(let v): try bind(text: v)
        case .blob(let v):
            try bind(
                v.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(statement, next, $0.baseAddress, UInt64($0.count), transient)
                })
        }
    }

    /// Text is handed to SQLite from the string's own storage (SQLite copies it), not from a copy of the string.
    mutating func bind(text: String?) throws {
        guard let text else { return try bind(sqlite_nio_sqlite3_bind_null(statement, next)) }
        let (statement, next) = (statement, next)
        func bytes(_ buffer: UnsafeBufferPointer<UInt8>) -> Int32 {
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                return sqlite_nio_sqlite3_bind_text64(statement, next, "", 0, transient, UInt8(SQLITE_UTF8))
            }
            return sqlite_nio_sqlite3_bind_text64(
                statement, next, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), UInt64(buffer.count),
                transient, UInt8(SQLITE_UTF8))
        }
        if let rc = text.utf8.withContiguousStorageIfAvailable(bytes) { return try bind(rc) }
        var copy = text
        try bind(copy.withUTF8(bytes))
    }

    /// Text SQLite reads where it lies, without a copy of its own. The bytes must stay where they are until the
    /// statement has run, and the statement must not run again before every placeholder is bound afresh: `query`
    /// binds and steps within one call, and each call binds every placeholder.
    mutating func bind(staticText bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            return try bind(sqlite_nio_sqlite3_bind_text64(statement, next, "", 0, transient, UInt8(SQLITE_UTF8)))
        }
        try bind(
            sqlite_nio_sqlite3_bind_text64(
                statement, next, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), UInt64(bytes.count), nil,
                UInt8(SQLITE_UTF8)))
    }

    mutating func bind(int: Int64?) throws {
        guard let int else { return try bind(sqlite_nio_sqlite3_bind_null(statement, next)) }
        try bind(sqlite_nio_sqlite3_bind_int64(statement, next, int))
    }

    private mutating func bind(_ rc: Int32) throws {
        try handle.check(rc)
        next += 1
    }
}

/// `SQLITE_TRANSIENT`: SQLite copies the bound bytes before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// An error SQLite reported, with its result code and message (never bound values).
public struct SQLiteFailure: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public var description: String { "SQLite error \(code): \(message)" }
}
