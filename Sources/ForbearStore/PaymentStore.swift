import ForbearCore
import SQLKit

/// What happened to one bank entry.
public enum EntryOutcome: Sendable, Equatable {
    case booked(caseId: String, how: String, credit: Money)
    /// Seen before (same bank reference): nothing is booked twice.
    case duplicate
    /// No case found: waiting for staff, with the cases it might be.
    case unmatched(suggestions: [String])
    case reversed(caseId: String)
    /// A returned payment whose original could not be found: waiting for staff.
    case reversalUnmatched
    /// The entry's currency is not the case's.
    case currencyMismatch(caseId: String)
}

/// Bank entries: matched to cases by their candidates, booked with exact allocation, reversed when returned.
public struct PaymentStore: Sendable {
    public let database: Database
    public let packs: RulePackLibrary

    public init(database: Database, packs: RulePackLibrary) {
        self.database = database
        self.packs = packs
    }

    /// Receives one entry: a returned payment is reversed in its own transaction, anything else goes through the
    /// same matching and booking as a batch.
    public func receive(_ entry: BankEntry, source: String) async throws -> EntryOutcome {
        guard entry.isReversal else { return try await receiveBatch([entry], source: source)[0] }
        return try await database.transaction { db in
            if try await db.raw("SELECT entry_ref FROM bank_entries WHERE entry_ref = \(bind: entry.entryReference)")
                .first() != nil
            {
                return .duplicate
            }
            return try await reverse(entry, source: source, db: db)
        }
    }

    /// A returned payment undoes the booked entry with the same end-to-end id, or failing that the latest booked entry
    /// with the same reference and amount.
    func reverse(_ entry: BankEntry, source: String, db: any SQLDatabase) async throws -> EntryOutcome {
        var original: (ref: String, caseId: String)?
        if let e2e = entry.endToEndId,
            let r = try await db.raw(
                "SELECT entry_ref, case_id FROM bank_entries WHERE end_to_end_id = \(bind: e2e) AND status = 'booked' AND is_reversal = 0"
            ).first()
        {
            original = (try r.string("entry_ref"), try r.string("case_id"))
        } else if let ref = entry.structuredReference,
            let r = try await db.raw(
                """
                SELECT entry_ref, case_id FROM bank_entries WHERE structured_ref = \(bind: ref) AND amount = \(bind: entry.amount.minorUnits)
                AND status = 'booked' AND is_reversal = 0 ORDER BY booking_date DESC LIMIT 1
                """
            ).first()
        {
            original = (try r.string("entry_ref"), try r.string("case_id"))
        }
        guard let original else {
            try await record(
                entry, status: "reversalUnmatched", caseId: nil, how: nil, suggestions: [], source: source, db: db)
            return .reversalUnmatched
        }
        try await LedgerStore.reverse(paymentId: original.ref, caseId: original.caseId, on: entry.bookingDate, db: db)
        try await db.raw("UPDATE bank_entries SET status = 'reversed' WHERE entry_ref = \(bind: original.ref)").run()
        try await record(
            entry, status: "booked", caseId: original.caseId, how: "reversal of \(original.ref)", suggestions: [],
            source: source, db: db)
        return .reversed(caseId: original.caseId)
    }

    func record(
        _ e: BankEntry, status: String, caseId: String?, how: String?, suggestions: [String], source: String,
        db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO bank_entries (entry_ref, booking_date, value_date, amount, currency, is_reversal, structured_ref,
            unstructured, end_to_end_id, status, case_id, matched_how, suggestions, source, created_at) VALUES (
            \(bind: e.entryReference), \(bind: e.bookingDate.iso), \(bind: e.valueDate?.iso), \(bind: e.amount.minorUnits),
            \(bind: e.amount.currency.rawValue), \(bind: e.isReversal ? 1 : 0), \(bind: e.structuredReference),
            \(bind: e.unstructured), \(bind: e.endToEndId), \(bind: status), \(bind: caseId), \(bind: how),
            \(bind: try json(suggestions)), \(bind: source), \(bind: Timestamp.now()))
            """
        ).run()
    }

    /// Entries waiting for staff, oldest first.
    public func unmatched(limit: Int = 100) async throws -> [(
        entryRef: String, amount: Money, text: String?, suggestions: [String]
    )] {
        try await database.read { db in
            try await db.raw(
                "SELECT * FROM bank_entries WHERE status IN ('unmatched', 'reversalUnmatched') ORDER BY booking_date, entry_ref LIMIT \(bind: limit)"
            ).all().map { r in
                let currency = try r.enumValue("currency", Currency.self)
                return (
                    try r.string("entry_ref"), try r.money("amount", currency: currency),
                    try r.optString("unstructured") ?? r.optString("structured_ref"),
                    try fromJSON([String].self, try r.optString("suggestions") ?? "[]")
                )
            }
        }
    }
}
