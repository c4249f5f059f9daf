import ForbearCore
import ForbearJobs
import ForbearStore
import ForbearTestSupport
import Foundation
import Testing

@Suite struct PaymentImportTests {
    let packs = try! RulePackLibrary.bundled()

    func bankFile(_ name: String) throws -> String {
        try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "../ForbearCoreTests/BankFiles/\(name)"), encoding: .utf8)
    }

    /// Four cases numbered 1-4 whose references the bank files use: 10016 (FI), RF13 1002 (NL), RF83 1003 (BE), 10045 (FI).
    func fourCases(_ db: Database) async throws -> [String] {
        let csv = """
            claim_ref,customer_ref,first_name,last_name,address_line1,postcode,city,country,language,currency,principal,due_date,description
            A1,P1,Aino,Virtanen,Kauppakatu 1,00100,Helsinki,FI,fi,EUR,500.00,2025-03-03,Electricity bill
            A2,P2,Daan,de Vries,Kerkstraat 1,1012 AB,Amsterdam,NL,nl,EUR,200.00,2025-03-03,Phone plan
            A3,P3,Jonas,Peeters,Kerkstraat 2,2000,Antwerpen,BE,nl,EUR,300.00,2025-03-03,Online order
            INV-88,P4,Eero,Laine,Koulukatu 2,33100,Tampere,FI,fi,EUR,100.00,2025-03-03,Gym membership
            """
        _ = try await PortfolioImport(writer: PortfolioWriter(database: db), packs: packs).run(
            MemoryByteSource(Data(csv.utf8)), creditor: "Northwind")
        let cases = try await CaseQueries(database: db).list(creditorId: nil, after: 0, limit: 10)
        #expect(cases.map(\.record.paymentReference) == ["10016", "RF131002", "RF831003", "10045"])
        return cases.map(\.record.id)
    }

    func balance(_ db: Database, _ caseId: String) async throws -> String {
        try await CaseStore(database: db).load(caseId: caseId)!.snapshot.ledger.totalBalance.decimalString
    }

    @Test(arguments: TestDatabases.dialects)
    func bankFilesAreMatchedBookedOnceReversedAndQueued(dialect: Database.Dialect) async throws {
        let db = try await TestDatabases.make(dialect)
        try await closing(db, ()) {
            let ids = try await fourCases(db)
            let importer = PaymentImport(payments: PaymentStore(database: db, packs: packs))

            // camt.054: structured FI and RF references, a reference in free text, a duplicate, a malformed amount, a debit
            let first = try await importer.run(camt: try bankFile("camt054.xml"), source: "camt054.xml")
            #expect(
                first.summary
                    == "read 4 entries: booked 3, reversed 0, unmatched 0, already booked 1, 1 could not be read")
            #expect(
                first.problems == [
                    "line 67, BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[5]/Amt: missing, negative or not an amount with a Ccy of EUR, DKK, GBP or SEK"
                ])
            // the same file again books nothing
            let again = try await importer.run(camt: try bankFile("camt054.xml"), source: "camt054.xml")
            #expect(again.booked == 0 && again.duplicates == 4)

            // camt.053: a batch of two, a case number in the text, the RF payment returned, an invalid check digit
            let second = try await importer.run(camt: try bankFile("camt053.xml"), source: "camt053.xml")
            #expect(
                second.summary
                    == "read 4 entries: booked 2, reversed 1, unmatched 1, already booked 0, 1 could not be read"
            )

            #expect(try await balance(db, ids[0]) == "326.55")  // 500 − 123.45 − 50.00 (case number in the text)
            #expect(try await balance(db, ids[1]) == "200.00")  // 50.00 booked, then returned
            #expect(try await balance(db, ids[2]) == "275.00")  // batch transaction 25.00
            #expect(try await balance(db, ids[3]) == "80.00")  // "viite 1004 5" in free text
            let queue = try await PaymentStore(database: db, packs: packs).unmatched()
            #expect(queue.map(\.entryRef) == ["ST-0004"])
            let reversed = try await CaseStore(database: db).load(caseId: ids[1])!.snapshot.ledger
            #expect(reversed.payments.first?.reversedOn == LocalDate(iso: "2025-05-05"))
            #expect(reversed.credit.isZero)

            // May's remittance: 123.45 + 20.00 + 25.00 + 50.00, the returned 50.00 netted out; no fees were collected
            let remit = RemittanceStore(database: db)
            let (lines, closedBefore) = try await remit.remit(period: "2025-05")
            #expect(!closedBefore)
            #expect(
                lines.map {
                    "\($0.creditor) \($0.collected.decimalString) \($0.feesRetained.decimalString) \($0.netDue.decimalString)"
                }
                    == ["Northwind 218.45 0.00 218.45"])
            let closedAgain = try await remit.remit(period: "2025-05")
            #expect(closedAgain.closedBefore && closedAgain.lines == lines, "a closed month never changes")
            await #expect(throws: StoreError.self) { try await remit.remit(period: "May 2025") }
        }
    }

    @Test func aCasePaidInFullIsClosedWithAPaidInFullLetter() async throws {
        let db = try await TestDatabases.make(.sqlite)
        try await closing(db, ()) {
            let ids = try await fourCases(db)
            let entry = BankEntry(
                entryReference: "FULL-1", amount: Money(minorUnits: 10_000, currency: .EUR), isReversal: false,
                bookingDate: LocalDate(iso: "2025-03-05")!, valueDate: nil, structuredReference: "10045",
                unstructured: nil, endToEndId: nil, path: "")
            #expect(
                try await PaymentStore(database: db, packs: packs).receive(entry, source: "test")
                    == .booked(caseId: ids[3], how: "structured creditor reference 10045", credit: .zero(.EUR)))
            _ = try await DailyCycle(cases: CaseStore(database: db), packs: packs).run(
                on: LocalDate(iso: "2025-03-06")!)
            let detail = try await CaseQueries(database: db).detail(caseId: ids[3], creditorId: nil)!
            #expect(detail.record.status == "closed")
            #expect(detail.communications.map(\.stepId) == ["paidInFull"])
        }
    }

    @Test(arguments: TestDatabases.dialects)
    func randomPaymentSequencesAreAllocatedExactlyAndNeverDriveAComponentNegative(dialect: Database.Dialect)
        async throws
    {
        let db = try await TestDatabases.make(dialect)
        try await closing(db, ()) {
            let ids = try await fourCases(db)
            let store = PaymentStore(database: db, packs: packs)
            var rng = SplitMix64(seed: 8)
            var booked: [(ref: String, caseId: String)] = []
            var count = 0
            for n in 0..<120 {
                let caseIndex = Int(rng.next() % 4)
                let refs = ["10016", "RF131002", "RF831003", "10045"]
                if !booked.isEmpty, rng.next() % 6 == 0 {
                    // return an earlier payment
                    let (ref, _) = booked.remove(at: Int(rng.next() % UInt64(booked.count)))
                    let original = BankEntry(
                        entryReference: "R\(n)", amount: Money(minorUnits: 1, currency: .EUR), isReversal: true,
                        bookingDate: LocalDate(iso: "2025-06-01")!, valueDate: nil, structuredReference: nil,
                        unstructured: nil, endToEndId: "E\(ref)", path: "")
                    _ = try await store.receive(original, source: "property")
                    continue
                }
                let amount = Money(minorUnits: Int64(rng.next() % 3_000) + 1, currency: .EUR)
                let entry = BankEntry(
                    entryReference: "P\(n)", amount: amount, isReversal: false,
                    bookingDate: LocalDate(iso: "2025-05-01")!.adding(days: n),
                    valueDate: nil, structuredReference: refs[caseIndex], unstructured: nil, endToEndId: "EP\(n)",
                    path: "")
                if case .booked = try await store.receive(entry, source: "property") {
                    booked.append(("P\(n)", ids[caseIndex]))
                }
                count += 1
            }
            var totalPayments: Int64 = 0
            var totalAllocated: Int64 = 0
            var totalCredit: Int64 = 0
            for id in ids {
                let ledger = try await CaseStore(database: db).load(caseId: id)!.snapshot.ledger
                for p in ledger.payments where p.reversedOn == nil { totalPayments += p.payment.amount.minorUnits }
                totalAllocated += ledger.entries.filter { $0.kind == .allocation }.reduce(0) {
                    $0 + $1.amount.minorUnits
                }
                totalCredit += ledger.credit.minorUnits
                for claim in ledger.claims {
                    for c in Component.allCases { #expect(!ledger.balance(claimId: claim.id, component: c).isNegative) }
                }
            }
            #expect(
                totalAllocated + totalCredit == totalPayments,
                "every payment booked to a case is allocated or held as credit, exactly")
            print(
                "payment property (\(dialect.rawValue)): \(count) payments and \(120 - count) returns over 4 cases; allocated \(totalAllocated) + credit \(totalCredit) = booked \(totalPayments) minor units"
            )
        }
    }
}
