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
}
