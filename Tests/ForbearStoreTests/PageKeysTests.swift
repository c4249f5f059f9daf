import ForbearCore
import ForbearTestSupport
import SQLKit
import Testing

@testable import ForbearStore

/// When a page of cases is read as one key range and when its ids are listed.
@Suite struct PageKeysTests {
    func record(_ id: String, _ number: Int64) -> CaseRecord {
        CaseRecord(
            id: id, number: number, creditorId: "cr", customerId: "cu-\(id)", country: .FI, currency: .EUR,
            paymentReference: "", status: "open", sector: nil, handleWithCare: false, closedOn: nil, stoppedOn: nil,
            referredOn: nil)
    }

    /// The SQL `pageKeys` writes for `records`' ids on `dialect`.
    func condition(_ records: [CaseRecord], _ dialect: Database.Dialect) async throws -> String {
        let db = try await TestDatabases.make(dialect)
        var text = ""
        try await closing(db, ()) {
            text = try await db.read { sql in
                var serializer = SQLSerializer(database: sql)
                CaseStore.pageKeys("case_id", records.map(\.id), records: records, db: sql).serialize(to: &serializer)
                return serializer.sql
            }
        }
        return text
    }

    /// `count` cases with rising ids, numbered from 10 with `gap` numbers between them.
    func page(_ count: Int, gap: Int64 = 0) -> [CaseRecord] {
        (0..<count).map { record("a" + String(1000 + $0), 10 + Int64($0) * (gap + 1)) }
    }

    @Test func risingIdsOfCloseNumbersAreOneRange() async throws {
        #expect(try await condition(page(40), .sqlite).contains("BETWEEN"))
        // some cases between them closed or decided already
        #expect(try await condition(page(40, gap: 0) + [record("a2000", 80)], .sqlite).contains("BETWEEN"))
    }

    @Test func idsOutOfNumberOrderAreListed() async throws {
        var records = page(40)
        records.swapAt(3, 4)
        records[3].number = 13
        records[4].number = 14
        #expect(try await condition(records, .sqlite).contains(" IN "))
    }

    @Test func aPageSpreadOverManyOtherCasesIsListed() async throws {
        // Forty open cases among 400 numbers: a range would read the rows of the 360 others.
        #expect(try await condition(page(40, gap: 9), .sqlite).contains(" IN "))
    }

    @Test func oneCaseIsARangeOfOneKey() async throws {
        #expect(try await condition(page(1), .sqlite).contains("BETWEEN"))
    }

    @Test func postgreSQLAlwaysLists() async throws {
        guard TestDatabases.postgresURL != nil else { return }
        #expect(try await condition(page(40), .postgres).contains(" IN "))
    }

    /// Ids compare by their bytes as SQLite's BINARY collation does: random short and long strings, prefixes of each
    /// other, non-ASCII text (whose byte order is not `String`'s order), equal strings and empty ones.
    @Test func idsCompareByTheirBytes() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("0a9zZ_|éÅ€😀\u{0}")
        func text() -> String {
            String((0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        }
        for _ in 0..<2000 {
            let a = text()
            let b = Bool.random(using: &rng) ? a + text() : text()
            for (x, y) in [(a, b), (b, a), (a, a)] {
                #expect(PageIndex.precedes(x, y) == x.utf8.lexicographicallyPrecedes(y.utf8), "\(x) \(y)")
            }
        }
        // "e" followed by a combining accent and "é" are equal Strings, but not the same bytes
        #expect(PageIndex.precedes("e\u{301}", "\u{E9}") && !PageIndex.precedes("\u{E9}", "e\u{301}"))
    }
}
