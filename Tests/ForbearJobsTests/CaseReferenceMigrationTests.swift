import ForbearCore
import ForbearStore
import ForbearTestSupport
import Foundation
import SQLKit
import Testing

/// Migration 15: a payment reference is found by the case number it was made from, and loses its own unique index
/// (on SQLite the case table is rebuilt without it, foreign keys off). Cases imported before must be found as before,
/// by the portal, the search box and a bank file, and the store's foreign keys must hold again afterwards.
@Suite struct CaseReferenceMigrationTests {
    let packs = try! RulePackLibrary.bundled()
    let day = LocalDate(iso: "2026-06-01")!

    @Test(arguments: TestDatabases.dialects)
    func casesImportedBeforeAreFoundByTheirReferencesAfterwards(dialect: Database.Dialect) async throws {
        let db = try await TestDatabases.make(dialect, migratedThrough: 14)
        try await closing(db, db) { db in try await migrateAndFind(db) }
    }

    func migrateAndFind(_ db: Database) async throws {
        // given cases imported before the migration
        let imported = try await importDemoPortfolio(
            customers: 60, seed: 15, today: day, creditor: "References", into: db, packs: packs)
        #expect(imported.rejected == 0)
        let before = try await cases(db)
        #expect(before.count == 60)
        // when the database is migrated
        #expect(try await Migrator.migrate(db) == Array(15...Migrator.latestVersion))
        // then every case is still there, and found by its reference, printed or not
        #expect(try await cases(db) == before)
        let portal = PortalStore(database: db, cipher: try FieldCipher(base64Key: FieldCipher.generateKey()))
        let search = QueueQueries(database: db)
        for c in before {
            let reference = try #require(PaymentReference(parsing: c.reference))
            #expect(try await portal.identity(paymentReference: c.reference)?.caseId == c.id)
            #expect(try await search.find(reference.printed) == c.id)
        }
        // and a reference of the right shape whose check digits belong to another form names no case
        let first = try #require(before.first)
        let other: PaymentReference =
            first.reference.hasPrefix("RF")
            ? .finnish(FinnishReference(base: String(first.number + 1_000))!)
            : .rf(RFReference(base: String(first.number + 1_000))!)
        #expect(other.caseNumber == first.number)
        #expect(try await portal.identity(paymentReference: other.value) == nil)
        #expect(try await search.find(other.value) == nil)
        // and the foreign keys hold again: a claim for a case that does not exist is refused
        await #expect(throws: (any Error).self) {
            try await db.transaction { sql in
                try await sql.raw(
                    """
                    INSERT INTO claims (id, case_id, creditor_id, claim_ref, description, due_date, currency)
                    SELECT 'orphan', 'no-such-case', creditor_id, 'X-1', 'x', '2026-01-01', 'EUR' FROM cases LIMIT 1
                    """
                ).run()
            }
        }
    }

    struct Case: Equatable {
        var id: String
        var number: Int64
        var reference: String
        var customer: String
    }

    func cases(_ db: Database) async throws -> [Case] {
        try await db.read { sql in
            try await sql.raw("SELECT id, number, payment_reference, customer_id FROM cases ORDER BY number").all().map
            {
                Case(
                    id: try $0.decode(column: "id", as: String.self),
                    number: try $0.decode(column: "number", as: Int64.self),
                    reference: try $0.decode(column: "payment_reference", as: String.self),
                    customer: try $0.decode(column: "customer_id", as: String.self))
            }
        }
    }
}
