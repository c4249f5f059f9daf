import ForbearCore
import ForbearTestSupport
import SQLKit
import Testing

@testable import ForbearStore

/// A row read in place by position (SQLite) holds what the same row read by its columns' names holds.
@Suite struct ColumnsTests {
    struct Read: Equatable, Sendable {
        var text: String
        var absent: String?
        var int: Int64
        var absentInt: Int64?
        var date: LocalDate
        var absentDate: LocalDate?
        var currency: Currency
        var long: [String]
    }

    static let query: SQLQueryString = """
        SELECT CAST('Réglement' AS TEXT) AS t, CAST(NULL AS TEXT) AS n, CAST(42 AS BIGINT) AS i,
        CAST(NULL AS BIGINT) AS ni, CAST('2026-11-25' AS TEXT) AS d, CAST(NULL AS TEXT) AS nd, CAST('DKK' AS TEXT) AS e,
        CAST('Elektricitetsregning for oktober' AS TEXT) AS long
        """

    static func read(_ c: Columns, memo: inout TextMemo) throws -> Read {
        var currencies = CodeMemo<Currency>()
        let byCode = try c.enumValue(6, reusing: &currencies)
        #expect(try c.enumValue(6, reusing: &currencies) == byCode)
        #expect(byCode == (try c.enumValue(6, Currency.self)))
        return Read(
            text: try c.text(0), absent: try c.optText(1), int: try c.int(2), absentInt: try c.optInt(3),
            date: try c.date(4), absentDate: try c.optDate(5), currency: byCode,
            long: [try c.text(7, reusing: &memo), try c.text(7, reusing: &memo)])
    }

    @Test(arguments: TestDatabases.dialects)
    func aRowReadInPlaceHoldsWhatItHoldsReadByName(dialect: Database.Dialect) async throws {
        let db = try await TestDatabases.make(dialect)
        try await closing(db, ()) {
            // when one row is read by position (in place on SQLite) and by its columns' names
            let (inPlace, byName) = try await db.read { sql in
                var memo = TextMemo()
                let inPlace = try await sql.rows(Self.query) { try Self.read($0, memo: &memo) }
                let rows = try await sql.raw(Self.query).all()
                let byName = try rows.map { try Self.read(Columns(row: $0, names: $0.allColumns), memo: &memo) }
                return (inPlace, byName)
            }
            // then both hold the values written, NULLs as nil
            let expected = Read(
                text: "Réglement", absent: nil, int: 42, absentInt: nil, date: LocalDate(iso: "2026-11-25")!,
                absentDate: nil, currency: .DKK,
                long: ["Elektricitetsregning for oktober", "Elektricitetsregning for oktober"])
            #expect(inPlace == [expected])
            #expect(byName == [expected])
        }
    }

    @Test(arguments: TestDatabases.dialects)
    func aValueThatIsNotWhatTheColumnHoldsIsAnErrorNamingTheColumn(dialect: Database.Dialect) async throws {
        let db = try await TestDatabases.make(dialect)
        try await closing(db, ()) {
            var reads: [(String, @Sendable (Columns) throws -> Void)] = [
                ("due_date", { (c: Columns) in _ = try c.date(0) }),
                ("due_date", { (c: Columns) in _ = try c.enumValue(0, Currency.self) }),
                (
                    "due_date",
                    { (c: Columns) in
                        var memo = CodeMemo<Currency>()
                        _ = try c.enumValue(0, reusing: &memo)
                    }
                ),
                (
                    "missing",
                    { (c: Columns) in
                        var memo = CodeMemo<Currency>()
                        _ = try c.enumValue(1, reusing: &memo)
                    }
                ),
                ("missing", { (c: Columns) in _ = try c.text(1) }),
            ]
            // (PostgreSQL's driver refuses to read a text column as a number before Forbear sees the value.)
            if dialect == .sqlite { reads.append(("due_date", { (c: Columns) in _ = try c.int(0) })) }
            for (column, read) in reads {
                let message = try await db.read { sql -> String in
                    do {
                        try await sql.eachRow(
                            "SELECT CAST('2026-02-30' AS TEXT) AS due_date, CAST(NULL AS TEXT) AS missing", read)
                        return "no error"
                    } catch let error as StoreError {
                        return "\(error)"
                    }
                }
                #expect(message.contains(column), "\(message)")
            }
        }
    }

    @Test func aRepeatedLongTextIsFoundAgainAndOthersAreTheirOwn() {
        var memo = TextMemo()
        let long = Array("Elektricitetsregning for oktober".utf8)
        let first = long.withUnsafeBufferPointer { memo.text($0) }
        let again = long.withUnsafeBufferPointer { memo.text($0) }
        #expect(first == again)
        // other long texts in between, fewer than the memo keeps, leave it found
        for other in ["Dental treatment for September", "Water bill, third quarter 2026"] {
            _ = Array(other.utf8).withUnsafeBufferPointer { memo.text($0) }
        }
        #expect(long.withUnsafeBufferPointer { memo.text($0) } == "Elektricitetsregning for oktober")
        // a text that starts like a kept one is its own
        let longer = Array("Elektricitetsregning for oktober 2026".utf8)
        #expect(longer.withUnsafeBufferPointer { memo.text($0) } == "Elektricitetsregning for oktober 2026")
        #expect(Array("DKK".utf8).withUnsafeBufferPointer { memo.text($0) } == "DKK")
    }

    /// Every code of the ledger's and the letters' enums, read from its bytes in turn and again in another order, names
    /// the value its text names; codes over 8 bytes, codes that one of them starts with or that start with one, and
    /// unknown codes name none.
    @Test func aCodeNamesTheValueItsTextNamesAndNoOther() {
        func read<E: RawRepresentable>(_ code: String, _ memo: inout CodeMemo<E>) -> E? {
            Array(code.utf8).withUnsafeBufferPointer { memo.value($0) }
        }
        var kinds = CodeMemo<LedgerEntry.Kind>()
        var components = CodeMemo<Component>()
        var currencies = CodeMemo<Currency>()
        for round in 0..<2 {
            for kind in ["charge", "allocation", "adjustment", "writeOff"].shuffled() {
                #expect(read(kind, &kinds) == LedgerEntry.Kind(rawValue: kind), "round \(round)")
            }
            for component in Component.allCases.shuffled() {
                #expect(read(component.rawValue, &components) == component, "round \(round)")
            }
            for currency in Currency.allCases.shuffled() {
                #expect(read(currency.rawValue, &currencies) == currency, "round \(round)")
            }
            for unknown in ["", "fe", "feex", "allocations", "allocatio", "EURO", "eur", "planFeeplanFeeplanFee"] {
                #expect(read(unknown, &components) == nil && read(unknown, &kinds) == nil, "\(unknown)")
                #expect(read(unknown, &currencies) == nil, "\(unknown)")
            }
        }
        // codes alike in their first 8 or 16 bytes are each their own
        var alike = CodeMemo<Alike>()
        for round in 0..<2 {
            for code in Alike.allCases { #expect(read(code.rawValue, &alike) == code, "round \(round)") }
        }
        #expect(read("statementC", &alike) == nil && read("statement", &alike) == nil)
    }

    enum Alike: String, CaseIterable {
        case a = "statementA", b = "statementB", c = "statementsOfMonthA", d = "statementsOfMonthB"
    }
}
