import ForbearCore
import SQLKit

/// Reading cases as engine snapshots and writing what a day decided. All SQL for the case aggregate is here.
public struct CaseStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    static let caseColumns =
        "id, number, creditor_id, customer_id, country, currency, payment_reference, status, sector, handle_with_care, vulnerability_review_on, closed_on, stopped_on, referred_on"

    static func record(_ row: any SQLRow) throws -> CaseRecord {
        CaseRecord(
            id: try row.string("id"), number: try row.int("number"), creditorId: try row.string("creditor_id"),
            customerId: try row.string("customer_id"), country: try row.enumValue("country", Country.self),
            currency: try row.enumValue("currency", Currency.self),
            paymentReference: try row.string("payment_reference"),
            status: try row.string("status"), sector: try row.optString("sector"),
            handleWithCare: try row.int("handle_with_care") != 0, closedOn: try row.optDate("closed_on"),
            stoppedOn: try row.optDate("stopped_on"), referredOn: try row.optDate("referred_on"))
    }

    /// The next page of open cases not yet decided for `date`, in case-number order after `afterNumber`.
    public func openCasesToDecide(on date: LocalDate, after afterNumber: Int64, limit: Int) async throws -> [LoadedCase]
    {
        try await database.read { db in
            try await Self.load(
                rows: try await Self.undecided(on: date, after: afterNumber, limit: limit, db: db), lastWaits: true,
                db: db)
        }
    }

    /// Open cases without a decision for `date`. With `lock` (PostgreSQL only) the rows are locked for the transaction
    /// and rows another worker has locked are skipped, so workers running together never take the same case.
    static func undecided(
        on date: LocalDate, after afterNumber: Int64, through lastNumber: Int64 = .max, limit: Int, lock: Bool = false,
        db: any SQLDatabase
    )
        async throws -> [any SQLRow]
    {
        let skipLocked = lock ? " FOR UPDATE SKIP LOCKED" : ""
        return try await db.raw(
            """
            SELECT \(unsafeRaw: caseColumns) FROM cases c WHERE c.status = 'open' AND c.number > \(bind: afterNumber)
            AND c.number <= \(bind: lastNumber) AND NOT EXISTS (SELECT 1 FROM case_days d WHERE d.case_id = c.id AND d.date = \(bind: date.iso))
            ORDER BY c.number LIMIT \(bind: limit)\(unsafeRaw: skipLocked)
            """
        ).all()
    }

    /// Reads every open case row page by page and nothing else: the baseline the daily cycle's speed is compared
    /// with. Returns how many rows it read.
    public func scanOpenCases(pageSize: Int) async throws -> Int {
        var after: Int64 = 0
        var count = 0
        while true {
            let cursor = after
            let records = try await database.read { db in
                try await db.raw(
                    """
                    SELECT \(unsafeRaw: Self.caseColumns) FROM cases WHERE status = 'open' AND number > \(bind: cursor)
                    ORDER BY number LIMIT \(bind: pageSize)
                    """
                ).all().map(Self.record)
            }
            guard let last = records.last else { return count }
            count += records.count
            after = last.number
        }
    }

    /// One case by id, as a snapshot.
    public func load(caseId: String) async throws -> LoadedCase? {
        try await database.read { db in
            let rows = try await db.raw("SELECT \(unsafeRaw: Self.caseColumns) FROM cases WHERE id = \(bind: caseId)")
                .all()
            return try await Self.load(rows: rows, db: db).first
        }
    }

    /// The condition picking a page's rows from a table keyed by `column`, given the page's keys (case or customer
    /// ids) in case-number order. Ids are time-ordered and case numbers are given in the order cases are made, so
    /// when the keys rise with the numbers and the page has few gaps (cases closed or decided already), the page is
    /// one key range, read in order along the index with no list to build and probe once per table. Otherwise, and
    /// on PostgreSQL (whose text order follows the collation, not the bytes), the keys are listed.
    /// Rows of other cases inside the range are read too; callers keep only the page's.
    ///
    /// `column` is one of the store's own column names, never input: it goes into the SQL as it is (quoting it
    /// through SQLKit's identifier escaping cost the API's case read about a tenth of its rate).
    static func pageKeys(_ column: String, _ keys: [String], records: [CaseRecord], db: any SQLDatabase)
        -> SQLQueryString
    {
        guard db.dialect.name == "sqlite", let first = keys.first,
            let last = keys.last,
            let low = records.first?.number, let high = records.last?.number, high - low < 2 * Int64(records.count),
            zip(keys, keys.dropFirst()).allSatisfy({ $0.utf8.lexicographicallyPrecedes($1.utf8) })
        else { return "\(unsafeRaw: column) IN \(inList(keys))" }
        return "\(unsafeRaw: column) BETWEEN \(bind: first) AND \(bind: last)"
    }

    /// `lastWaits`: also read the wait each case last stored, which only the daily cycle needs (`DayRows`); without it
    /// a case reads as having none, and a wait decided from it is stored.
    static func load(rows: [any SQLRow], lastWaits: Bool = false, db: any SQLDatabase) async throws -> [LoadedCase] {
        let records = try rows.map(record)
        guard !records.isEmpty else { return [] }
        let ids = records.map(\.id)
        let inPage = pageKeys("case_id", ids, records: records, db: db)
        var reviewOn: [String: LocalDate] = [:]
        for r in rows { if let d = try r.optDate("vulnerability_review_on") { reviewOn[try r.string("id")] = d } }

        var claims: [String: [Claim]] = [:]
        // The columns read and no more: every text column read is a string made, and pages hold a million claims.
        for r in try await db.raw(
            """
            SELECT id, case_id, claim_ref, description, due_date, currency, interest_bps FROM claims
            WHERE \(inPage) ORDER BY due_date, id
            """
        ).all() {
            let claim = Claim(
                id: try r.string("id"), reference: try r.string("claim_ref"), description: try r.string("description"),
                dueDate: try r.date("due_date"), currency: try r.enumValue("currency", Currency.self),
                annualInterestBasisPoints: try r.optInt("interest_bps"))
            claims[try r.string("case_id"), default: []].append(claim)
        }
        var entries: [String: [LedgerEntry]] = [:]
        for r in try await db.raw(
            """
            SELECT e.case_id, e.claim_id, e.date, e.kind, e.component, e.amount, e.currency, e.rule_id, e.legal_basis,
            e.payment_id, e.period_through, t.text AS cited
            FROM ledger_entries e LEFT JOIN legal_texts t ON t.ref = e.legal_basis_ref
            WHERE \(inPage) ORDER BY case_id, seq
            """
        ).all() {
            let currency = try r.enumValue("currency", Currency.self)
            entries[try r.string("case_id"), default: []].append(
                LedgerEntry(
                    claimId: try r.string("claim_id"), date: try r.date("date"),
                    kind: try r.enumValue("kind", LedgerEntry.Kind.self),
                    component: try r.enumValue("component", Component.self),
                    amount: try r.money("amount", currency: currency),
                    ruleId: try r.optString("rule_id"),
                    legalBasis: try r.optString("legal_basis") ?? r.optString("cited"),
                    paymentId: try r.optString("payment_id"), periodThrough: try r.optDate("period_through")))
        }
        var payments: [String: [PaymentRecord]] = [:]
        for r in try await db.raw("SELECT * FROM payments WHERE \(inPage) ORDER BY date, id").all() {
            let currency = try r.enumValue("currency", Currency.self)
            let caseId = try r.string("case_id")
            let id = try r.string("id")
            let allocations = (entries[caseId] ?? []).filter { $0.paymentId == id && $0.ruleId == "allocation" }
            payments[caseId, default: []].append(
                PaymentRecord(
                    payment: Payment(
                        id: id, date: try r.date("date"), amount: try r.money("amount", currency: currency)),
                    allocations: allocations, credit: try r.money("credit", currency: currency),
                    reversedOn: try r.optDate("reversed_on")))
        }
        var holds: [String: [Hold]] = [:]
        for r in try await db.raw("SELECT * FROM holds WHERE \(inPage) ORDER BY start_date, id").all() {
            holds[try r.string("case_id"), default: []].append(try HoldStore.hold(r))
        }
        var escalations: [String: [EscalationRecord]] = [:]
        var reviews: [String: [ReviewRecord]] = [:]
        for r in try await db.raw(
            "SELECT case_id, date, payload FROM decisions WHERE \(inPage) AND action = 'reviewDue'"
        ).all() {
            if case .reviewDue(let k) = try fromJSON(Action.self, try r.string("payload")) {
                reviews[try r.string("case_id"), default: []].append(ReviewRecord(kind: k, date: try r.date("date")))
            }
        }
        // Escalations from every source (the cycle, the console, text cues), so a crisis already escalated by a
        // person is not escalated again by the engine.
        for r in try await db.raw("SELECT case_id, date, priority FROM escalations WHERE \(inPage)").all() {
            escalations[try r.string("case_id"), default: []].append(
                EscalationRecord(
                    date: try r.date("date"), priority: try r.enumValue("priority", EscalationPriority.self)))
        }
        // Every queued letter is a contact; those with a term (a deadline) are the case's letter steps (migration 11).
        var history: [String: [ContactRecord]] = [:]
        var steps: [String: [StepTaken]] = [:]
        for r in try await db.raw(
            "SELECT case_id, step_id, occurrence, date, channel, deadline FROM communications WHERE \(inPage)"
        ).all() {
            let caseId = try r.string("case_id")
            let date = try r.date("date")
            let channel = try r.enumValue("channel", Channel.self)
            history[caseId, default: []].append(ContactRecord(date: date, channel: channel))
            if let deadline = try r.optDate("deadline") {
                steps[caseId, default: []].append(
                    StepTaken(
                        stepId: try r.string("step_id"), occurrence: Int(try r.int("occurrence")), date: date,
                        channel: channel, deadline: deadline))
            }
        }
        var waits: [String: String] = [:]
        for r in lastWaits ? try await db.raw("SELECT case_id, ref FROM case_waits WHERE \(inPage)").all() : [] {
            let ref = try r.string("ref")
            if !ref.isEmpty { waits[try r.string("case_id")] = ref }
        }
        var plans: [String: PlanSummary] = [:]
        var planDetails: [String: PaymentPlan] = [:]
        for r in try await db.raw("SELECT * FROM plans WHERE \(inPage)").all() {
            let caseId = try r.string("case_id")
            plans[caseId] = PlanSummary(
                state: try r.enumValue("state", PlanSummary.State.self), since: try r.date("since"))
            if let detail = try r.optString("detail") { planDetails[caseId] = try fromJSON(PaymentPlan.self, detail) }
        }
        var affordability: [String: (summary: AffordabilitySummary, monthly: Int64?)] = [:]
        for r in try await db.raw("SELECT * FROM affordability WHERE \(inPage)").all() {
            affordability[try r.string("case_id")] = (
                AffordabilitySummary(
                    assessedOn: try r.date("assessed_on"),
                    verdict: try r.enumValue("verdict", AffordabilitySummary.Verdict.self)),
                try r.optInt("monthly")
            )
        }
        var phones: [String: Bool] = [:]
        for r in try await db.raw(
            "SELECT id, phone FROM customers WHERE \(pageKeys("id", records.map(\.customerId), records: records, db: db))"
        ).all() {
            phones[try r.string("id")] = try r.optString("phone") != nil
        }

        var contact: [String: (EmailConsent?, ContactPreferences?)] = [:]
        for r in try await db.raw(
            "SELECT customer_id, email_consent, preferences FROM customer_contact WHERE \(pageKeys("customer_id", records.map(\.customerId), records: records, db: db))"
        ).all() {
            contact[try r.string("customer_id")] = (
                try r.optString("email_consent").map { try fromJSON(EmailConsent.self, $0) },
                try r.optString("preferences").map { try fromJSON(ContactPreferences.self, $0) }
            )
        }

        return records.map { rec in
            let ledger = Ledger(
                currency: rec.currency, claims: claims[rec.id] ?? [], entries: entries[rec.id] ?? [],
                payments: payments[rec.id] ?? [])
            var s = CaseSnapshot(caseId: rec.id, country: rec.country, ledger: ledger)
            s.sector = rec.sector
            s.steps = (steps[rec.id] ?? []).sorted {
                ($0.date, $0.occurrence, $0.stepId) < ($1.date, $1.occurrence, $1.stepId)
            }
            s.holds = holds[rec.id] ?? []
            s.plan = plans[rec.id]
            s.contact.history = history[rec.id] ?? []
            s.contact.hasPhone = phones[rec.customerId] ?? false
            if let (consent, preferences) = contact[rec.customerId] {
                s.contact.emailConsent = consent
                s.contact.preferences = preferences ?? s.contact.preferences
            }
            s.handleWithCare = rec.handleWithCare
            s.vulnerabilityReviewOn = reviewOn[rec.id]
            // The affordable amount is in the case's currency; plans are checked against it.
            s.affordability = affordability[rec.id].map { a in
                var summary = a.summary
                summary.affordableMonthly = a.monthly.map { Money(minorUnits: $0, currency: rec.currency) }
                return summary
            }
            s.referredToCreditorOn = rec.referredOn
            s.escalations = escalations[rec.id] ?? []
            s.reviews = reviews[rec.id] ?? []
            s.closedOn = rec.closedOn
            s.stoppedOn = rec.stoppedOn
            return LoadedCase(
                record: rec, snapshot: s, storedEntries: (entries[rec.id] ?? []).count, storedSteps: s.steps.count,
                plan: planDetails[rec.id], lastWait: waits[rec.id])
        }
    }

    /// Queues a notice (a letter whose template is named by `template`: a plan confirmation, a paid-in-full letter…)
    /// once per case, template, occurrence and day; queuing it again changes nothing.
    static func queueNotice(
        _ template: String, occurrence: Int, caseId: String, on date: LocalDate, db: any SQLDatabase
    )
        async throws
    {
        let iso = date.iso
        try await db.raw(
            """
            INSERT INTO communications (id, case_id, step_id, occurrence, date, channel, deadline, status,
            idempotency_key, created_at) VALUES (\(bind: newID()), \(bind: caseId), \(bind: template), \(bind: occurrence),
            \(bind: iso), 'letter', NULL, 'queued', \(bind: "\(caseId)|\(template)#\(occurrence)|\(iso)"),
            \(bind: Timestamp.now())) ON CONFLICT (idempotency_key) DO NOTHING
            """
        ).run()
    }

    /// Queues the notice that confirms what a person agreed outside the daily cycle (a plan, a pause, a dispute
    /// received). Holds allow these: they are the legally required or requested notices, not requests for payment.
    public func queueNotice(_ template: String, caseId: String, on date: LocalDate) async throws {
        try await database.transaction { db in
            try await Self.queueNotice(template, occurrence: 1, caseId: caseId, on: date, db: db)
        }
    }
}
