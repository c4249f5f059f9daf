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

    @Test func risingIdsOfCloseNumbersAreOneRange() async throws {
        let page = [record("a1", 10), record("a2", 11), record("a5", 14), record("a6", 15)]
        #expect(try await condition(page, .sqlite).contains("BETWEEN"))
    }

    @Test func idsOutOfNumberOrderAreListed() async throws {
        let page = [record("a1", 10), record("a0", 11), record("a5", 12)]
        #expect(try await condition(page, .sqlite).contains(" IN "))
    }

    @Test func aPageSpreadOverManyOtherCasesIsListed() async throws {
        // Four open cases among 40 numbers: a range would read the rows of the 36 others.
        let page = [record("a1", 1), record("a2", 10), record("a3", 20), record("a4", 40)]
        #expect(try await condition(page, .sqlite).contains(" IN "))
    }

    @Test func postgreSQLAlwaysLists() async throws {
        guard TestDatabases.postgresURL != nil else { return }
        let page = [record("a1", 10), record("a2", 11)]
        #expect(try await condition(page, .postgres).contains(" IN "))
    }
}
