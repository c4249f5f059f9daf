import ForbearCore
import SQLKit

public struct CaseListItem: Sendable, Hashable {
    public var record: CaseRecord
    public var creditorName: String
    public var balance: Money
}

public struct CustomerSummary: Sendable, Hashable {
    public var id: String
    public var customerRef: String
    public var firstName: String
    public var lastName: String
    public var city: String
    public var country: Country
    public var language: String
}

public struct StoredDecision: Sendable, Hashable {
    public var date: LocalDate
    public var action: Action
    public var reasons: [Reason]
}

public struct StoredCommunication: Sendable, Hashable {
    public var stepId: String
    public var occurrence: Int
    public var date: LocalDate
    public var channel: Channel
    public var deadline: LocalDate?
    public var status: String
}

public struct CaseDetail: Sendable {
    public var record: CaseRecord
    public var creditorName: String
    public var customer: CustomerSummary
    public var snapshot: CaseSnapshot
    public var decisions: [StoredDecision]
    public var communications: [StoredCommunication]
}

/// Read models for the API and screens.
public struct CaseQueries: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Cases in number order after `after`, only `creditorId`'s when given (creditor tokens).
    public func list(creditorId: String?, after: Int64, limit: Int) async throws -> [CaseListItem] {
        try await database.read { db in
            var q = SQLQueryString(
                """
                SELECT c.id, c.number, c.creditor_id, c.customer_id, c.country, c.currency, c.payment_reference, c.status,
                c.sector, c.handle_with_care, c.vulnerability_review_on, c.closed_on, c.stopped_on, c.referred_on,
                cr.name AS creditor_name,
                CAST((SELECT COALESCE(SUM(CASE WHEN e.kind IN ('charge', 'adjustment') THEN e.amount ELSE -e.amount END), 0)
                 FROM ledger_entries e WHERE e.case_id = c.id) AS BIGINT) AS balance
                FROM cases c JOIN creditors cr ON cr.id = c.creditor_id WHERE c.number > 
                """)
            q.appendInterpolation(bind: after)
            if let creditorId {
                q.appendLiteral(" AND c.creditor_id = ")
                q.appendInterpolation(bind: creditorId)
            }
            q.appendLiteral(" ORDER BY c.number LIMIT ")
            q.appendInterpolation(bind: limit)
            return try await db.raw(q).all().map { r in
                let rec = try CaseStore.record(r)
                return CaseListItem(
                    record: rec, creditorName: try r.string("creditor_name"),
                    balance: try r.money("balance", currency: rec.currency))
            }
        }
    }

    /// A case with everything about it; nil when it does not exist or belongs to another creditor.
    public func detail(caseId: String, creditorId: String?) async throws -> CaseDetail? {
        try await database.read { db in
            guard
                let rec = try await CaseStore.records(
                    "SELECT \(unsafeRaw: CaseStore.caseColumns) FROM cases WHERE id = \(bind: caseId)", db: db
                ).first
            else { return nil }
            if let creditorId, rec.creditorId != creditorId { return nil }
            guard let loaded = try await CaseStore.load([rec], db: db).first else { return nil }
            let creditorName =
                try await db.raw("SELECT name FROM creditors WHERE id = \(bind: rec.creditorId)").first()?
                .string("name") ?? ""
            guard let c = try await db.raw("SELECT * FROM customers WHERE id = \(bind: rec.customerId)").first() else {
                return nil
            }
            let customer = CustomerSummary(
                id: try c.string("id"), customerRef: try c.string("customer_ref"),
                firstName: try c.string("first_name"),
                lastName: try c.string("last_name"), city: try c.string("city"),
                country: try c.enumValue("country", Country.self), language: try c.string("language"))
            // `IN (?)`, not `= ?`: SQLite took these two statements' plans to depend on the case id bound and planned
            // them again for every read (`sqlite3_stmt_status(…, SQLITE_STMTSTATUS_REPREPARE, …)` counted one per
            // call), 7% of the API's profile. The plan is the same index search (`SQLiteStatementTests`).
            // A letter's reasons are stored once for every letter they explain (`Explanations`).
            let decisionRows = try await db.raw(
                """
                SELECT d.date, d.payload, COALESCE(x.reasons, d.reasons) AS reasons FROM decisions d
                LEFT JOIN explanations x ON x.ref = d.reasons WHERE d.case_id IN (\(bind: caseId)) ORDER BY d.date, d.seq
                """
            ).all()
            let decisions = try await database.legalTexts.reading(db: db) { basis in
                try decisionRows.map { r in
                    StoredDecision(
                        date: try r.date("date"),
                        action: try DecisionJSON.action(try r.string("payload"), basis: basis),
                        reasons: try DecisionJSON.reasons(try r.string("reasons"), basis: basis))
                }
            }
            let communications = try await db.raw(
                "SELECT * FROM communications WHERE case_id IN (\(bind: caseId)) ORDER BY date, step_id, occurrence"
            ).all().map { r in
                StoredCommunication(
                    stepId: try r.string("step_id"), occurrence: Int(try r.int("occurrence")), date: try r.date("date"),
                    channel: try r.enumValue("channel", Channel.self), deadline: try r.optDate("deadline"),
                    status: try r.string("status"))
            }
            return CaseDetail(
                record: rec, creditorName: creditorName, customer: customer, snapshot: loaded.snapshot,
                decisions: decisions, communications: communications)
        }
    }

    public func exists(caseId: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw("SELECT id FROM cases WHERE id = \(bind: caseId)").first() != nil
        }
    }

    public func count(table: String) async throws -> Int {
        precondition(table.allSatisfy { $0.isLetter || $0 == "_" })
        return try await database.read { db in
            Int(try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.int("n") ?? 0)
        }
    }
}

extension CaseQueries {
    /// A cheap query that proves the database answers.
    public static func ping(_ db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT 1 AS one").first() != nil
    }
}

extension CaseQueries {
    /// Up to `count` case ids spread over the whole portfolio (every n-th case by number), for load tests.
    public func sampleCaseIds(count: Int) async throws -> [String] {
        try await database.read { db in
            let total = try await db.raw("SELECT MAX(number) AS n FROM cases").first()?.optInt("n") ?? 0
            let step = max(1, total / Int64(max(count, 1)))
            return try await db.raw(
                "SELECT id FROM cases WHERE number % \(bind: step) = 0 ORDER BY number LIMIT \(bind: count)"
            ).all().map { try $0.string("id") }
        }
    }
}

/// What the store holds for one day of the daily cycle, for checking that a run (or several workers together) left
/// every case whole: decided once, with its decisions and its letters.
public struct DayTotals: Sendable, Equatable {
    /// Cases marked decided for the day.
    public var decided: Int
    /// Cases with at least one decision stored for the day. Fewer than `decided` on a day when some cases only
    /// waited as they did before (a wait is stored again only when it changes).
    public var withDecisions: Int
    /// First decisions (seq 0): more than `decided` would mean a case decided twice.
    public var firstDecisions: Int
    /// Letters queued for the day, and how many distinct (case, step, occurrence) they are.
    public var communications: Int
    public var distinctCommunications: Int
    /// `sendLetter` decisions stored for the day: each queued one letter in the same transaction.
    public var letterDecisions: Int
    /// Letters queued for a case not marked decided: a half-stored page.
    public var communicationsOutsideDecidedCases: Int
}

extension CaseQueries {
    public func dayTotals(_ date: LocalDate) async throws -> DayTotals {
        try await database.read { db in
            let d = date.iso
            func count(_ q: SQLQueryString) async throws -> Int { Int(try await db.raw(q).first()?.int("n") ?? 0) }
            return DayTotals(
                decided: try await count("SELECT COUNT(*) AS n FROM case_days WHERE date = \(bind: d)"),
                withDecisions: try await count(
                    "SELECT COUNT(DISTINCT case_id) AS n FROM decisions WHERE date = \(bind: d)"),
                firstDecisions: try await count(
                    "SELECT COUNT(*) AS n FROM decisions WHERE date = \(bind: d) AND seq = 0"),
                communications: try await count("SELECT COUNT(*) AS n FROM communications WHERE date = \(bind: d)"),
                distinctCommunications: try await count(
                    """
                    SELECT COUNT(*) AS n FROM (SELECT DISTINCT case_id, step_id, occurrence FROM communications
                    WHERE date = \(bind: d)) x
                    """),
                letterDecisions: try await count(
                    "SELECT COUNT(*) AS n FROM decisions WHERE date = \(bind: d) AND action = 'sendLetter'"),
                communicationsOutsideDecidedCases: try await count(
                    """
                    SELECT COUNT(*) AS n FROM communications m WHERE m.date = \(bind: d)
                    AND NOT EXISTS (SELECT 1 FROM case_days c WHERE c.case_id = m.case_id AND c.date = m.date)
                    """))
        }
    }
}
