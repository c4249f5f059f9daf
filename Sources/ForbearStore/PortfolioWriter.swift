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

    /// Writes a batch in one transaction; returns each row's outcome in order.
    public func write(_ rows: [PortfolioRow], creditorId: String, importId: String) async throws -> [RowOutcome] {
        try await database.transaction { db in
            var outcomes: [RowOutcome] = []
            var nextNumber = try await db.raw("SELECT MAX(number) AS n FROM cases").first()?.optInt("n") ?? 0
            for row in rows {
                if let existing = try await db.raw(
                    "SELECT import_id FROM claims WHERE creditor_id = \(bind: creditorId) AND claim_ref = \(bind: row.claimRef)"
                ).first() {
                    outcomes.append(
                        try existing.optString("import_id") == importId ? .duplicateInFile : .alreadyPresent)
                    continue
                }
                let customerId: String
                if let c = try await db.raw(
                    "SELECT id, country FROM customers WHERE creditor_id = \(bind: creditorId) AND customer_ref = \(bind: row.customerRef)"
                ).first() {
                    guard try c.string("country") == row.country.rawValue else {
                        outcomes.append(
                            .conflict(
                                column: "country",
                                reason:
                                    "customer \(row.customerRef) is already in \(try c.string("country")); one customer has one country"
                            ))
                        continue
                    }
                    customerId = try c.string("id")
                } else {
                    customerId = newID()
                    try await db.raw(
                        """
                        INSERT INTO customers (id, creditor_id, customer_ref, first_name, last_name, address_line1, postcode,
                        city, country, language, birth_date, email, phone) VALUES (\(bind: customerId), \(bind: creditorId),
                        \(bind: row.customerRef), \(bind: row.firstName), \(bind: row.lastName), \(bind: row.addressLine1),
                        \(bind: row.postcode), \(bind: row.city), \(bind: row.country.rawValue), \(bind: row.language.rawValue),
                        \(bind: row.birthDate?.iso), \(bind: row.email), \(bind: row.phone))
                        """
                    ).run()
                }
                let caseId: String
                if let c = try await db.raw(
                    "SELECT id, currency FROM cases WHERE creditor_id = \(bind: creditorId) AND customer_id = \(bind: customerId)"
                ).first() {
                    guard try c.string("currency") == row.principal.currency.rawValue else {
                        outcomes.append(
                            .conflict(
                                column: "currency", reason: "the customer's case is in \(try c.string("currency"))"))
                        continue
                    }
                    caseId = try c.string("id")
                } else {
                    caseId = newID()
                    nextNumber += 1
                    let reference = PaymentReference.forCase(number: nextNumber, country: row.country)
                    try await db.raw(
                        """
                        INSERT INTO cases (id, number, creditor_id, customer_id, country, currency, payment_reference,
                        status, sector, handle_with_care, created_at) VALUES (\(bind: caseId), \(bind: nextNumber),
                        \(bind: creditorId), \(bind: customerId), \(bind: row.country.rawValue),
                        \(bind: row.principal.currency.rawValue), \(bind: reference.value), 'open', \(bind: row.sector), 0,
                        \(bind: Timestamp.now()))
                        """
                    ).run()
                }
                let claimId = newID()
                try await db.raw(
                    """
                    INSERT INTO claims (id, case_id, creditor_id, claim_ref, description, due_date, currency, interest_bps,
                    invoice_date, original_creditor, import_id) VALUES (\(bind: claimId), \(bind: caseId), \(bind: creditorId),
                    \(bind: row.claimRef), \(bind: row.description), \(bind: row.dueDate.iso),
                    \(bind: row.principal.currency.rawValue), \(bind: row.interestBasisPoints), \(bind: row.invoiceDate?.iso),
                    \(bind: row.originalCreditor), \(bind: importId))
                    """
                ).run()
                let seq =
                    try await db.raw(
                        "SELECT COUNT(*) AS n FROM ledger_entries WHERE case_id = \(bind: caseId)"
                    ).first()?.int("n") ?? 0
                try await LedgerStore.insert(
                    LedgerEntry(
                        claimId: claimId, date: row.dueDate, kind: .charge, component: .principal,
                        amount: row.principal,
                        ruleId: "import", legalBasis: row.description),
                    caseId: caseId, seq: Int(seq), db: db)
                outcomes.append(.imported)
            }
            return outcomes
        }
    }
}

extension PortfolioWriter {
    public func creditorName(id: String) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT name FROM creditors WHERE id = \(bind: id)").first().map { try $0.string("name") }
        }
    }
}
