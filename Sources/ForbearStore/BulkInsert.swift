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

/// Rows for a multi-row insert, kept flat: every value a plain cell, and the bytes of all the text in one buffer.
/// Bound from rows of `SQLValue`, the writer retained and released each value's string (1.8 s of its 15.4 s in an
/// import of a million rows, perf) and SQLite copied its bytes; these cells hold no references, and SQLite reads the
/// text where it lies.
struct InsertRows: Sendable {
    enum Cell: Sendable {
        case int(Int64?)
        /// Where the value's bytes are in `text`.
        case text(start: Int32, count: Int32)
        case noText
    }

    let width: Int
    private(set) var cells: [Cell] = []
    private(set) var text: [UInt8] = []

    init(columns: Int, reserving rows: Int = 0) {
        width = columns
        cells.reserveCapacity(rows * columns)
    }

    init(_ rows: [[SQLValue]], columns: Int) {
        self.init(columns: columns, reserving: rows.count)
        for row in rows { append(row) }
    }

    var count: Int { cells.count / width }

    mutating func append(_ row: [SQLValue]) {
        precondition(row.count == width, "a row of \(row.count) values for \(width) columns")
        for value in row {
            switch value {
            case .int(let i): append(int: i)
            case .text(let s): append(text: s)
            }
        }
    }

    /// The next value of the row being appended; a row is complete once `width` values are appended.
    mutating func append(int: Int64?) { cells.append(.int(int)) }

    mutating func append(text s: String?) {
        guard var s else { return cells.append(.noText) }
        // From the string's storage in one copy; appended as a sequence, it went a byte at a time.
        if s.utf8.withContiguousStorageIfAvailable({ append(utf8: $0) }) == nil { s.withUTF8 { append(utf8: $0) } }
    }

    /// Text given as its UTF-8 bytes (JSON written straight into bytes, never made a string).
    mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        let start = text.count
        text.append(contentsOf: bytes)
        precondition(text.count <= Int32.max, "more than 2 GB of text in one insert")
        cells.append(.text(start: Int32(start), count: Int32(bytes.count)))
    }

    mutating func append(utf8 bytes: [UInt8]) { bytes.withUnsafeBufferPointer { append(utf8: $0) } }

    /// Row `r`'s values, as they were appended.
    func row(_ r: Int) -> [SQLValue] {
        cells[r * width..<(r + 1) * width].map { cell in
            switch cell {
            case .int(let i): .int(i)
            case .text(let at, let n): .text(String(decoding: text[Int(at)..<Int(at + n)], as: UTF8.self))
            case .noText: .text(nil)
            }
        }
    }
}

/// Inserts many rows with one statement per `chunk` rows: the difference between one round trip per row and one
/// per few hundred.
func bulkInsert(
    into table: String, columns: [String], rows: [[SQLValue]], suffix: String = "", chunk: Int = 200,
    db: any SQLDatabase
) async throws {
    try await bulkInsert(
        into: table, columns: columns, rows: InsertRows(rows, columns: columns.count), suffix: suffix, chunk: chunk,
        db: db)
}

func bulkInsert(
    into table: String, columns: [String], rows: InsertRows, suffix: String = "", chunk: Int = 200,
    db: any SQLDatabase
) async throws {
    precondition(rows.width == columns.count, "rows of \(rows.width) values for \(columns.count) columns")
    precondition(rows.cells.count % rows.width == 0, "a row left unfinished")
    var start = 0
    while start < rows.count {
        var size = min(rows.count - start, chunk)
        // SQLite keeps each statement prepared, keyed by its text: the rows after the last full chunk go in
        // power-of-two pieces, so any count needs only a handful of statement shapes per table.
        if db is SQLiteSession, size < chunk { size = 1 << (Int.bitWidth - 1 - size.leadingZeroBitCount) }
        if let lite = db as? SQLiteSession {
            let cells = start * rows.width..<(start + size) * rows.width
            try await lite.insert(into: table, columns: columns, rows: rows, cells: cells, suffix: suffix)
        } else {
            // Table and column names are constants of the store, never input.
            var q = SQLQueryString(
                "INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columns.joined(separator: ", "))) VALUES ")
            for r in start..<start + size {
                q.appendLiteral(r == start ? "(" : ", (")
                for (c, value) in rows.row(r).enumerated() {
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
    /// One multi-row INSERT with `?` placeholders, its values bound straight from the rows' cells, the text where it
    /// lies in the rows' buffer.
    func insert(into table: String, columns: [String], rows: InsertRows, cells: Range<Int>, suffix: String) async throws
    {
        let sql = handle.insertSQL(into: table, columns: columns, rows: cells.count / columns.count, suffix: suffix)
        try rows.text.withUnsafeBufferPointer { text in
            try rows.cells.withUnsafeBufferPointer { all in
                try handle.query(
                    sql,
                    binding: { binder in
                        for i in cells {
                            switch all[i] {
                            case .int(let v): try binder.bind(int: v)
                            case .text(let at, let n):
                                try binder.bind(staticText: UnsafeBufferPointer(rebasing: text[Int(at)..<Int(at + n)]))
                            case .noText: try binder.bind(text: nil)
                            }
                        }
                    }, onRow: { _ in })
            }
        }
    }
}
