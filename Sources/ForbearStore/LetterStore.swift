import ForbearCore
import Foundation
import SQLKit

/// A message the daily cycle queued, waiting to be written and sent.
public struct PendingCommunication: Sendable, Hashable {
    public var id: String
    public var caseId: String
    public var stepId: String
    public var occurrence: Int
    public var date: LocalDate
    public var channel: Channel
    public var deadline: LocalDate?
    public var attempts: Int
}

/// What a letter needs to know about a case beyond the engine's snapshot: names and addresses, the creditor's
/// details, claim details, the customer's adjustments and email consent.
public struct LetterCaseDetails: Sendable {
    public var loaded: LoadedCase
    public var customerName: String
    public var customerAddress: [String]
    public var customerLanguage: String
    public var customerEmail: String?
    public var creditorName: String
    public var creditorAddress: String?
    public var creditorCompanyNumber: String?
    /// Per claim id: invoice date and original creditor, when the import gave them.
    public var claimExtras: [String: (invoiceDate: LocalDate?, originalCreditor: String?)]
    public var adjustments: Adjustments
    public var emailConsent: EmailConsent?
}

/// A letter as written: kept on the case with its PDF and checksum.
public struct StoredLetter: Sendable, Hashable {
    public var id: String
    public var caseId: String
    public var communicationId: String
    public var recipient: String
    public var template: String
    public var version: String
    public var language: String
    public var channel: Channel
    public var pages: Int
    public var sha256: String
    public var batch: String?
    public var pdf: [UInt8]
    public var createdAt: String

    public init(
        caseId: String, communicationId: String, recipient: String, template: String, version: String,
        language: String, channel: Channel, pages: Int, sha256: String, batch: String?, pdf: [UInt8]
    ) {
        self.id = newID()
        self.caseId = caseId
        self.communicationId = communicationId
        self.recipient = recipient
        self.template = template
        self.version = version
        self.language = language
        self.channel = channel
        self.pages = pages
        self.sha256 = sha256
        self.batch = batch
        self.pdf = pdf
        self.createdAt = Timestamp.now()
    }
}

/// Queued communications, the letters written for them, and the details letters carry. All SQL for letters.
public struct LetterStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Queued messages dated on or before `date` whose retry time (if any) has come, in id order after `after`.
    public func pending(on date: LocalDate, now: String = Timestamp.now(), after: String, limit: Int) async throws
        -> [PendingCommunication]
    {
        try await database.read { db in
            try await db.raw(
                """
                SELECT id, case_id, step_id, occurrence, date, channel, deadline, attempts FROM communications
                WHERE status = 'queued' AND date <= \(bind: date.iso) AND id > \(bind: after)
                AND (next_attempt_at IS NULL OR next_attempt_at <= \(bind: now)) ORDER BY id LIMIT \(bind: limit)
                """
            ).all().map { r in
                PendingCommunication(
                    id: try r.string("id"), caseId: try r.string("case_id"), stepId: try r.string("step_id"),
                    occurrence: Int(try r.int("occurrence")), date: try r.date("date"),
                    channel: try r.enumValue("channel", Channel.self), deadline: try r.optDate("deadline"),
                    attempts: Int(try r.int("attempts")))
            }
        }
    }

    public func details(caseIds: [String]) async throws -> [String: LetterCaseDetails] {
        guard !caseIds.isEmpty else { return [:] }
        return try await database.read { db in
            let list = inList(caseIds)
            let records = try await CaseStore.records(
                "SELECT \(unsafeRaw: CaseStore.caseColumns) FROM cases WHERE id IN \(list)", db: db)
            let loaded = try await CaseStore.load(records, db: db)
            var people: [String: any SQLRow] = [:]
            for r in try await db.raw(
                """
                SELECT c.id AS case_id, cu.first_name, cu.last_name, cu.address_line1, cu.postcode, cu.city, cu.language,
                cu.email, cr.name AS creditor_name, cr.address AS creditor_address, cr.company_number, cc.email_consent
                FROM cases c JOIN customers cu ON cu.id = c.customer_id JOIN creditors cr ON cr.id = c.creditor_id
                LEFT JOIN customer_contact cc ON cc.customer_id = c.customer_id WHERE c.id IN \(list)
                """
            ).all() {
                people[try r.string("case_id")] = r
            }
            var extras: [String: [String: (invoiceDate: LocalDate?, originalCreditor: String?)]] = [:]
            for r in try await db.raw(
                "SELECT id, case_id, invoice_date, original_creditor FROM claims WHERE case_id IN \(list)"
            ).all() {
                extras[try r.string("case_id"), default: [:]][try r.string("id")] = (
                    try r.optDate("invoice_date"), try r.optString("original_creditor")
                )
            }
            var adjustments: [String: Adjustments] = [:]
            for r in try await db.raw(
                "SELECT case_id, adjustments FROM disclosures WHERE case_id IN \(list) ORDER BY recorded_on, created_at"
            ).all() {
                adjustments[try r.string("case_id")] = try fromJSON(Adjustments.self, try r.string("adjustments"))
            }
            var out: [String: LetterCaseDetails] = [:]
            for l in loaded {
                guard let p = people[l.record.id] else { continue }
                out[l.record.id] = LetterCaseDetails(
                    loaded: l, customerName: "\(try p.string("first_name")) \(try p.string("last_name"))",
                    customerAddress: [
                        try p.string("address_line1"), "\(try p.string("postcode")) \(try p.string("city"))",
                    ],
                    customerLanguage: try p.string("language"), customerEmail: try p.optString("email"),
                    creditorName: try p.string("creditor_name"), creditorAddress: try p.optString("creditor_address"),
                    creditorCompanyNumber: try p.optString("company_number"),
                    claimExtras: extras[l.record.id] ?? [:], adjustments: adjustments[l.record.id] ?? .none,
                    emailConsent: try p.optString("email_consent").map { try fromJSON(EmailConsent.self, $0) })
            }
            return out
        }
    }

    /// Stores written letters and marks their communications sent, in one transaction: a rerun finds nothing
    /// left to send, and a letter is never stored twice for the same message and recipient.
    public func record(_ letters: [StoredLetter], sent: [String]) async throws {
        try await database.transaction { db in
            for l in letters {
                try await db.raw(
                    """
                    INSERT INTO letters (id, case_id, communication_id, recipient, template, version, language, channel,
                    pages, sha256, batch, pdf, created_at) VALUES (\(bind: l.id), \(bind: l.caseId),
                    \(bind: l.communicationId), \(bind: l.recipient), \(bind: l.template), \(bind: l.version),
                    \(bind: l.language), \(bind: l.channel.rawValue), \(bind: l.pages), \(bind: l.sha256), \(bind: l.batch),
                    \(bind: Data(l.pdf).base64EncodedString()), \(bind: l.createdAt))
                    ON CONFLICT (communication_id, recipient) DO NOTHING
                    """
                ).run()
            }
            let now = Timestamp.now()
            for id in sent {
                try await db.raw(
                    """
                    UPDATE communications SET status = 'sent', sent_at = \(bind: now), last_error = NULL
                    WHERE id = \(bind: id) AND status = 'queued'
                    """
                ).run()
            }
        }
    }

    /// A message that could not go out: tried again at `retryAt`, or dead (kept for staff) when nil.
    public func failed(_ id: String, error: String, attempts: Int, retryAt: String?) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                UPDATE communications SET attempts = \(bind: attempts), last_error = \(bind: error),
                next_attempt_at = \(bind: retryAt), status = \(bind: retryAt == nil ? "dead" : "queued") WHERE id = \(bind: id)
                """
            ).run()
        }
    }

    /// A letter that cannot be written lawfully with the data on file (no creditor address, say): it waits, with
    /// the reason, for staff to complete the data and queue it again.
    public func hold(_ id: String, reason: String) async throws {
        try await database.transaction { db in
            try await db.raw(
                "UPDATE communications SET status = 'failed', last_error = \(bind: reason) WHERE id = \(bind: id)"
            ).run()
        }
    }

    /// An email that may not be sent (no valid consent) goes by post instead, saying why.
    public func switchToPost(_ id: String, reason: String) async throws {
        try await database.transaction { db in
            try await db.raw(
                "UPDATE communications SET channel = 'letter', last_error = \(bind: reason) WHERE id = \(bind: id)"
            ).run()
        }
    }

    public struct LetterSummary: Sendable, Hashable {
        public var id: String
        public var stepId: String
        public var date: LocalDate
        public var recipient: String
        public var template: String
        public var version: String
        public var language: String
        public var channel: String
        public var pages: Int
        public var sha256: String
    }

    public func letters(caseId: String) async throws -> [LetterSummary] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT l.id, c.step_id, c.date, l.recipient, l.template, l.version, l.language, l.channel, l.pages, l.sha256
                FROM letters l JOIN communications c ON c.id = l.communication_id WHERE l.case_id = \(bind: caseId)
                ORDER BY c.date, l.created_at, l.recipient
                """
            ).all().map { r in
                LetterSummary(
                    id: try r.string("id"), stepId: try r.string("step_id"), date: try r.date("date"),
                    recipient: try r.string("recipient"), template: try r.string("template"),
                    version: try r.string("version"), language: try r.string("language"),
                    channel: try r.string("channel"), pages: Int(try r.int("pages")), sha256: try r.string("sha256"))
            }
        }
    }

    public func pdf(caseId: String, letterId: String) async throws -> [UInt8]? {
        try await database.read { db in
            guard
                let text = try await db.raw(
                    "SELECT pdf FROM letters WHERE id = \(bind: letterId) AND case_id = \(bind: caseId)"
                ).first()?.optString("pdf")
            else { return nil }
            return Data(base64Encoded: text).map { [UInt8]($0) }
        }
    }

    /// The creditor details letters must carry (address; company number where the law asks for it).
    public func setCreditorDetails(name: String, address: String?, companyNumber: String?) async throws -> Bool {
        try await database.transaction { db in
            let found = try await db.raw("SELECT id FROM creditors WHERE name = \(bind: name)").first() != nil
            try await db.raw(
                """
                UPDATE creditors SET address = \(bind: address), company_number = \(bind: companyNumber)
                WHERE name = \(bind: name)
                """
            ).run()
            return found
        }
    }

    /// Records (or withdraws, with `revokedOn`) a customer's email consent and their channel preferences.
    public func setEmailConsent(customerId: String, _ consent: EmailConsent?, preferences: ContactPreferences)
        async throws
    {
        try await database.transaction { db in
            let text = try consent.map { try json($0) }
            try await db.raw(
                """
                INSERT INTO customer_contact (customer_id, email_consent, preferences, updated_at)
                VALUES (\(bind: customerId), \(bind: text), \(bind: try json(preferences)), \(bind: Timestamp.now()))
                ON CONFLICT (customer_id) DO UPDATE SET email_consent = excluded.email_consent,
                preferences = excluded.preferences, updated_at = excluded.updated_at
                """
            ).run()
        }
    }
}
