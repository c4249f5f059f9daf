import ForbearCore
import ForbearJobs
import ForbearStore
import ForbearTestSupport
import Foundation
import Testing

@Suite struct EndToEndTests {
    let packs = try! RulePackLibrary.bundled()
    static let header =
        "claim_ref,customer_ref,first_name,last_name,address_line1,postcode,city,country,language,currency,principal,due_date,description,interest_rate"

    func importer(_ db: Database) -> PortfolioImport {
        PortfolioImport(writer: PortfolioWriter(database: db), packs: packs)
    }

    @Test(arguments: TestDatabases.dialects)
    func importKeepsGoodRowsRejectsBadOnesExactlyAndIsIdempotent(dialect: Database.Dialect) async throws {
        let db = try await TestDatabases.make(dialect)
        try await closing(db, ()) {
            // given a file with good rows and one of each kind of bad row
            let csv = """
                \(Self.header)
                A1,P1,Aino,Virtanen,Kauppakatu 1,00100,Helsinki,FI,fi,EUR,500.00,2025-03-03,Electricity bill,
                A2,P2,Daan,de Vries,"Kerkstraat 5, 2 hoog",1012 AB,Amsterdam,NL,nl,EUR,200.00,2025-03-03,"Phone ""Plus"" plan",
                A3,P3,Hans,Muster,Hauptstr. 1,10115,Berlin,DE,de,EUR,100.00,2025-03-03,Online order,
                A4,P4,Emma,Smith,1 High Street,LS1 4AP,Leeds,GB,en,GBP,-20.00,2025-03-03,Online order,
                A5,P5,Jonas,Peeters,Kerkstraat 2,2000,Antwerpen,BE,nl,EUR,300.00,2025-02-30,Online order,
                A6,P6,Karen,Nielsen,Vestergade 3,1050,København,DK,da,DKK,900.00
                A1,P1,Aino,Virtanen,Kauppakatu 1,00100,Helsinki,FI,fi,EUR,500.00,2025-03-03,Electricity bill,
                A7,P7,Luca,Rossi,Via Roma 1,00184,Roma,IT,it,EUR,1000.00,2025-03-03,Dental treatment,7.50

                """
            var rejects: [Reject] = []
            // when
            let report = try await importer(db).run(
                MemoryByteSource(Data(csv.utf8)), creditor: "Northwind", reject: { rejects.append($0) })
            // then
            #expect(report.summary == "imported 3, rejected 5")
            #expect(
                rejects == [
                    Reject(
                        line: 4, column: "country",
                        reason: "\"DE\" is not a supported country: use FI, NL, BE, DK, IT or GB"),
                    Reject(
                        line: 4, column: "language",
                        reason: "\"de\" is not a supported language: use en, nl, fi, da, it, sv or fr"),
                    Reject(line: 5, column: "principal", reason: "the principal must be more than zero"),
                    Reject(line: 6, column: "due_date", reason: "\"2025-02-30\" is not a date: use YYYY-MM-DD"),
                    Reject(line: 7, column: "", reason: "the row has 11 fields but the header has 14"),
                    Reject(
                        line: 8, column: "claim_ref",
                        reason: "claim_ref A1 appears earlier in this file; the first one was kept"),
                ])
            let q = CaseQueries(database: db)
            #expect(try await q.count(table: "claims") == 3)
            // when the same file is imported again, nothing changes
            let again = try await importer(db).run(MemoryByteSource(Data(csv.utf8)), creditor: "Northwind")
            #expect(again.imported == 0 && again.alreadyPresent == 4)
            #expect(try await q.count(table: "claims") == 3)
            #expect(try await q.count(table: "ledger_entries") == 3)
            // the quoted comma and doubled quote survived
            let nl = try await q.list(creditorId: nil, after: 0, limit: 10).first { $0.record.country == .NL }!
            let detail = try await q.detail(caseId: nl.record.id, creditorId: nil)!
            #expect(detail.snapshot.ledger.claims[0].description == "Phone \"Plus\" plan")
        }
    }

    @Test func aHeaderWithoutRequiredColumnsImportsNothingAndSaysWhich() async throws {
        let db = try await TestDatabases.make(.sqlite)
        let csv = "claim_ref,customer_ref,country\nA1,P1,FI\n"
        await #expect(
            throws: ImportError.missingColumns([
                "first_name", "last_name", "address_line1", "postcode", "city", "language", "currency", "principal",
                "due_date", "description",
            ])
        ) {
            try await importer(db).run(MemoryByteSource(Data(csv.utf8)), creditor: "X")
        }
        await #expect(throws: ImportError.empty) { try await importer(db).run(MemoryByteSource(Data()), creditor: "X") }
        await TestDatabases.drop(db)
    }

    /// (country, principal, [(date, step id, fee or nil)]): the same walk the domain timeline tests assert.
    static let expected: [(Country, String, [(String, String, String?)])] = [
        (
            .FI, "500.00",
            [
                ("2025-03-04", "FI.reminder", "5.00"), ("2025-03-19", "FI.demand", "24.00"),
                ("2025-04-03", "FI.repeatDemand", "12.00"),
            ]
        ),
        (.NL, "200.00", [("2025-03-04", "NL.fourteenDayLetter", nil), ("2025-03-21", "NL.collectionCosts", "40.00")]),
        (.BE, "300.00", [("2025-03-04", "BE.firstReminder", nil), ("2025-03-21", "BE.formalNotice", "45.00")]),
        (
            .DK, "2500.00",
            [
                ("2025-03-04", "DK.reminder", "100.00"), ("2025-03-14", "DK.reminder", "100.00"),
                ("2025-03-24", "DK.reminder", "100.00"), ("2025-04-03", "DK.collectionWarning", nil),
            ]
        ),
        (.IT, "1000.00", [("2025-03-04", "IT.reminder", nil), ("2025-03-20", "IT.formalNotice", nil)]),
        (.GB, "750.00", [("2025-03-04", "GB.reminder", nil), ("2025-03-19", "GB.finalReminder", nil)]),
    ]

    @Test(arguments: TestDatabases.dialects)
    func sixtyDaysOfTheCycleSendTheLettersAndFeesTheRulePacksSay(dialect: Database.Dialect) async throws {
        let db = try await TestDatabases.make(dialect)
        try await closing(db, ()) {
            var lines = [Self.header]
            for (i, (country, principal, _)) in Self.expected.enumerated() {
                let (lang, cur) = [
                    Country.FI: ("fi", "EUR"), .NL: ("nl", "EUR"), .BE: ("nl", "EUR"), .DK: ("da", "DKK"),
                    .IT: ("it", "EUR"), .GB: ("en", "GBP"),
                ][country]!
                lines.append(
                    "K\(i),Q\(i),Test,Person,Street 1,12345,City,\(country.rawValue),\(lang),\(cur),\(principal),2025-03-03,Invoice \(i),"
                )
            }
            let report = try await importer(db).run(
                MemoryByteSource(Data(lines.joined(separator: "\n").utf8)), creditor: "Northwind")
            #expect(report.imported == 6)
            let cycle = DailyCycle(cases: CaseStore(database: db), packs: packs, pageSize: 4)
            var day = LocalDate(iso: "2025-03-03")!
            for _ in 0..<60 {
                let r = try await cycle.run(on: day)
                #expect(r.casesDecided == 6)
                day = day.adding(days: 1)
            }
            // running a day again changes nothing
            let rerun = try await cycle.run(on: LocalDate(iso: "2025-03-19")!)
            #expect(rerun.casesDecided == 0)

            let q = CaseQueries(database: db)
            for item in try await q.list(creditorId: nil, after: 0, limit: 10) {
                let detail = try await q.detail(caseId: item.record.id, creditorId: nil)!
                let (_, _, letters) = Self.expected.first { $0.0 == item.record.country }!
                let sent = detail.communications.map { "\($0.date.iso) \($0.stepId)" }
                #expect(sent == letters.map { "\($0.0) \($0.1)" }, "\(item.record.country)")
                let fees = detail.snapshot.ledger.entries.filter { $0.component == .fee }.map {
                    "\($0.date.iso) \($0.amount.decimalString)"
                }
                #expect(fees == letters.compactMap { l in l.2.map { "\(l.0) \($0)" } }, "\(item.record.country)")
                #expect(detail.decisions.filter { $0.action == .wait }.allSatisfy { !$0.reasons.isEmpty })
                #expect(detail.decisions.contains { $0.action == .reviewDue(.endOfVoluntaryCollection) })
            }
            #expect(try await q.count(table: "case_days") == 360)
        }
    }
}
