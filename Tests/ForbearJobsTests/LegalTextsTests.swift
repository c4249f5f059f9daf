import ForbearCore
import ForbearJobs
import ForbearStore
import ForbearTestSupport
import Foundation
import Testing

/// The daily cycle stores each legal basis once and cites it by reference in every decision (migration 12). What a
/// case shows must be what the engine decided, with the texts, and what the rule packs say.
@Suite struct LegalTextsTests {
    let packs = try! RulePackLibrary.bundled()
    let day = LocalDate(iso: "2026-06-01")!

    @Test(arguments: TestDatabases.dialects)
    func decisionsCiteTheirLegalBasisOnceStoredAndShowItsText(_ dialect: Database.Dialect) async throws {
        // given a portfolio in every country, decided for a day
        let db = try await TestDatabases.make(dialect)
        try await closing(db, ()) {
            try await importDemoPortfolio(
                customers: 60, seed: 3, today: day, creditor: "Texts", into: db, packs: packs)
            let report = try await DailyCycle(cases: CaseStore(database: db), packs: packs).run(on: day)
            for action in ["sendLetter", "chargeFee", "accrueInterest"] {
                #expect(report.decisions[action, default: 0] > 0)
            }
            // when the cases are read (the first read fills this process's table of texts)
            let texts = try await db.read { sql in
                try await sql.raw("SELECT text FROM legal_texts").all().map {
                    try $0.decode(column: "text", as: String.self)
                }
            }
            let stored = try await db.read { sql in
                try await sql.raw("SELECT payload, reasons FROM decisions").all().map {
                    try $0.decode(column: "payload", as: String.self) + $0.decode(column: "reasons", as: String.self)
                }
            }
            let queries = CaseQueries(database: db)
            var cited = Set<String>()
            for id in try await CaseStore(database: db).caseIds().map(\.id) {
                let detail = try #require(try await queries.detail(caseId: id, creditorId: nil))
                let pack = try #require(packs.pack(for: detail.snapshot.country, on: day))
                for decision in detail.decisions {
                    for reason in decision.reasons { cited.insert(reason.legalBasis) }
                    // then a letter shows its step's legal basis, and a fee the basis of the fee it charged
                    if case .sendLetter(let stepId, _, _, _) = decision.action {
                        let step = try #require(pack.step(stepId))
                        #expect(decision.reasons.first { $0.ruleId == stepId }?.legalBasis == step.legalBasis)
                    }
                    if case .chargeFee(_, _, _, _, let basis) = decision.action {
                        #expect(decision.reasons.contains { $0.legalBasis == basis })
                    }
                }
            }
            // and every text cited is stored once, and no decision spells one out
            #expect(Set(texts) == cited && texts.count == cited.count)
            #expect(!stored.contains { $0.contains(#""legalBasis""#) })
            for text in texts { #expect(!stored.contains { $0.contains(text) }, "\(text)") }
        }
    }
}
