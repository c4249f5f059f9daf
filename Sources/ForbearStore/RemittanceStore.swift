import ForbearCore
import SQLKit

/// One creditor's figures for a month, in one currency.
public struct RemittanceLine: Sendable, Hashable {
    public var creditor: String
    public var period: String
    public var principal: Money
    public var interest: Money
    /// Collection costs the agency keeps.
    public var feesRetained: Money
    /// Everything collected: principal + interest + fees.
    public var collected: Money
    /// What the agency owes the creditor: principal + interest.
    public var netDue: Money
}

/// Monthly remittance to creditors from the allocations booked in the month (returned payments count negative).
public struct RemittanceStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The figures for `period` (YYYY-MM). The first call closes the period and stores them; later calls return
    /// the stored figures, so a closed period never changes. `closed` says whether it was closed before this call.
    public func remit(period: String) async throws -> (lines: [RemittanceLine], closedBefore: Bool) {
        guard period.count == 7, LocalDate(iso: period + "-01") != nil else {
            throw StoreError.invalid("--period must be a month as YYYY-MM, not \"\(period)\"")
        }
        return try await database.transaction { db in
            let stored = try await db.raw(
                "SELECT r.*, c.name FROM remittances r JOIN creditors c ON c.id = r.creditor_id WHERE r.period = \(bind: period) ORDER BY c.name, r.currency"
            ).all()
            if !stored.isEmpty { return (try stored.map { try Self.line($0, period: period) }, true) }
            let rows = try await db.raw(
                """
                SELECT ca.creditor_id, cr.name, e.currency,
                  CAST(COALESCE(SUM(CASE WHEN e.component = 'principal' THEN e.amount ELSE 0 END), 0) AS BIGINT) AS principal,
                  CAST(COALESCE(SUM(CASE WHEN e.component = 'interest' THEN e.amount ELSE 0 END), 0) AS BIGINT) AS interest,
                  CAST(COALESCE(SUM(CASE WHEN e.component IN ('fee', 'planFee') THEN e.amount ELSE 0 END), 0) AS BIGINT) AS fees
                FROM ledger_entries e JOIN cases ca ON ca.id = e.case_id JOIN creditors cr ON cr.id = ca.creditor_id
                WHERE e.kind = 'allocation' AND e.date >= \(bind: period + "-01") AND e.date <= \(bind: period + "-31")
                GROUP BY ca.creditor_id, cr.name, e.currency ORDER BY cr.name, e.currency
                """
            ).all()
            var lines: [RemittanceLine] = []
            for r in rows {
                let currency = try r.enumValue("currency", Currency.self)
                let principal = try r.int("principal")
                let interest = try r.int("interest")
                let fees = try r.int("fees")
                try await db.raw(
                    """
                    INSERT INTO remittances (creditor_id, period, currency, collected, principal, interest, fees_retained,
                    net_due, closed_at) VALUES (\(bind: try r.string("creditor_id")), \(bind: period), \(bind: currency.rawValue),
                    \(bind: principal + interest + fees), \(bind: principal), \(bind: interest), \(bind: fees),
                    \(bind: principal + interest), \(bind: Timestamp.now()))
                    """
                ).run()
                lines.append(
                    RemittanceLine(
                        creditor: try r.string("name"), period: period,
                        principal: Money(minorUnits: principal, currency: currency),
                        interest: Money(minorUnits: interest, currency: currency),
                        feesRetained: Money(minorUnits: fees, currency: currency),
                        collected: Money(minorUnits: principal + interest + fees, currency: currency),
                        netDue: Money(minorUnits: principal + interest, currency: currency)))
            }
            return (lines, false)
        }
    }

    static func line(_ r: any SQLRow, period: String) throws -> RemittanceLine {
        let c = try r.enumValue("currency", Currency.self)
        return RemittanceLine(
            creditor: try r.string("name"), period: period, principal: try r.money("principal", currency: c),
            interest: try r.money("interest", currency: c), feesRetained: try r.money("fees_retained", currency: c),
            collected: try r.money("collected", currency: c), netDue: try r.money("net_due", currency: c))
    }
}
