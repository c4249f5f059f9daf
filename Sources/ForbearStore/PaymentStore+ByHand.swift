import ForbearCore
import SQLKit

/// Why staff could not book a waiting bank entry to a case.
public enum ByHandRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// Booked, reversed or never received: only entries waiting in the unmatched queue can be booked by hand.
    case notWaiting
    case noSuchCase
    case currencyMismatch(entry: Currency, case: Currency)

    public var description: String {
        switch self {
        case .notWaiting: return "that bank entry is not waiting in the unmatched queue (it may already be booked)"
        case .noSuchCase: return "there is no such case"
        case .currencyMismatch(let e, let c): return "the entry is in \(e.rawValue) but the case is in \(c.rawValue)"
        }
    }
}

extension PaymentStore {
    /// Books an entry from the unmatched queue to the case staff chose, with the same exact allocation as an
    /// automatic match, and records who matched it. Booking the same entry twice is refused, never done twice.
    public func bookByHand(entryRef: String, caseId: String, by staff: String) async throws -> Money {
        let packs = self.packs
        return try await database.transaction { db in
            guard
                let r = try await db.raw(
                    "SELECT * FROM bank_entries WHERE entry_ref = \(bind: entryRef) AND status = 'unmatched'"
                ).first()
            else { throw ByHandRefusal.notWaiting }
            let currency = try r.enumValue("currency", Currency.self)
            let entry = BankEntry(
                entryReference: entryRef, amount: try r.money("amount", currency: currency), isReversal: false,
                bookingDate: try r.date("booking_date"), valueDate: try r.optDate("value_date"),
                structuredReference: try r.optString("structured_ref"), unstructured: try r.optString("unstructured"),
                endToEndId: try r.optString("end_to_end_id"), path: "")
            guard let balances = try await LedgerBalances.load(caseIds: [caseId], db: db)[caseId] else {
                throw ByHandRefusal.noSuchCase
            }
            var ledger = balances.ledger
            guard ledger.currency == currency else {
                throw ByHandRefusal.currencyMismatch(entry: currency, case: ledger.currency)
            }
            var seq = balances.storedEntries
            var paymentRows: [[SQLValue]] = []
            var entryRows: [[SQLValue]] = []
            let booked = try Self.allocate(
                entry, caseId: caseId, country: balances.country, ledger: &ledger, seq: &seq, packs: packs,
                paymentRows: &paymentRows, entryRows: &entryRows)
            try await Self.insert(paymentRows: paymentRows, entryRows: entryRows, db: db)
            try await db.raw(
                """
                UPDATE bank_entries SET status = 'booked', case_id = \(bind: caseId),
                matched_how = \(bind: "by hand (\(staff))"), suggestions = '[]' WHERE entry_ref = \(bind: entryRef)
                """
            ).run()
            return booked.credit
        }
    }
}
