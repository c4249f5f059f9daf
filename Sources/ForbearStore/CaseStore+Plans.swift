import ForbearCore
import SQLKit

extension CaseStore {
    /// Records where a case's payment plan stands (the plan module keeps the instalments).
    public func setPlan(_ plan: PlanSummary, caseId: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM plans WHERE case_id = \(bind: caseId)").run()
            try await db.raw(
                "INSERT INTO plans (case_id, state, since) VALUES (\(bind: caseId), \(bind: plan.state.rawValue), \(bind: plan.since.iso))"
            ).run()
        }
    }

    /// Stores an accepted payment plan with its instalments; the daily cycle monitors it from then on.
    public func setPlan(_ plan: PaymentPlan, caseId: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM plans WHERE case_id = \(bind: caseId)").run()
            try await db.raw(
                """
                INSERT INTO plans (case_id, state, since, detail) VALUES (\(bind: caseId), \(bind: plan.state.rawValue),
                \(bind: plan.stateSince.iso), \(bind: try json(plan)))
                """
            ).run()
        }
    }

    /// Records the latest affordability outcome of a case.
    public func setAffordability(_ a: AffordabilitySummary, caseId: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM affordability WHERE case_id = \(bind: caseId)").run()
            try await db.raw(
                """
                INSERT INTO affordability (case_id, assessed_on, verdict, monthly) VALUES (\(bind: caseId),
                \(bind: a.assessedOn.iso), \(bind: a.verdict.rawValue), \(bind: a.affordableMonthly?.minorUnits))
                """
            ).run()
        }
    }

    /// Every case id in number order, for jobs that walk the whole portfolio.
    public func caseIds(after: Int64 = 0, limit: Int = 1000) async throws -> [(
        id: String, number: Int64, country: Country
    )] {
        try await database.read { db in
            try await db.raw(
                "SELECT id, number, country FROM cases WHERE number > \(bind: after) ORDER BY number LIMIT \(bind: limit)"
            ).all().map { (try $0.string("id"), try $0.int("number"), try $0.enumValue("country", Country.self)) }
        }
    }
}

extension CaseStore {
    /// Every open case's payment reference, for benchmarks and tools that address cases as a bank would.
    public func openReferences() async throws -> [(reference: String, currency: Currency)] {
        try await database.read { db in
            try await db.raw("SELECT payment_reference, currency FROM cases WHERE status = 'open' ORDER BY number")
                .all().map {
                    (try $0.string("payment_reference"), try $0.enumValue("currency", Currency.self))
                }
        }
    }
}
