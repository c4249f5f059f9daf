import ForbearCore
import SQLKit

/// What allocating a payment needs of a case, read in three aggregate queries for a whole batch: its claims, the
/// net balance of each claim's components, and how many ledger lines it has (for the next `seq`).
struct LedgerBalances {
    var ledger: Ledger
    var storedEntries: Int
    var country: Country

    static func load(caseIds: [String], db: any SQLDatabase) async throws -> [String: LedgerBalances] {
        guard !caseIds.isEmpty else { return [:] }
        let list = inList(caseIds)
        var meta: [String: (Currency, Country)] = [:]
        for r in try await db.raw("SELECT id, currency, country FROM cases WHERE id IN \(list)").all() {
            meta[try r.string("id")] = (
                try r.enumValue("currency", Currency.self), try r.enumValue("country", Country.self)
            )
        }
        var claims: [String: [Claim]] = [:]
        for r in try await db.raw(
            "SELECT id, case_id, claim_ref, due_date, currency FROM claims WHERE case_id IN \(list)"
        ).all() {
            claims[try r.string("case_id"), default: []].append(
                Claim(
                    id: try r.string("id"), reference: try r.string("claim_ref"), description: "",
                    dueDate: try r.date("due_date"),
                    currency: try r.enumValue("currency", Currency.self)))
        }
        var lines: [String: [LedgerEntry]] = [:]
        var counts: [String: Int] = [:]
        for r in try await db.raw(
            """
            SELECT case_id, claim_id, component, COUNT(*) AS n,
              CAST(SUM(CASE WHEN kind IN ('charge', 'adjustment') THEN amount ELSE -amount END) AS BIGINT) AS balance
            FROM ledger_entries WHERE case_id IN \(list) GROUP BY case_id, claim_id, component
            """
        ).all() {
            let caseId = try r.string("case_id")
            counts[caseId, default: 0] += Int(try r.int("n"))
            let balance = try r.int("balance")
            guard balance != 0, let currency = meta[caseId]?.0 else { continue }
            // One line standing for the component's net balance: allocation only reads balances.
            lines[caseId, default: []].append(
                LedgerEntry(
                    claimId: try r.string("claim_id"), date: LocalDate(daysSinceEpoch: 0), kind: .adjustment,
                    component: try r.enumValue("component", Component.self),
                    amount: Money(minorUnits: balance, currency: currency)))
        }
        var out: [String: LedgerBalances] = [:]
        for (id, (currency, country)) in meta {
            out[id] = LedgerBalances(
                ledger: Ledger(currency: currency, claims: claims[id] ?? [], entries: lines[id] ?? [], payments: []),
                storedEntries: counts[id] ?? 0, country: country)
        }
        return out
    }
}
