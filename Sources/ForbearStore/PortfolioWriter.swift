import ForbearCore
import SQLKit

/// One valid portfolio row, ready to store.
public struct PortfolioRow: Sendable {
    public var line: Int
    public var claimRef: String
    public var customerRef: String
    public var firstName: String
    public var lastName: String
    public var addressLine1: String
    public var postcode: String
    public var city: String
    public var country: Country
    public var language: Language
    public var principal: Money
    public var dueDate: LocalDate
    public var description: String
    public var birthDate: LocalDate?
    public var email: String?
    public var phone: String?
    public var invoiceDate: LocalDate?
    public var originalCreditor: String?
    public var sector: String?
    public var interestBasisPoints: Int64?

    public init(
        line: Int, claimRef: String, customerRef: String, firstName: String, lastName: String, addressLine1: String,
        postcode: String, city: String, country: Country, language: Language, principal: Money, dueDate: LocalDate,
        description: String, birthDate: LocalDate? = nil, email: String? = nil, phone: String? = nil,
        invoiceDate: LocalDate? = nil, originalCreditor: String? = nil, sector: String? = nil,
        interestBasisPoints: Int64? = nil
    ) {
        self.line = line
        self.claimRef = claimRef
        self.customerRef = customerRef
        self.firstName = firstName
        self.lastName = lastName
        self.addressLine1 = addressLine1
        self.postcode = postcode
        self.city = city
        self.country = country
        self.language = language
        self.principal = principal
        self.dueDate = dueDate
        self.description = description
        self.birthDate = birthDate
        self.email = email
        self.phone = phone
        self.invoiceDate = invoiceDate
        self.originalCreditor = originalCreditor
        self.sector = sector
        self.interestBasisPoints = interestBasisPoints
    }
}

/// What happened to a row when it was written.
public enum RowOutcome: Sendable, Equatable {
    case imported
    /// The claim was imported before (same creditor and claim_ref): nothing changes.
    case alreadyPresent
    /// The same claim_ref appears earlier in this very file.
    case duplicateInFile
    /// The row conflicts with what is stored (e.g. a customer_ref already used for another country).
    case conflict(column: String, reason: String)
}

/// Writes validated portfolio rows: creditor, customer, case (one per creditor and customer, with its payment
/// reference), claim and its principal charge. Idempotent on creditor + claim_ref.
public struct PortfolioWriter: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func creditorId(named name: String) async throws -> String {
        try await database.transaction { db in
            if let r = try await db.raw("SELECT id FROM creditors WHERE name = \(bind: name)").first() {
                return try r.string("id")
            }
            let id = newID()
            try await db.raw(
                "INSERT INTO creditors (id, name, created_at) VALUES (\(bind: id), \(bind: name), \(bind: Timestamp.now()))"
            ).run()
            return id
        }
    }

    public func findCreditor(named name: String) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT id FROM creditors WHERE name = \(bind: name)").first().map { try $0.string("id") }
        }
    }

    /// Writes a batch in one transaction; returns each row's outcome in order. What is already stored is read with
    /// one query per table for the whole batch and the new rows go in as multi-row inserts, so a batch costs a handful
    /// of statements instead of five per row.
    public func write(_ rows: [PortfolioRow], creditorId: String, importId: String) async throws -> [RowOutcome] {
        try await database.transaction { db in
            try await Self.write(rows, creditorId: creditorId, importId: importId, db: db)
        }
    }

    static func write(_ rows: [PortfolioRow], creditorId: String, importId: String, db: any SQLDatabase)
        async throws -> [RowOutcome]
    {
        var stored = try await Self.stored(rows, creditorId: creditorId, db: db)
        stored.nextNumber = try await lastCaseNumber(db)
        var plan = ImportPlan(creditorId: creditorId, importId: importId, stored: stored, rows: rows.count)
        let outcomes = rows.map { plan.add($0) }
        try await plan.insert(db: db)
        return outcomes
    }

    static func lastCaseNumber(_ db: any SQLDatabase) async throws -> Int64 {
        try await db.raw("SELECT MAX(number) AS n FROM cases").first()?.optInt("n") ?? 0
    }

    /// The claims, customers and cases a batch refers to that are already stored.
    static func stored(_ rows: [PortfolioRow], creditorId: String, db: any SQLDatabase) async throws
        -> ImportPlan.Stored
    {
        var stored = ImportPlan.Stored()
        let claimRefs = Array(Set(rows.map(\.claimRef)))
        for r in try await db.raw(
            "SELECT claim_ref, import_id FROM claims WHERE creditor_id = \(bind: creditorId) AND claim_ref IN \(inList(claimRefs))"
        ).all() {
            stored.claims[try r.string("claim_ref")] = try r.optString("import_id")
        }
        let customerRefs = Array(Set(rows.map(\.customerRef)))
        for r in try await db.raw(
            """
            SELECT cu.id, cu.customer_ref, cu.country, c.id AS case_id, c.currency,
            (SELECT COUNT(*) FROM ledger_entries l WHERE l.case_id = c.id) AS entries
            FROM customers cu LEFT JOIN cases c ON c.customer_id = cu.id AND c.creditor_id = cu.creditor_id
            WHERE cu.creditor_id = \(bind: creditorId) AND cu.customer_ref IN \(inList(customerRefs))
            """
        ).all() {
            let ref = try r.string("customer_ref")
            stored.customers[ref] = (try r.string("id"), try r.enumValue("country", Country.self))
            if let caseId = try r.optString("case_id") {
                stored.cases[ref] = ImportPlan.CaseSlot(
                    id: caseId, currency: try r.enumValue("currency", Currency.self),
                    nextSeq: Int(try r.optInt("entries") ?? 0))
            }
        }
        return stored
    }
}

/// The rows one import batch adds, decided in memory from what is stored and what came earlier in the batch.
struct ImportPlan: Sendable {
    struct CaseSlot: Sendable {
        var id: String
        var currency: Currency
        var nextSeq: Int
    }
    struct Stored: Sendable {
        /// claim_ref → the import that brought it.
        var claims: [String: String?] = [:]
        /// customer_ref → (customer id, country).
        var customers: [String: (id: String, country: Country)] = [:]
        /// customer_ref → the creditor's case for that customer.
        var cases: [String: CaseSlot] = [:]
        /// The highest case number so far.
        var nextNumber: Int64 = 0

        init() {}

        /// Room for `count` more rows' entries: a batch's maps grown one entry at a time were hashed again at every
        /// doubling (6% of a preparing thread's samples, perf, a million rows).
        init(reserving count: Int) { reserve(count) }

        mutating func reserve(_ count: Int) {
            claims.reserveCapacity(claims.count + count)
            customers.reserveCapacity(customers.count + count)
            cases.reserveCapacity(cases.count + count)
        }

        /// Adds what only `older` knows, keeping this one's entries and last number. The carry from the batch before
        /// takes in the few rows a batch read, rather than the other way round: that copied the carry's thousands of
        /// entries into the read ones, entry by entry (4% of a preparing thread's samples, perf, a million rows).
        mutating func keep(over older: Stored) {
            claims.merge(older.claims) { kept, _ in kept }
            customers.merge(older.customers) { kept, _ in kept }
            cases.merge(older.cases) { kept, _ in kept }
        }
    }

    static let customerColumns = [
        "id", "creditor_id", "customer_ref", "first_name", "last_name", "address_line1", "postcode", "city", "country",
        "language", "birth_date", "email", "phone",
    ]
    static let caseColumns = [
        "id", "number", "creditor_id", "customer_id", "country", "currency", "payment_reference", "status", "sector",
        "handle_with_care", "created_at",
    ]
    static let claimColumns = [
        "id", "case_id", "creditor_id", "claim_ref", "description", "due_date", "currency", "interest_bps",
        "invoice_date", "original_creditor", "import_id",
    ]

    let creditorId: String
    let importId: String
    var stored: Stored
    var customers: InsertRows
    var cases: InsertRows
    var claims: InsertRows
    var ledger: InsertRows
    let createdAt = Timestamp.now()

    /// A plan for `rows` rows, with room for each row's entries and insert rows.
    init(creditorId: String, importId: String, stored: Stored, rows: Int) {
        self.creditorId = creditorId
        self.importId = importId
        self.stored = stored
        self.stored.reserve(rows)
        customers = InsertRows(columns: Self.customerColumns.count, reserving: rows)
        cases = InsertRows(columns: Self.caseColumns.count, reserving: rows)
        claims = InsertRows(columns: Self.claimColumns.count, reserving: rows)
        ledger = InsertRows(columns: LedgerStore.columns.count, reserving: rows)
    }

    func insert(db: any SQLDatabase) async throws {
        try await bulkInsert(into: "customers", columns: Self.customerColumns, rows: customers, db: db)
        try await bulkInsert(into: "cases", columns: Self.caseColumns, rows: cases, db: db)
        try await bulkInsert(into: "claims", columns: Self.claimColumns, rows: claims, db: db)
        try await LedgerStore.insert(ledger, db: db)
    }

    mutating func add(_ row: PortfolioRow) -> RowOutcome {
        if let seen = stored.claims[row.claimRef] {
            return seen == importId ? .duplicateInFile : .alreadyPresent
        }
        let customerId: String
        if let c = stored.customers[row.customerRef] {
            guard c.country == row.country else {
                return .conflict(
                    column: "country",
                    reason:
                        "customer \(row.customerRef) is already in \(c.country.rawValue); one customer has one country")
            }
            customerId = c.id
        } else {
            customerId = newID()
            stored.customers[row.customerRef] = (customerId, row.country)
            customers.append([
                .text(customerId), .text(creditorId), .text(row.customerRef), .text(row.firstName), .text(row.lastName),
                .text(row.addressLine1), .text(row.postcode), .text(row.city), .text(row.country.rawValue),
                .text(row.language.rawValue), .text(row.birthDate?.iso), .text(row.email), .text(row.phone),
            ])
        }
        let currency = row.principal.currency
        var slot: CaseSlot
        if let c = stored.cases[row.customerRef] {
            guard c.currency == currency else {
                return .conflict(column: "currency", reason: "the customer's case is in \(c.currency.rawValue)")
            }
            slot = c
        } else {
            slot = CaseSlot(id: newID(), currency: currency, nextSeq: 0)
            stored.nextNumber += 1
            let reference = PaymentReference.forCase(number: stored.nextNumber, country: row.country)
            cases.append([
                .text(slot.id), .int(stored.nextNumber), .text(creditorId), .text(customerId),
                .text(row.country.rawValue),
                .text(currency.rawValue), .text(reference.value), .text("open"), .text(row.sector), .int(0),
                .text(createdAt),
            ])
        }
        let claimId = newID()
        stored.claims[row.claimRef] = importId
        claims.append([
            .text(claimId), .text(slot.id), .text(creditorId), .text(row.claimRef), .text(row.description),
            .text(row.dueDate.iso), .text(currency.rawValue), .int(row.interestBasisPoints),
            .text(row.invoiceDate?.iso), .text(row.originalCreditor), .text(importId),
        ])
        let charge = LedgerEntry(
            claimId: claimId, date: row.dueDate, kind: .charge, component: .principal, amount: row.principal,
            ruleId: "import", legalBasis: row.description)
        ledger.append(LedgerStore.row(charge, caseId: slot.id, seq: slot.nextSeq))
        slot.nextSeq += 1
        stored.cases[row.customerRef] = slot
        return .imported
    }
}

extension PortfolioWriter {
    public func creditorName(id: String) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT name FROM creditors WHERE id = \(bind: id)").first().map { try $0.string("name") }
        }
    }
}
