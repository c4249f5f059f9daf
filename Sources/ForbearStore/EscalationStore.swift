import ForbearCore
import SQLKit

/// Where an escalation to the specialist (Customer Care) team came from.
public enum EscalationSource: String, Sendable, CaseIterable {
    case engine, console, cue, portal
}

/// One escalation waiting for, or handled by, the specialist team.
public struct Escalation: Sendable, Hashable {
    public var id: String
    public var caseId: String
    public var caseNumber: Int64
    public var country: Country
    public var sector: String?
    public var date: LocalDate
    public var priority: EscalationPriority
    public var reason: String
    public var source: EscalationSource
    public var createdBy: String
    public var createdAt: String
    public var resolvedAt: String?
    public var resolvedBy: String?
    public var resolution: String?
}

/// Escalations to the specialist team: raised by the daily cycle, by staff in a protocol, or by a text cue; a
/// specialist resolves them with a note.
public struct EscalationStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    @discardableResult
    public func raise(
        caseId: String, date: LocalDate, priority: EscalationPriority, reason: String, source: EscalationSource,
        by: String
    ) async throws -> String {
        try await database.transaction { db in
            try await Self.insert(
                caseId: caseId, date: date, priority: priority, reason: reason, source: source, by: by, db: db)
        }
    }

    @discardableResult
    static func insert(
        caseId: String, date: LocalDate, priority: EscalationPriority, reason: String, source: EscalationSource,
        by: String, db: any SQLDatabase
    ) async throws -> String {
        let id = newID()
        try await db.raw(
            """
            INSERT INTO escalations (id, case_id, date, priority, reason, source, created_by, created_at)
            VALUES (\(bind: id), \(bind: caseId), \(bind: date.iso), \(bind: priority.rawValue), \(bind: reason),
            \(bind: source.rawValue), \(bind: by), \(bind: Timestamp.now()))
            """
        ).run()
        return id
    }

    /// Open escalations, urgent first, then oldest first; optionally one country's or sector's.
    public func open(country: Country? = nil, sector: String? = nil, limit: Int = 100) async throws -> [Escalation] {
        try await database.read { db in
            var q = SQLQueryString(Self.select + " WHERE e.resolved_at IS NULL")
            QueueFilter.append(country: country, sector: sector, to: &q)
            q.appendLiteral(
                " ORDER BY CASE e.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END, e.created_at LIMIT ")
            q.appendInterpolation(bind: limit)
            return try await db.raw(q).all().map(Self.escalation)
        }
    }

    public func forCase(_ caseId: String) async throws -> [Escalation] {
        try await database.read { db in
            try await db.raw(
                SQLQueryString(Self.select + " WHERE e.case_id = ") + "\(bind: caseId) ORDER BY e.created_at"
            ).all().map(Self.escalation)
        }
    }

    /// Marks an escalation handled; false when it does not exist or was already resolved.
    public func resolve(id: String, by: String, resolution: String) async throws -> Bool {
        try await database.transaction { db in
            guard
                try await db.raw("SELECT id FROM escalations WHERE id = \(bind: id) AND resolved_at IS NULL").first()
                    != nil
            else { return false }
            try await db.raw(
                """
                UPDATE escalations SET resolved_at = \(bind: Timestamp.now()), resolved_by = \(bind: by),
                resolution = \(bind: resolution) WHERE id = \(bind: id)
                """
            ).run()
            return true
        }
    }

    static let select = """
        SELECT e.*, c.number AS case_number, c.country AS case_country, c.sector AS case_sector
        FROM escalations e JOIN cases c ON c.id = e.case_id
        """

    static func escalation(_ r: any SQLRow) throws -> Escalation {
        var reason = try r.string("reason")
        // Escalations copied from the cycle's decisions before this table existed hold the reasons as JSON.
        if reason.hasPrefix("["), let reasons = try? fromJSON([Reason].self, reason) {
            reason = reasons.map(\.text).joined(separator: " ")
        }
        return Escalation(
            id: try r.string("id"), caseId: try r.string("case_id"), caseNumber: try r.int("case_number"),
            country: try r.enumValue("case_country", Country.self), sector: try r.optString("case_sector"),
            date: try r.date("date"), priority: try r.enumValue("priority", EscalationPriority.self), reason: reason,
            source: try r.enumValue("source", EscalationSource.self), createdBy: try r.string("created_by"),
            createdAt: try r.string("created_at"), resolvedAt: try r.optString("resolved_at"),
            resolvedBy: try r.optString("resolved_by"), resolution: try r.optString("resolution"))
    }
}

/// The country and sector filters every work queue offers.
enum QueueFilter {
    static func append(country: Country?, sector: String?, to q: inout SQLQueryString) {
        if let country {
            q.appendLiteral(" AND c.country = ")
            q.appendInterpolation(bind: country.rawValue)
        }
        if let sector {
            q.appendLiteral(" AND c.sector = ")
            q.appendInterpolation(bind: sector)
        }
    }
}
