import SQLKit
import SQLiteNIO

/// A value for a multi-row insert: always bound with a concrete type, so both drivers encode it natively.
enum SQLValue: Sendable {
    case text(String?)
    case int(Int64?)

    /// For putting rows in key order before inserting them.
    var key: String {
        if case .text(let s) = self { return s ?? "" }
        return ""
    }
    var number: Int64 {
        if case .int(let i) = self { return i ?? 0 }
        return 0
    }
}

/// Inserts many rows with one statement per `chunk` rows: the difference between one round trip per row and one
/// per few hundred.
func bulkInsert(
    into table: String, columns: [String], rows: [[SQLValue]], suffix: String = "", chunk: Int = 200,
    db: any SQLDatabase
) async throws {
    var start = 0
    while start < rows.count {
        var size = min(rows.count - start, chunk)
        // SQLite keeps each statement prepared, keyed by its text: the rows after the last full chunk go in
        // power-of-two pieces, so any count needs only a handful of statement shapes per table.
        if db is SQLiteSession, size < chunk { size = 1 << (Int.bitWidth - 1 - size.leadingZeroBitCount) }
        let slice = rows[start..<start + size]
        if let lite = db as? SQLiteSession {
            try await lite.insert(into: table, columns: columns, rows: slice, suffix: suffix)
        } else {
            // Table and column names are constants of the store, never input.
            var q = SQLQueryString(
                "INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columns.joined(separator: ", "))) VALUES ")
            for (r, row) in slice.enumerated() {
                q.appendLiteral(r == 0 ? "(" : ", (")
                for (c, value) in row.enumerated() {
                    if c > 0 { q.appendLiteral(", ") }
                    switch value {
                    case .text(let s): q.appendInterpolation(bind: s)
                    case .int(let i): q.appendInterpolation(bind: i)
                    }
                }
                q.appendLiteral(")")
            }
            if !suffix.isEmpty { q.appendLiteral(" " + suffix) }
            try await db.raw(q).run()
        }
        start += size
    }
}

extension SQLiteSession {
    /// One multi-row INSERT with `?` placeholders, its values bound straight from the `SQLValue` rows.
    func insert(into table: String, columns: [String], rows: ArraySlice<[SQLValue]>, suffix: String) async throws {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let sql =
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: rows.count).joined(separator: ", ") + " " + suffix
        try handle.query(
            sql,
            binding: { binder in
                for row in rows {
                    for value in row {
                        switch value {
                        case .text(let s): try binder.bind(text: s)
                        case .int(let i): try binder.bind(int: i)
                        }
                    }
                }
            }, onRow: { _ in })
    }
}
