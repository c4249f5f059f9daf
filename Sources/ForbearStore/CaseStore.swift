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
    /// `caseColumns`' names in their order.
    static let caseColumnNames = caseColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }

    /// A case row read by its columns' names.
    static func record(_ row: any SQLRow) throws -> CaseRecord {
        var memo = CaseRowMemo()
        return try record(Columns(row: row, names: caseColumnNames), memo: &memo)
    }

    /// What a page's case rows repeat: a few creditors, whose ids are made once, and a few countries and currencies.
    struct CaseRowMemo {
        var creditors = TextMemo()
        var countries = CodeMemo<Country>()
        var currencies = CodeMemo<Currency>()
    }

    /// A case row whose first columns are `caseColumns`, in their order.
    static func record(_ c: Columns, memo: inout CaseRowMemo) throws -> CaseRecord {
        CaseRecord(
            id: try c.text(0), number: try c.int(1), creditorId: try c.text(2, reusing: &memo.creditors),
            customerId: try c.text(3), country: try c.enumValue(4, reusing: &memo.countries),
            currency: try c.enumValue(5, reusing: &memo.currencies), paymentReference: try c.text(6),
            status: try c.text(7),
            sector: try c.optText(8), handleWithCare: try c.int(9) != 0, vulnerabilityReviewOn: try c.optDate(10),
            closedOn: try c.optDate(11), stoppedOn: try c.optDate(12), referredOn: try c.optDate(13))
    }

    /// The case rows `query` reads (its first columns `caseColumns`).
    static func records(_ query: SQLQueryString, db: any SQLDatabase) async throws -> [CaseRecord] {
        var memo = CaseRowMemo()
        return try await db.rows(query) { try record($0, memo: &memo) }
    }

    /// The next page of open cases not yet decided for `date`, in case-number order after `afterNumber`.
    public func openCasesToDecide(on date: LocalDate, after afterNumber: Int64, limit: Int) async throws -> [LoadedCase]
    {
        try await database.read { db in
            try await Self.load(
                try await Self.undecided(on: date, after: afterNumber, limit: limit, db: db), lastWaits: true, db: db)
        }
    }

    /// Open cases without a decision for `date`. With `lock` (PostgreSQL only) the rows are locked for the transaction
    /// and rows another worker has locked are skipped, so workers running together never take the same case.
    static func undecided(
        on date: LocalDate, after afterNumber: Int64, through lastNumber: Int64 = .max, limit: Int, lock: Bool = false,
        db: any SQLDatabase
    )
        async throws -> [CaseRecord]
    {
        let skipLocked = lock ? " FOR UPDATE SKIP LOCKED" : ""
        return try await records(
            """
            SELECT \(unsafeRaw: caseColumns) FROM cases c WHERE c.status = 'open' AND c.number > \(bind: afterNumber)
            AND c.number <= \(bind: lastNumber) AND NOT EXISTS (SELECT 1 FROM case_days d WHERE d.case_id = c.id AND d.date = \(bind: date.iso))
            ORDER BY c.number LIMIT \(bind: limit)\(unsafeRaw: skipLocked)
            """, db: db)
    }

    /// Reads every open case page by page and decides and writes nothing: the baselines the daily cycle's speed is
    /// compared with. With `theirRows` each page's cases are read as the cycle reads them (their claims, ledger lines,
    /// payments, holds, letters, plan, contact and last wait, made into the cases the engine decides); without it only
    /// the case rows. Returns how many cases it read.
    public func scanOpenCases(pageSize: Int, theirRows: Bool = false) async throws -> Int {
        var after: Int64 = 0
        var count = 0
        while true {
            let cursor = after
            let last = try await database.read { db in
                let records = try await Self.records(
                    """
                    SELECT \(unsafeRaw: Self.caseColumns) FROM cases WHERE status = 'open' AND number > \(bind: cursor)
                    ORDER BY number LIMIT \(bind: pageSize)
                    """, db: db)
                if theirRows { _ = try await Self.load(records, lastWaits: true, db: db) }
                return records.last.map { (number: $0.number, count: records.count) }
            }
            guard let last else { return count }
            count += last.count
            after = last.number
        }
    }

    /// One case by id, as a snapshot.
    public func load(caseId: String) async throws -> LoadedCase? {
        try await database.read { db in try await Self.load(caseId: caseId, db: db) }
    }

    static func load(caseId: String, db: any SQLDatabase) async throws -> LoadedCase? {
        let records = try await records(
            "SELECT \(unsafeRaw: caseColumns) FROM cases WHERE id = \(bind: caseId)", db: db)
        return try await load(records, db: db).first
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
        pageKeys(column, keys, numbers: records.first.map { ($0.number, records[records.count - 1].number) }, db: db)
    }

    /// The same, given the page's first and last case numbers (its keys are its cases', one each).
    static func pageKeys(_ column: String, _ keys: [String], numbers: (first: Int64, last: Int64)?, db: any SQLDatabase)
        -> SQLQueryString
    {
        guard db.dialect.name == "sqlite", let first = keys.first,
            let last = keys.last,
            let (low, high) = numbers, high - low < 2 * Int64(keys.count),
            keys.indices.dropFirst().allSatisfy({ PageIndex.precedes(keys[$0 - 1], keys[$0]) })
        else { return "\(unsafeRaw: column) IN \(inList(keys))" }
        return "\(unsafeRaw: column) BETWEEN \(bind: first) AND \(bind: last)"
    }

    /// `lastWaits`: also read the wait each case last stored, which only the daily cycle needs (`DayRows`); without it
    /// a case reads as having none, and a wait decided from it is stored.
    ///
    /// Each table's rows are placed by the position of their case in the page (`PageIndex`), found from the case id's
    /// bytes. The claims and ledger lines, a page's most rows, are read in place (`Columns`).
    static func load(_ records: [CaseRecord], lastWaits: Bool = false, db: any SQLDatabase) async throws
        -> [LoadedCase]
    {
        guard !records.isEmpty else { return [] }
        let ids = records.map(\.id)
        let inPage = pageKeys("case_id", ids, records: records, db: db)
        var page = PageIndex(ids)
        func perCase<T>(_: T.Type) -> [[T]] { Array(repeating: [], count: records.count) }
        /// Each row of `query` with its case's position, read from `caseColumn`; or read by name, with `case_id`.
        func readInPlace(_ query: SQLQueryString, caseColumn: Int = 0, _ body: (Int, Columns) throws -> Void)
            async throws
        {
            try await db.eachRow(query) { c in if let p = try c.position(caseColumn, in: &page) { try body(p, c) } }
        }
        func readByName(_ query: SQLQueryString, _ body: (Int, any SQLRow) throws -> Void) async throws {
            for r in try await db.raw(query).all() {
                if let p = page.position(try r.string("case_id")) { try body(p, r) }
            }
        }

        var claims = perCase(Claim.self)
        var descriptions = TextMemo()
        var currencies = CodeMemo<Currency>()
        // The columns read and no more. In case order, then as the ledger needs them.
        try await readInPlace(
            """
            SELECT case_id, id, claim_ref, description, due_date, currency, interest_bps FROM claims
            WHERE \(inPage) ORDER BY case_id, due_date, id
            """
        ) { p, c in
            claims[p].append(
                Claim(
                    id: try c.text(1), reference: try c.text(2), description: try c.text(3, reusing: &descriptions),
                    dueDate: try c.date(4), currency: try c.enumValue(5, reusing: &currencies),
                    annualInterestBasisPoints: try c.optInt(6)))
        }
        var entries = perCase(LedgerEntry.self)
        var (claimIds, rules, bases, paymentIds) = (TextMemo(), TextMemo(), TextMemo(), TextMemo())
        var (kinds, components) = (CodeMemo<LedgerEntry.Kind>(), CodeMemo<Component>())
        try await readInPlace(
            """
            SELECT e.case_id, e.claim_id, e.date, e.kind, e.component, e.amount, e.currency, e.rule_id, e.legal_basis,
            e.payment_id, e.period_through, t.text AS cited
            FROM ledger_entries e LEFT JOIN legal_texts t ON t.ref = e.legal_basis_ref
            WHERE \(inPage) ORDER BY case_id, seq
            """
        ) { p, c in
            let currency = try c.enumValue(6, reusing: &currencies)
            entries[p].append(
                LedgerEntry(
                    claimId: try c.text(1, reusing: &claimIds), date: try c.date(2),
                    kind: try c.enumValue(3, reusing: &kinds), component: try c.enumValue(4, reusing: &components),
                    amount: try c.money(5, currency: currency), ruleId: try c.optText(7, reusing: &rules),
                    legalBasis: try c.optText(8, reusing: &bases) ?? c.optText(11, reusing: &bases),
                    paymentId: try c.optText(9, reusing: &paymentIds), periodThrough: try c.optDate(10)))
        }
        var payments = perCase(PaymentRecord.self)
        try await readByName("SELECT * FROM payments WHERE \(inPage) ORDER BY date, id") { p, r in
            let currency = try r.enumValue("currency", Currency.self)
            let id = try r.string("id")
            payments[p].append(
                PaymentRecord(
                    payment: Payment(
                        id: id, date: try r.date("date"), amount: try r.money("amount", currency: currency)),
                    allocations: entries[p].filter { $0.paymentId == id && $0.ruleId == "allocation" },
                    credit: try r.money("credit", currency: currency), reversedOn: try r.optDate("reversed_on")))
        }
        var holds = perCase(Hold.self)
        try await readByName("SELECT * FROM holds WHERE \(inPage) ORDER BY start_date, id") { p, r in
            holds[p].append(try HoldStore.hold(r))
        }
        var reviews = perCase(ReviewRecord.self)
        try await readByName("SELECT case_id, date, payload FROM decisions WHERE \(inPage) AND action = 'reviewDue'") {
            p, r in
            if case .reviewDue(let k) = try fromJSON(Action.self, try r.string("payload")) {
                reviews[p].append(ReviewRecord(kind: k, date: try r.date("date")))
            }
        }
        // Escalations from every source (the cycle, the console, text cues), so a crisis already escalated by a
        // person is not escalated again by the engine.
        var escalations = perCase(EscalationRecord.self)
        try await readByName("SELECT case_id, date, priority FROM escalations WHERE \(inPage)") { p, r in
            escalations[p].append(
                EscalationRecord(
                    date: try r.date("date"), priority: try r.enumValue("priority", EscalationPriority.self)))
        }
        // Every queued letter is a contact; those with a term (a deadline) are the case's letter steps (migration 11).
        var history = perCase(ContactRecord.self)
        var steps = perCase(StepTaken.self)
        var stepIds = TextMemo()
        var channels = CodeMemo<Channel>()
        try await readInPlace(
            "SELECT case_id, step_id, occurrence, date, channel, deadline FROM communications WHERE \(inPage)"
        ) { p, c in
            let date = try c.date(3)
            let channel = try c.enumValue(4, reusing: &channels)
            history[p].append(ContactRecord(date: date, channel: channel))
            if let deadline = try c.optDate(5) {
                steps[p].append(
                    StepTaken(
                        stepId: try c.text(1, reusing: &stepIds), occurrence: Int(try c.int(2)), date: date,
                        channel: channel, deadline: deadline))
            }
        }
        var waits = [String?](repeating: nil, count: records.count)
        if lastWaits {
            try await readInPlace("SELECT case_id, ref FROM case_waits WHERE \(inPage)") { p, c in
                let ref = try c.text(1)
                if !ref.isEmpty { waits[p] = ref }
            }
        }
        var plans = [PlanSummary?](repeating: nil, count: records.count)
        var planDetails = [PaymentPlan?](repeating: nil, count: records.count)
        try await readByName("SELECT * FROM plans WHERE \(inPage)") { p, r in
            plans[p] = PlanSummary(state: try r.enumValue("state", PlanSummary.State.self), since: try r.date("since"))
            if let detail = try r.optString("detail") { planDetails[p] = try fromJSON(PaymentPlan.self, detail) }
        }
        var affordability = [AffordabilitySummary?](repeating: nil, count: records.count)
        try await readByName("SELECT * FROM affordability WHERE \(inPage)") { p, r in
            var summary = AffordabilitySummary(
                assessedOn: try r.date("assessed_on"),
                verdict: try r.enumValue("verdict", AffordabilitySummary.Verdict.self))
            // The affordable amount is in the case's currency; plans are checked against it.
            summary.affordableMonthly = try r.optInt("monthly").map {
                Money(minorUnits: $0, currency: records[p].currency)
            }
            affordability[p] = summary
        }
        // By customer: a customer may have several cases in a page.
        let customers = pageKeys("id", records.map(\.customerId), records: records, db: db)
        var phones: [String: Bool] = [:]
        try await db.eachRow("SELECT id, phone FROM customers WHERE \(customers)") { c in
            phones[try c.text(0)] = try c.optText(1) != nil
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

        return records.indices.map { p in
            let rec = records[p]
            let ledger = Ledger(currency: rec.currency, claims: claims[p], entries: entries[p], payments: payments[p])
            var s = CaseSnapshot(caseId: rec.id, country: rec.country, ledger: ledger)
            s.sector = rec.sector
            s.steps = steps[p].sorted { ($0.date, $0.occurrence, $0.stepId) < ($1.date, $1.occurrence, $1.stepId) }
            s.holds = holds[p]
            s.plan = plans[p]
            s.contact.history = history[p]
            s.contact.hasPhone = phones[rec.customerId] ?? false
            if let (consent, preferences) = contact[rec.customerId] {
                s.contact.emailConsent = consent
                s.contact.preferences = preferences ?? s.contact.preferences
            }
            s.handleWithCare = rec.handleWithCare
            s.vulnerabilityReviewOn = rec.vulnerabilityReviewOn
            s.affordability = affordability[p]
            s.referredToCreditorOn = rec.referredOn
            s.escalations = escalations[p]
            s.reviews = reviews[p]
            s.closedOn = rec.closedOn
            s.stoppedOn = rec.stoppedOn
            return LoadedCase(
                record: rec, snapshot: s, storedEntries: entries[p].count, storedSteps: s.steps.count,
                plan: planDetails[p], lastWait: waits[p])
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
