import ForbearCore
import ForbearJobs
import ForbearStore
import ForbearTestSupport
import Foundation
import Testing

/// On a SQLite file the import reads what batch n + 1 refers to, and works out its rows, on a reader while the writer
/// stores batch n, carrying forward what batch n created. These tests check that this gives exactly what writing one
/// batch at a time gives, over random files whose customers and claims recur across batches, and that a batch is
/// worked out again when another writer stored something in the gap.
@Suite struct ImportPipelineTests {
    let packs = try! RulePackLibrary.bundled()
    static let seed: UInt64 =
        ProcessInfo.processInfo.environment["FORBEAR_PROPERTY_SEED"].flatMap(UInt64.init) ?? 20_261_124
    static let header =
        "claim_ref,customer_ref,first_name,last_name,address_line1,postcode,city,country,language,currency,principal,due_date,description,interest_rate"
    static let countries: [(country: String, language: String, currency: String)] = [
        ("FI", "fi", "EUR"), ("NL", "nl", "EUR"), ("DK", "da", "DKK"), ("GB", "en", "GBP"), ("IT", "it", "EUR"),
    ]

    /// A file whose customers hold several claims spread over the file, with claims repeated and now and then a
    /// customer in a second country (a conflict).
    static func randomFile(rows: Int, rng: inout SplitMix64) -> String {
        var lines = [header]
        for _ in 0..<rows {
            let customer = Int(rng.next() % 15)
            var c = countries[customer % countries.count]
            if rng.next() % 12 == 0 { c = countries[(customer + 1) % countries.count] }
            let claim = Int(rng.next() % 70)
            let cents = 1_000 + Int(rng.next() % 90_000)
            lines.append(
                "K\(claim),Q\(customer),Test,Person,Street \(customer),12345,City,\(c.country),\(c.language),\(c.currency),\(cents / 100).\(String(format: "%02d", cents % 100)),2026-01-0\(1 + claim % 9),Invoice \(claim),"
            )
        }
        return lines.joined(separator: "\n")
    }

    struct Outcome: Equatable {
        var report: ImportReport
        var rejects: [String]
        var cases: [String]
    }

    /// Imports `file` twice with batches of `batchSize` and describes what is stored, case by case, by reference.
    func outcome(of file: String, batchSize: Int, on db: Database) async throws -> Outcome {
        var importer = PortfolioImport(writer: PortfolioWriter(database: db), packs: packs)
        importer.batchSize = batchSize
        var rejects: [String] = []
        var report = try await importer.run(MemoryByteSource(Data(file.utf8)), creditor: "Pipeline") { r in
            rejects.append("\(r.line) \(r.column) \(r.reason)")
        }
        let again = try await importer.run(MemoryByteSource(Data(file.utf8)), creditor: "Pipeline")
        #expect(again.imported == 0, "importing the same file again creates nothing")
        report.batchesRedone = 0
        return Outcome(report: report, rejects: rejects, cases: try await Self.describe(db))
    }

    static func describe(_ db: Database) async throws -> [String] {
        let q = CaseQueries(database: db)
        var cases: [String] = []
        for item in try await q.list(creditorId: nil, after: 0, limit: 500) {
            let d = try await q.detail(caseId: item.record.id, creditorId: nil)!
            let refs = Dictionary(uniqueKeysWithValues: d.snapshot.ledger.claims.map { ($0.id, $0.reference) })
            let entries = d.snapshot.ledger.entries.map { "\(refs[$0.claimId]!)=\($0.amount.decimalString)" }
            cases.append(
                "\(item.record.number) \(d.customer.customerRef) \(item.record.country.rawValue) \(item.record.paymentReference) \(entries.joined(separator: ","))"
            )
        }
        return cases
    }

    @Test func batchesPreparedBesideTheWriterStoreWhatOneBatchAtATimeStores() async throws {
        var rng = SplitMix64(seed: Self.seed)
        for _ in 0..<12 {
            let file = Self.randomFile(rows: 40 + Int(rng.next() % 60), rng: &rng)
            let batchSize = 2 + Int(rng.next() % 8)
            // given the same file imported one batch at a time (an in-memory database has no readers)
            let memory = try await Database.open(.sqlite(path: ":memory:"))
            _ = try await Migrator.migrate(memory)
            let expected = try await outcome(of: file, batchSize: batchSize, on: memory)
            await memory.close()
            // when it is imported into a file, batches prepared beside the writer
            let db = try await TestDatabases.make(.sqlite)
            try await closing(db, ()) {
                let got = try await outcome(of: file, batchSize: batchSize, on: db)
                // then every row has the same outcome and the same cases, claims and charges are stored
                #expect(got == expected, "batch size \(batchSize)")
                #expect(expected.report.rejected > 0 && expected.report.imported > 0, "the file mixes both")
            }
        }
    }

    @Test(arguments: [false, true])
    func aBatchIsWorkedOutAgainWhenAnotherWriterStoredItsCustomerMeanwhile(otherProcess: Bool) async throws {
        let db = try await TestDatabases.make(.sqlite)
        try await closing(db, ()) {
            // given a batch prepared with customer Q1 not yet stored
            let writer = PortfolioWriter(database: db)
            let creditorId = try await writer.creditorId(named: "Pipeline")
            func row(_ claim: String, line: Int) -> PortfolioRow {
                PortfolioRow(
                    line: line, claimRef: claim, customerRef: "Q1", firstName: "Test", lastName: "Person",
                    addressLine1: "Street 1", postcode: "12345", city: "City", country: .FI, language: .fi,
                    principal: Money(minorUnits: 10_000, currency: .EUR), dueDate: LocalDate(iso: "2026-01-01")!,
                    description: "Invoice")
            }
            let batch = try await writer.prepare(
                [row("K2", line: 2)], creditorId: creditorId, importId: "second", after: nil)
            // when another writer stores a claim for Q1 in the gap
            let other = otherProcess ? try await Database.open(db.url) : db
            _ = try await PortfolioWriter(database: other).write(
                [row("K1", line: 2)], creditorId: creditorId, importId: "first")
            if otherProcess { await other.close() }
            // and the next batch is prepared after that, following the first as it was prepared
            let next = try await writer.prepare(
                [row("K3", line: 3)], creditorId: creditorId, importId: "second", after: batch)
            let stored = try await writer.store(batch, after: nil)
            let storedNext = try await writer.store(next, after: stored)
            // then both were worked out again: one customer, one case holding the three claims
            #expect(stored.redone && storedNext.redone)
            #expect(stored.outcomes == [.imported] && storedNext.outcomes == [.imported])
            let cases = try await Self.describe(db)
            #expect(cases.count == 1)
            #expect(cases.first?.hasSuffix("K1=100.00,K2=100.00,K3=100.00") == true, "\(cases)")
        }
    }
}
