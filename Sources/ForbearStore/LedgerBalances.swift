import ForbearCore
import SQLKit

/// What allocating a payment needs of a case, read in one aggregate query for a whole batch: its claims, the net
/// balance of each claim's components, and how many ledger lines it has (for the next `seq`).
struct LedgerBalances {
    var ledger: Ledger
    var storedEntries: Int
    var country: Country

    static func load(caseIds: [String], db: any SQLDatabase) async throws -> [String: LedgerBalances] {
        guard !caseIds.isEmpty else { return [:] }
        var meta: [String: (currency: Currency, country: Country)] = [:]
        var claims: [String: [Claim]] = [:]
        var lines: [String: [LedgerEntry]] = [:]
        var counts: [String: Int] = [:]
        var claimsSeen = Set<String>()
        // One row per case, claim and component, joined in SQLite: a case without claims still gets a row.
        for r in try await db.raw(
            """
            SELECT ca.id AS case_id, ca.currency, ca.country, cl.id AS claim_id, cl.claim_ref, cl.due_date,
              cl.currency AS claim_currency, l.component, COUNT(l.seq) AS n,
              CAST(SUM(CASE WHEN l.kind IN ('charge', 'adjustment') THEN l.amount ELSE -l.amount END) AS BIGINT) AS balance
            FROM cases ca LEFT JOIN claims cl ON cl.case_id = ca.id
              LEFT JOIN ledger_entries l ON l.case_id = ca.id AND l.claim_id = cl.id
            WHERE ca.id IN \(inList(caseIds)) GROUP BY ca.id, cl.id, l.component
            """
        ).all() {
            let caseId = try r.string("case_id")
            let currency = try r.enumValue("currency", Currency.self)
            if meta[caseId] == nil { meta[caseId] = (currency, try r.enumValue("country", Country.self)) }
            guard let claimId = try r.optString("claim_id") else { continue }
            if claimsSeen.insert(claimId).inserted {
                claims[caseId, default: []].append(
                    Claim(
                        id: claimId, reference: try r.string("claim_ref"), description: "",
                        dueDate: try r.date("due_date"), currency: try r.enumValue("claim_currency", Currency.self)))
            }
            counts[caseId, default: 0] += Int(try r.int("n"))
            guard try r.optString("component") != nil, let balance = try r.optInt("balance"), balance != 0 else {
                continue
            }
            // One line standing for the component's net balance: allocation only reads balances.
            lines[caseId, default: []].append(
                LedgerEntry(
                    claimId: claimId, date: LocalDate(daysSinceEpoch: 0), kind: .adjustment,
                    component: try r.enumValue("component", Component.self),
                    amount: Money(minorUnits: balance, currency: currency)))
        }
        var out: [String: LedgerBalances] = [:]
        for (id, m) in meta {
            out[id] = LedgerBalances(
                ledger: Ledger(currency: m.currency, claims: claims[id] ?? [], entries: lines[id] ?? [], payments: []),
                storedEntries: counts[id] ?? 0, country: m.country)
        }
        return out
    }
}
