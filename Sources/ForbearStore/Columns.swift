import ForbearCore
import Foundation
import SQLKit
import VaporCSQLite

/// One result row, read by column position. On SQLite the values are read where SQLite holds them, while the statement
/// stands on the row: no array of values and no string per text column is made first, and a date or a short code is
/// parsed from its bytes. Other databases' rows are read through SQLKit by the column's name.
///
/// The daily cycle reads a million cases' claims and ledger lines a day; making every value first, finding each by
/// its name and freeing them after took 5.5 s of its 38.5 s of CPU (perf, fourteenth sitting).
struct Columns {
    // One of the two, in plain stored properties: an enum holding them was copied, with its names retained and
    // released, on every value read (1.2 s of CPU on a million cases).
    /// SQLite's statement standing on the row.
    private let statement: OpaquePointer?
    /// Another database's row.
    private let row: (any SQLRow)?
    private let names: [String]

    init(statement: OpaquePointer, names: [String]) {
        self.statement = statement
        self.row = nil
        self.names = names
    }

    init(row: any SQLRow, names: [String]) {
        self.statement = nil
        self.row = row
        self.names = names
    }

    private func name(_ i: Int) -> String { i < names.count ? names[i] : "#\(i)" }

    /// The column's bytes as text, or nil when it is NULL (SQLite only).
    private func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard let h = statement else { return nil }
        let c = Int32(i)
        guard sqlite_nio_sqlite3_column_type(h, c) != SQLITE_NULL, let text = sqlite_nio_sqlite3_column_text(h, c)
        else { return nil }
        return try body(UnsafeBufferPointer(start: text, count: Int(sqlite_nio_sqlite3_column_bytes(h, c))))
    }

    func optText(_ i: Int) throws -> String? {
        guard let row else { return withBytes(i) { String(decoding: $0, as: UTF8.self) } }
        return try row.optString(name(i))
    }

    /// The column's text, taken from `memo` when it holds the same bytes: a value a column repeats (the case id over a
    /// case's lines, a legal basis over a page) is made once.
    func optText(_ i: Int, reusing memo: inout TextMemo) throws -> String? {
        guard let row else { return withBytes(i) { memo.text($0) } }
        return try row.optString(name(i))
    }

    /// The page position of the case the column's id names (`PageIndex`), nil for another case's row or NULL.
    func position(_ i: Int, in page: inout PageIndex) throws -> Int? {
        guard let row else { return withBytes(i) { page.position($0) } ?? nil }
        return try row.optString(name(i)).flatMap { page.position($0) }
    }

    func optInt(_ i: Int) throws -> Int64? {
        guard let h = statement else { return try row?.optInt(name(i)) }
        switch sqlite_nio_sqlite3_column_type(h, Int32(i)) {
        case SQLITE_NULL: return nil
        case SQLITE_INTEGER: return sqlite_nio_sqlite3_column_int64(h, Int32(i))
        default:
            let text = try optText(i) ?? ""
            return try Int64(text).orThrow(StoreError.invalid("column \(name(i)) holds \"\(text)\", not a number"))
        }
    }

    func optDate(_ i: Int) throws -> LocalDate? {
        if let row { return try row.optDate(name(i)) }
        guard let parsed = withBytes(i, { LocalDate(isoBytes: $0) }) else { return nil }
        guard let date = parsed else {
            throw StoreError.invalid("column \(name(i)) holds \"\(try optText(i) ?? "")\", not a date")
        }
        return date
    }

    func text(_ i: Int) throws -> String { try optText(i).orThrow(empty(i)) }
    func text(_ i: Int, reusing memo: inout TextMemo) throws -> String {
        try optText(i, reusing: &memo).orThrow(empty(i))
    }
    func int(_ i: Int) throws -> Int64 { try optInt(i).orThrow(empty(i)) }
    func date(_ i: Int) throws -> LocalDate { try optDate(i).orThrow(empty(i)) }

    func enumValue<E: RawRepresentable>(_ i: Int, _: E.Type) throws -> E where E.RawValue == String {
        let text = try text(i)
        return try E(rawValue: text).orThrow(StoreError.invalid("column \(name(i)) holds unknown value \"\(text)\""))
    }

    /// The column's code as a value, matched from its bytes in `memo` (SQLite); a NULL, an unknown code or another
    /// database's row is read as `enumValue(_:_:)` reads it, with its error.
    func enumValue<E: RawRepresentable>(_ i: Int, reusing memo: inout CodeMemo<E>) throws -> E
    where E.RawValue == String {
        if row == nil, let value = withBytes(i, { memo.value($0) }) ?? nil { return value }
        return try enumValue(i, E.self)
    }

    func money(_ i: Int, currency: Currency) throws -> Money { Money(minorUnits: try int(i), currency: currency) }

    private func empty(_ i: Int) -> StoreError { StoreError.invalid("column \(name(i)) is empty") }
}

/// The last few distinct strings a column held, to hand out again when the same bytes come back.
struct TextMemo {
    private var recent: [String] = []
    private var next = 0
    /// Enough for a column that alternates between a few values; each miss compares against all of them.
    private static let size = 4

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Up to 15 bytes a string is held in place, without memory of its own: nothing to save.
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        for s in recent where s.utf8.count == bytes.count {
            var s = s
            if s.withUTF8({ Explanations.same(UnsafeRawBufferPointer($0), UnsafeRawBufferPointer(bytes)) }) {
                return s
            }
        }
        let made = String(decoding: bytes, as: UTF8.self)
        if recent.count < Self.size {
            recent.append(made)
        } else {
            recent[next] = made
            next = (next + 1) % Self.size
        }
        return made
    }
}

/// The codes a column held (a currency, a country, a ledger line's kind) and the values they name. Each code made into a
/// string and switched over cost the preparing threads 2 s of CPU on a million cases (perf), several codes a case. A code is kept only once it is known to name a value, so at most
/// one entry a value.
struct CodeMemo<E: RawRepresentable> where E.RawValue == String {
    private var codes: [Code] = []
    private var values: [E] = []

    /// Up to 16 bytes of a code, and its length.
    private struct Code: Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var count = 0

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count <= 16 else { return nil }
            count = bytes.count
            for (i, b) in bytes.enumerated() {
                if i < 8 { low |= UInt64(b) << (8 * i) } else { high |= UInt64(b) << (8 * (i - 8)) }
            }
        }
    }

    /// The value the code in `bytes` names, or nil when it names none.
    mutating func value(_ bytes: UnsafeBufferPointer<UInt8>) -> E? {
        guard let code = Code(bytes) else { return E(rawValue: String(decoding: bytes, as: UTF8.self)) }
        if let k = codes.firstIndex(of: code) { return values[k] }
        guard let value = E(rawValue: String(decoding: bytes, as: UTF8.self)) else { return nil }
        codes.append(code)
        values.append(value)
        return value
    }
}

extension SQLDatabase {
    /// Runs `query` and hands each result row to `body`, to be read by position.
    func eachRow(_ query: SQLQueryString, _ body: (Columns) throws -> Void) async throws {
        if let session = self as? SQLiteSession { return try session.readEach(query, body) }
        var names: [String]?
        for row in try await raw(query).all() {
            if names == nil { names = row.allColumns }
            try body(Columns(row: row, names: names ?? []))
        }
    }

    /// The rows of `query`, each made by `make` from its columns.
    func rows<T>(_ query: SQLQueryString, _ make: (Columns) throws -> T) async throws -> [T] {
        var made: [T] = []
        try await eachRow(query) { made.append(try make($0)) }
        return made
    }
}
