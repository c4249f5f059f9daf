import ForbearCore
import SQLKit

/// Ledger lines and payments. Lines are append-only; `seq` keeps their order within a case.
public enum LedgerStore {
    static let columns = [
        "id", "case_id", "claim_id", "seq", "date", "kind", "component", "amount", "currency", "rule_id", "legal_basis",
        "payment_id", "period_through", "legal_basis_ref",
    ]

    /// One ledger line as a row for `bulkInsert` (columns as in `columns`), its legal basis written out.
    static func row(_ e: LedgerEntry, caseId: String, seq: Int) -> [SQLValue] {
        row(e, caseId: caseId, seq: seq, basis: .text(e.legalBasis), ref: .text(nil))
    }

    /// One line the daily cycle adds (interest, a fee), citing its legal basis by reference in `legal_texts`, which
    /// the page stores with `refs` (migration 12). The import's charges keep their text: theirs is the claim's
    /// description, different for every claim.
    static func row(_ e: LedgerEntry, caseId: String, seq: Int, refs: inout LegalTexts.Refs) -> [SQLValue] {
        guard let basis = e.legalBasis else { return row(e, caseId: caseId, seq: seq) }
        return row(e, caseId: caseId, seq: seq, basis: .text(nil), ref: .text(refs.ref(basis)))
    }

    private static func row(_ e: LedgerEntry, caseId: String, seq: Int, basis: SQLValue, ref: SQLValue) -> [SQLValue] {
        [
            .text(newID()), .text(caseId), .text(e.claimId), .int(Int64(seq)), .text(e.date.iso),
            .text(e.kind.rawValue),
            .text(e.component.rawValue), .int(e.amount.minorUnits), .text(e.amount.currency.rawValue), .text(e.ruleId),
            basis, .text(e.paymentId), .text(e.periodThrough?.iso), ref,
        ]
    }

    static func insert(_ rows: [[SQLValue]], db: any SQLDatabase) async throws {
        try await insert(InsertRows(rows, columns: columns.count), db: db)
    }

    static func insert(_ rows: InsertRows, db: any SQLDatabase) async throws {
        try await bulkInsert(into: "ledger_entries", columns: columns, rows: rows, chunk: 100, db: db)
    }

    static func insert(_ e: LedgerEntry, caseId: String, seq: Int, db: any SQLDatabase) async throws {
        try await insert([row(e, caseId: caseId, seq: seq)], db: db)
    }

    /// Books a payment on a case: allocated in the rule pack's order, the rest held as credit, all in one
    /// transaction. A payment id seen before is refused, so re-sending the same payment books nothing twice.
    public static func bookPayment(
        _ payment: Payment, caseId: String, order: [Component], database: Database
    ) async throws -> PaymentRecord {
        try await database.transaction { db in
            guard
                let loaded = try await CaseStore.load(caseId: caseId, db: db)
            else { throw StoreError.notFound("case \(caseId)") }
            return try await book(payment, loaded: loaded, order: order, db: db)
        }
    }

    /// Books inside an open transaction (the caller holds it).
    static func book(_ payment: Payment, loaded: LoadedCase, order: [Component], db: any SQLDatabase) async throws
        -> PaymentRecord
    {
        if try await db.raw("SELECT id FROM payments WHERE id = \(bind: payment.id)").first() != nil {
            throw StoreError.conflict("payment \(payment.id) is already booked")
        }
        var ledger = loaded.snapshot.ledger
        let record = try ledger.apply(payment, order: order)
        try await db.raw(
            """
            INSERT INTO payments (id, case_id, date, amount, currency, credit) VALUES (\(bind: payment.id),
            \(bind: loaded.record.id), \(bind: payment.date.iso), \(bind: payment.amount.minorUnits),
            \(bind: payment.amount.currency.rawValue), \(bind: record.credit.minorUnits))
            """
        ).run()
        for (i, line) in record.allocations.enumerated() {
            try await insert(line, caseId: loaded.record.id, seq: loaded.storedEntries + i, db: db)
        }
        return record
    }

    /// Reverses a booked payment: its allocations are booked back with the opposite sign and it is marked reversed.
    static func reverse(paymentId: String, caseId: String, on date: LocalDate, db: any SQLDatabase) async throws {
        guard
            let loaded = try await CaseStore.load(caseId: caseId, db: db)
        else { throw StoreError.notFound("case \(caseId)") }
        var ledger = loaded.snapshot.ledger
        try ledger.reverse(paymentId: paymentId, on: date)
        for seq in loaded.storedEntries..<ledger.entries.count {
            try await insert(ledger.entries[seq], caseId: caseId, seq: seq, db: db)
        }
        try await db.raw("UPDATE payments SET reversed_on = \(bind: date.iso) WHERE id = \(bind: paymentId)").run()
    }
}
