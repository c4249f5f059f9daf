import SQLKit

/// A value for a multi-row insert: always bound with a concrete type, so both drivers encode it natively.
enum SQLValue: Sendable {
    case text(String?)
    case int(Int64?)
}

/// Inserts many rows with one statement per `chunk` rows: the difference between one round trip per row and one
/// per few hundred.
func bulkInsert(
    into table: String, columns: [String], rows: [[SQLValue]], suffix: String = "", chunk: Int = 200,
    db: any SQLDatabase
) async throws {
    var start = 0
    while start < rows.count {
        let slice = rows[start..<min(rows.count, start + chunk)]
        var q = SQLQueryString("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ")
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
        start += chunk
    }
}
