import ForbearCore
import ForbearJobs
import ForbearStore
import ForbearTestSupport
import Foundation
import Testing

@Suite struct PlanMonitoringTests {
    let packs = try! RulePackLibrary.bundled()

    /// A Finnish case of 150.00 with a plan of three monthly instalments of 50.00 from 2025-04-01.
    func caseWithPlan(_ db: Database) async throws -> String {
        let csv = """
            claim_ref,customer_ref,first_name,last_name,address_line1,postcode,city,country,language,currency,principal,due_date,description
            A1,P1,Aino,Virtanen,Kauppakatu 1,00100,Helsinki,FI,fi,EUR,150.00,2025-03-03,Electricity bill
            """
        _ = try await PortfolioImport(writer: PortfolioWriter(database: db), packs: packs).run(
            MemoryByteSource(Data(csv.utf8)), creditor: "Northwind")
        let caseId = try await CaseQueries(database: db).list(creditorId: nil, after: 0, limit: 1)[0].record.id
        let policy = CreditorPolicy.standard(.EUR)
        let proposal = try PaymentPlanner(policy: policy).plan(
            balance: Money(major: 150, .EUR), instalment: Money(major: 50, .EUR), frequency: .monthly,
            start: LocalDate(iso: "2025-04-01")!, affordableMonthly: Money(major: 50, .EUR),
            pack: packs.latest(for: .FI)!)
        try await CaseStore(database: db).setPlan(
            PaymentPlan(id: "plan-1", proposal: proposal, policy: policy, acceptedOn: LocalDate(iso: "2025-03-20")!),
            caseId: caseId)
        return caseId
    }

    func run(_ db: Database, caseId: String, payments: [String: String]) async throws -> CaseDetail {
        let cycle = DailyCycle(cases: CaseStore(database: db), packs: packs)
        let store = PaymentStore(database: db, packs: packs)
        let reference = try await CaseQueries(database: db).detail(caseId: caseId, creditorId: nil)!.record
            .paymentReference
        var day = LocalDate(iso: "2025-03-20")!
        while day <= LocalDate(iso: "2025-07-15")! {
            if let amount = payments[day.iso] {
                _ = try await store.receive(
                    BankEntry(
                        entryReference: "pay-\(day.iso)", amount: try Money.parse(amount, currency: .EUR),
                        isReversal: false,
                        bookingDate: day, valueDate: nil, structuredReference: reference, unstructured: nil,
                        endToEndId: nil, path: ""),
                    source: "test")
            }
            _ = try await cycle.run(on: day)
            day = day.adding(days: 1)
        }
        return try await CaseQueries(database: db).detail(caseId: caseId, creditorId: nil)!
    }

    @Test(arguments: TestDatabases.dialects)
    func aLateMonthGetsANudgeAndAReviewOfferThenThePlanCompletes(dialect: Database.Dialect) async throws {
        let db = try await TestDatabases.make(dialect)
        try await closing(db, ()) {
            let caseId = try await caseWithPlan(db)
            let detail = try await run(
                db, caseId: caseId, payments: ["2025-04-01": "50.00", "2025-05-12": "50.00", "2025-06-03": "50.00"])
            #expect(
                detail.communications.map { "\($0.date.iso) \($0.stepId)" } == [
                    "2025-05-02 planNudge", "2025-05-09 planReview", "2025-06-02 planNudge", "2025-06-03 paidInFull",
                ])
            #expect(detail.record.status == "closed")
            #expect(
                !detail.decisions.contains {
                    if case .sendLetter = $0.action { return true }; return false
                }, "no collection letters while a plan runs")
            #expect(
                detail.decisions.contains {
                    $0.action == .plan(.reviewOffer) && $0.reasons[0].text.contains("is the plan still affordable")
                })
        }
    }

    @Test(arguments: TestDatabases.dialects)
    func aPlanBreaksOnlyAfterItsReviewOfferAndThenWaitsForANewAffordabilityCheck(dialect: Database.Dialect) async throws
    {
        let db = try await TestDatabases.make(dialect)
        try await closing(db, ()) {
            let caseId = try await caseWithPlan(db)
            let detail = try await run(db, caseId: caseId, payments: [:])
            let planEvents = detail.decisions.compactMap { d -> String? in
                if case .plan(let e) = d.action { return "\(d.date.iso) \(e)" }
                return nil
            }
            #expect(
                planEvents == [
                    "2025-04-02 nudge(instalment: 1)", "2025-04-09 reviewOffer", "2025-05-02 nudge(instalment: 2)",
                    "2025-06-02 nudge(instalment: 3)", "2025-06-09 broken",
                ])
            #expect(
                !detail.decisions.contains {
                    if case .sendLetter = $0.action { return true }; return false
                },
                "a broken plan never restarts collection without a new affordability check")
            #expect(detail.decisions.contains { $0.action == .reviewDue(.affordability) })
        }
    }
}
