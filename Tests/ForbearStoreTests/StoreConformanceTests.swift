import ForbearCore
import ForbearStore
import ForbearTestSupport
import Foundation
import Testing

/// One suite, every dialect: a SQLite file always, PostgreSQL when FORBEAR_TEST_POSTGRES_URL is set.
@Suite struct StoreConformanceTests {
    func with(_ dialect: Database.Dialect, _ body: (Database) async throws -> Void) async throws {
        let db = try await TestDatabases.make(dialect)
        try await closing(db, db, body)
    }

    func row(
        _ n: Int, country: Country = .FI, customer: String? = nil, principal: String = "500.00",
        due: String = "2025-03-03"
    ) -> PortfolioRow {
        let currency: Currency = country == .DK ? .DKK : country == .GB ? .GBP : .EUR
        return PortfolioRow(
            line: n + 1, claimRef: "C\(n)", customerRef: customer ?? "P\(n)", firstName: "Aino", lastName: "Virtanen",
            addressLine1: "Kauppakatu 1", postcode: "00100", city: "Helsinki", country: country, language: .fi,
            principal: try! Money.parse(principal, currency: currency), dueDate: LocalDate(iso: due)!,
            description: "Electricity bill", phone: "+358 40 1234567", interestBasisPoints: 800)
    }

    @Test(arguments: TestDatabases.dialects)
    func migrationsRollForwardOnceAndRecordTheirVersion(dialect: Database.Dialect) async throws {
        try await with(dialect) { (db: Database) async throws in
            #expect(try await Migrator.migrate(db).isEmpty, "already migrated by make(); nothing to apply twice")
            #expect(try await CaseQueries(database: db).count(table: "schema_migrations") == Migrator.latestVersion)
        }
    }

    @Test(arguments: TestDatabases.dialects)
    func portfolioRowsAreWrittenOnceAndCasesGroupAClaimsCustomer(dialect: Database.Dialect) async throws {
        try await with(dialect) { (db: Database) async throws in
            let writer = PortfolioWriter(database: db)
            let creditor = try await writer.creditorId(named: "Northwind")
            #expect(try await writer.creditorId(named: "Northwind") == creditor)
            let rows = [row(1), row(2, customer: "P1"), row(3, country: .NL)]
            let first = try await writer.write(rows, creditorId: creditor, importId: "a")
            #expect(first == [.imported, .imported, .imported])
            let again = try await writer.write([row(1)], creditorId: creditor, importId: "a")
            #expect(again == [.duplicateInFile])
            let otherImport = try await writer.write(rows, creditorId: creditor, importId: "b")
            #expect(otherImport == [.alreadyPresent, .alreadyPresent, .alreadyPresent])
            var conflicting = row(4, country: .DK, customer: "P1")
            conflicting.principal = try Money.parse("10.00", currency: .DKK)
            #expect(
                try await writer.write([conflicting], creditorId: creditor, importId: "b").first
                    == .conflict(
                        column: "country", reason: "customer P1 is already in FI; one customer has one country"))
            let q = CaseQueries(database: db)
            #expect(try await q.count(table: "cases") == 2)
            #expect(try await q.count(table: "claims") == 3)
            let list = try await q.list(creditorId: creditor, after: 0, limit: 10)
            #expect(list.map(\.balance.decimalString) == ["1000.00", "500.00"])
            #expect(PaymentReference(parsing: list[0].record.paymentReference) != nil, "a valid reference per case")
            #expect(list[0].record.paymentReference == "10016", "FI case 1 gets the Finnish reference of base 1001")
            #expect(list[1].record.paymentReference.hasPrefix("RF"))
        }
    }

    @Test(arguments: TestDatabases.dialects)
    func aDayIsSavedExactlyOnceAndTheSnapshotRoundTrips(dialect: Database.Dialect) async throws {
        try await with(dialect) { (db: Database) async throws in
            let writer = PortfolioWriter(database: db)
            let creditor = try await writer.creditorId(named: "Northwind")
            _ = try await writer.write([row(1)], creditorId: creditor, importId: "a")
            let store = CaseStore(database: db)
            let day = LocalDate(iso: "2025-03-04")!
            let page = try await store.openCasesToDecide(on: day, after: 0, limit: 10)
            #expect(page.count == 1)
            let pack = try RulePackLibrary.bundled().latest(for: .FI)!
            let decisions = StrategyEngine().decide(page[0].snapshot, on: day, pack: pack)
            var after = page[0].snapshot
            try after.apply(decisions, on: day)
            let result = CaseStore.DayResult(loaded: page[0], after: after, decisions: decisions)
            #expect(try await store.saveDay([result], on: day) == [page[0].record.id])
            #expect(try await store.saveDay([result], on: day).isEmpty, "a second save of the same day writes nothing")
            #expect(try await store.openCasesToDecide(on: day, after: 0, limit: 10).isEmpty)
            // what was stored reads back as the same snapshot the engine produced
            let reloaded = try await store.load(caseId: page[0].record.id)!
            #expect(reloaded.snapshot.ledger.entries == after.ledger.entries)
            #expect(reloaded.snapshot.steps == after.steps)
            #expect(reloaded.snapshot.contact.history == after.contact.history)
            let q = CaseQueries(database: db)
            #expect(try await q.count(table: "communications") == 1)
            let detail = try await q.detail(caseId: page[0].record.id, creditorId: creditor)!
            #expect(detail.decisions.map(\.action.name) == decisions.map(\.action.name))
            #expect(detail.decisions[0].reasons == decisions[0].reasons)
            #expect(try await q.detail(caseId: page[0].record.id, creditorId: "someone-else") == nil)
        }
    }

    @Test(arguments: TestDatabases.dialects)
    func holdsPaymentsAndAccess(dialect: Database.Dialect) async throws {
        try await with(dialect) { (db: Database) async throws in
            let writer = PortfolioWriter(database: db)
            let creditor = try await writer.creditorId(named: "Northwind")
            _ = try await writer.write([row(1)], creditorId: creditor, importId: "a")
            let caseId = try await CaseQueries(database: db).list(creditorId: nil, after: 0, limit: 1)[0].record.id
            let holds = HoldStore(database: db)
            try await holds.start(
                Hold(id: "h1", kind: .breathingSpace, start: LocalDate(iso: "2025-04-01")!, reason: "adviser"),
                caseId: caseId)
            await #expect(throws: HoldRefusal.self) {
                try await holds.start(
                    Hold(id: "h2", kind: .breathingSpace, start: LocalDate(iso: "2025-09-01")!, reason: "again"),
                    caseId: caseId)
            }
            #expect(try await holds.lift(holdId: "h1", caseId: caseId, on: LocalDate(iso: "2025-04-10")!))
            #expect(try await !holds.lift(holdId: "nope", caseId: caseId, on: LocalDate(iso: "2025-04-10")!))
            #expect(try await holds.holds(caseId: caseId).first?.liftedOn == LocalDate(iso: "2025-04-10"))

            let payment = Payment(
                id: "bank-1", date: LocalDate(iso: "2025-04-02")!, amount: try Money.parse("600.00", currency: .EUR))
            let record = try await LedgerStore.bookPayment(
                payment, caseId: caseId, order: [.fee, .planFee, .interest, .principal], database: db)
            #expect(record.credit == (try Money.parse("100.00", currency: .EUR)))
            await #expect(throws: StoreError.conflict("payment bank-1 is already booked")) {
                try await LedgerStore.bookPayment(payment, caseId: caseId, order: [.principal], database: db)
            }
            let loaded = try await CaseStore(database: db).load(caseId: caseId)!
            #expect(loaded.snapshot.ledger.totalBalance.isZero && loaded.snapshot.ledger.credit.minorUnits == 10_000)

            let access = AccessStore(database: db)
            let token = try await access.createToken(role: .creditor, creditorId: creditor)
            #expect(try await access.identity(token: token)?.creditorId == creditor)
            #expect(try await access.identity(token: token + "x") == nil)
            await #expect(throws: StoreError.self) { try await access.createToken(role: .creditor, creditorId: nil) }
            _ = try await access.createUser(username: "ann", passwordHash: "$2b$hash", role: .agent)
            await #expect(throws: StoreError.conflict("a user called ann already exists")) {
                try await access.createUser(username: "ann", passwordHash: "x", role: .admin)
            }
            try await access.audit(
                actor: "token:1", action: "case.read", subjectType: "case", subjectId: caseId, purpose: "api")
            #expect(try await access.auditEvents(subjectId: caseId).map(\.action) == ["case.read"])
        }
    }

    @Test(arguments: TestDatabases.dialects)
    func healthDetailIsEncryptedAtRestAndNeverStoredWithoutConsent(dialect: Database.Dialect) async throws {
        try await with(dialect) { (db: Database) async throws in
            let writer = PortfolioWriter(database: db)
            let creditor = try await writer.creditorId(named: "Northwind")
            _ = try await writer.write([row(1)], creditorId: creditor, importId: "a")
            let caseId = try await CaseQueries(database: db).list(creditorId: nil, after: 0, limit: 1)[0].record.id
            let care = CareStore(database: db, cipher: try FieldCipher(base64Key: FieldCipher.generateKey()))
            let detail = VulnerabilityDetail(
                characteristics: [.mentalHealthCondition], healthCondition: "Severe depression")
            let consent = ExplicitConsent(wordingVersion: "v1", givenAt: Date(), takenBy: "agent-1")
            try await care.record(
                Disclosure(
                    id: "d1", recordedOn: LocalDate(iso: "2025-04-01")!, source: .customer, recordedBy: "agent-1",
                    reviewOn: LocalDate(iso: "2025-07-01")!, consent: consent, detail: detail), caseId: caseId)
            let raw = try await care.rawDetail(disclosureId: "d1")!
            #expect(!raw.contains("depression") && !raw.contains("Severe"))
            #expect(try await care.detail(disclosureId: "d1") == detail)
            try await care.record(
                Disclosure(
                    id: "d2", recordedOn: LocalDate(iso: "2025-04-01")!, source: .customer, recordedBy: "agent-1",
                    detail: detail),
                caseId: caseId)
            #expect(try await care.rawDetail(disclosureId: "d2") == nil)
            let loaded = try await CaseStore(database: db).load(caseId: caseId)!
            #expect(loaded.snapshot.handleWithCare)
        }
    }
}
