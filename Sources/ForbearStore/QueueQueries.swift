import ForbearCore
import SQLKit

/// One line in a work queue: the case it is about (when there is one), the date and what needs doing.
public struct QueueItem: Sendable, Hashable {
    public var caseId: String?
    public var caseNumber: Int64?
    public var country: Country?
    public var sector: String?
    public var date: String
    /// What kind of work: reviewDue, letterFailed, vulnerabilityReview, dispute, unmatchedPayment, referred.
    public var kind: String
    /// A short, non-personal detail: the review kind, the error, the bank reference and amount.
    public var detail: String
    /// For an unmatched bank entry that staff can book by hand: its bank reference.
    public var bankEntry: String? = nil
}

/// The console's work queues. Each reads only what it lists, newest work last, at most `limit` lines.
public struct QueueQueries: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    static let caseColumns =
        "c.id AS case_id, c.number AS case_number, c.country AS case_country, c.sector AS case_sector"

    static func item(_ r: any SQLRow, kind: String, date: String, detail: String) throws -> QueueItem {
        QueueItem(
            caseId: try r.string("case_id"), caseNumber: try r.int("case_number"),
            country: try r.enumValue("case_country", Country.self), sector: try r.optString("case_sector"), date: date,
            kind: kind, detail: detail)
    }

    /// Today's tasks: reviews the cycle raised in the last week, and letters or emails that could not go out.
    public func tasks(today: LocalDate, country: Country?, sector: String?, limit: Int = 50) async throws -> [QueueItem]
    {
        try await database.read { db in
            var q = SQLQueryString(
                "SELECT d.date, d.payload, \(Self.caseColumns) FROM decisions d JOIN cases c ON c.id = d.case_id "
                    + "WHERE d.action = 'reviewDue' AND c.status = 'open' AND d.date >= ")
            q.appendInterpolation(bind: today.adding(days: -7).iso)
            QueueFilter.append(country: country, sector: sector, to: &q)
            q.appendLiteral(" ORDER BY d.date, c.number LIMIT ")
            q.appendInterpolation(bind: limit)
            var items = try await db.raw(q).all().map { r in
                var detail = ""
                if case .reviewDue(let k) = try fromJSON(Action.self, try r.string("payload")) { detail = k.rawValue }
                return try Self.item(r, kind: "reviewDue", date: try r.string("date"), detail: detail)
            }
            var f = SQLQueryString(
                "SELECT m.date, m.step_id, m.status, \(Self.caseColumns) FROM communications m "
                    + "JOIN cases c ON c.id = m.case_id WHERE m.status IN ('failed', 'dead')")
            QueueFilter.append(country: country, sector: sector, to: &f)
            f.appendLiteral(" ORDER BY m.date, c.number LIMIT ")
            f.appendInterpolation(bind: limit)
            items += try await db.raw(f).all().map { r in
                try Self.item(
                    r, kind: "letterFailed", date: try r.string("date"),
                    detail: "\(try r.string("step_id")) (\(try r.string("status")))")
            }
            return items
        }
    }

    /// Customers whose vulnerability review date has come.
    public func vulnerabilityReviews(today: LocalDate, country: Country?, sector: String?, limit: Int = 50)
        async throws -> [QueueItem]
    {
        try await database.read { db in
            var q = SQLQueryString(
                "SELECT c.vulnerability_review_on, \(Self.caseColumns) FROM cases c WHERE c.status = 'open' "
                    + "AND c.vulnerability_review_on IS NOT NULL AND c.vulnerability_review_on <= ")
            q.appendInterpolation(bind: today.iso)
            QueueFilter.append(country: country, sector: sector, to: &q)
            q.appendLiteral(" ORDER BY c.vulnerability_review_on, c.number LIMIT ")
            q.appendInterpolation(bind: limit)
            return try await db.raw(q).all().map { r in
                try Self.item(r, kind: "vulnerabilityReview", date: try r.string("vulnerability_review_on"), detail: "")
            }
        }
    }

    /// Disputes under way: collection is stopped until someone checks the claim.
    public func disputes(today: LocalDate, country: Country?, sector: String?, limit: Int = 50) async throws
        -> [QueueItem]
    {
        try await database.read { db in
            var q = SQLQueryString(
                "SELECT h.start_date, \(Self.caseColumns) FROM holds h JOIN cases c ON c.id = h.case_id "
                    + "WHERE h.kind = 'dispute' AND h.lifted_on IS NULL AND (h.end_date IS NULL OR h.end_date >= ")
            q.appendInterpolation(bind: today.iso)
            q.appendLiteral(")")
            QueueFilter.append(country: country, sector: sector, to: &q)
            q.appendLiteral(" ORDER BY h.start_date, c.number LIMIT ")
            q.appendInterpolation(bind: limit)
            return try await db.raw(q).all().map { r in
                try Self.item(r, kind: "dispute", date: try r.string("start_date"), detail: "")
            }
        }
    }

    /// Cases handed to the creditor to decide (no realistic ability to pay, or voluntary collection has ended).
    public func referred(country: Country?, sector: String?, limit: Int = 50) async throws -> [QueueItem] {
        try await database.read { db in
            var q = SQLQueryString(
                "SELECT c.referred_on, \(Self.caseColumns) FROM cases c WHERE c.status = 'open' AND c.referred_on IS NOT NULL"
            )
            QueueFilter.append(country: country, sector: sector, to: &q)
            q.appendLiteral(" ORDER BY c.referred_on, c.number LIMIT ")
            q.appendInterpolation(bind: limit)
            return try await db.raw(q).all().map { r in
                try Self.item(r, kind: "referred", date: try r.string("referred_on"), detail: "")
            }
        }
    }

    /// Bank entries no case could be found for, oldest first, with the cases they might be.
    public func unmatchedPayments(limit: Int = 50) async throws -> [QueueItem] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT entry_ref, booking_date, amount, currency, structured_ref, suggestions, status FROM bank_entries
                WHERE status IN ('unmatched', 'reversalUnmatched') ORDER BY booking_date, entry_ref LIMIT \(bind: limit)
                """
            ).all().map { r in
                let amount = try r.money("amount", currency: try r.enumValue("currency", Currency.self))
                var detail = "\(try r.string("entry_ref")): \(amount.decimalString) \(amount.currency.rawValue)"
                if let ref = try r.optString("structured_ref") { detail += ", reference \(ref)" }
                let suggested = try r.optString("suggestions").flatMap { try? fromJSON([String].self, $0) } ?? []
                return QueueItem(
                    caseId: suggested.first, caseNumber: nil, country: nil, sector: nil,
                    date: try r.string("booking_date"), kind: "unmatchedPayment", detail: detail,
                    bankEntry: try r.string("status") == "unmatched" ? try r.string("entry_ref") : nil)
            }
        }
    }

    /// The sectors cases are in, for the filter.
    public func sectors() async throws -> [String] {
        try await database.read { db in
            try await db.raw("SELECT DISTINCT sector FROM cases WHERE sector IS NOT NULL ORDER BY sector").all().map {
                try $0.string("sector")
            }
        }
    }

    /// A case by its number or payment reference (spaces ignored), for the search box.
    public func find(_ text: String) async throws -> String? {
        let compact = text.filter { !$0.isWhitespace }.uppercased()
        guard !compact.isEmpty else { return nil }
        return try await database.read { db in
            if let n = Int64(compact),
                let r = try await db.raw("SELECT id FROM cases WHERE number = \(bind: n)").first()
            {
                return try r.string("id")
            }
            guard let condition = caseReferenceCondition(compact, alias: "cases") else { return nil }
            return try await db.raw("SELECT id FROM cases WHERE \(condition)").first()?.string("id")
        }
    }
}
