import SQLKit

/// One line of the audit trail: who read or changed what, when and why. Ids only, never personal data.
public struct AuditEvent: Sendable, Hashable {
    public var at: String
    public var actor: String
    public var action: String
    public var subjectType: String
    public var subjectId: String
    public var purpose: String?
}

/// What the compliance view filters the trail by; nil means any.
public struct AuditFilter: Sendable, Hashable {
    public var actor: String?
    public var action: String?
    public var subjectId: String?
    /// Inclusive, as YYYY-MM-DD.
    public var from: String?
    public var through: String?

    public init(
        actor: String? = nil, action: String? = nil, subjectId: String? = nil, from: String? = nil,
        through: String? = nil
    ) {
        self.actor = actor
        self.action = action
        self.subjectId = subjectId
        self.from = from
        self.through = through
    }
}

extension AccessStore {
    /// The audit trail newest first, filtered; `limit` nil reads all (the CSV export).
    public func auditLog(_ f: AuditFilter, limit: Int?) async throws -> [AuditEvent] {
        try await database.read { db in
            var q = SQLQueryString("SELECT * FROM audit_events WHERE 1 = 1")
            for (column, value) in [("actor", f.actor), ("action", f.action), ("subject_id", f.subjectId)] {
                guard let value, !value.isEmpty else { continue }
                q.appendLiteral(" AND \(column) = ")
                q.appendInterpolation(bind: value)
            }
            if let from = f.from, !from.isEmpty {
                q.appendLiteral(" AND at >= ")
                q.appendInterpolation(bind: from)
            }
            if let through = f.through, !through.isEmpty {
                // Instants are ISO 8601 text: everything on that day sorts below the next character after the date.
                q.appendLiteral(" AND at < ")
                q.appendInterpolation(bind: through + "U")
            }
            q.appendLiteral(" ORDER BY at DESC, id DESC")
            if let limit {
                q.appendLiteral(" LIMIT ")
                q.appendInterpolation(bind: limit)
            }
            return try await db.raw(q).all().map { r in
                AuditEvent(
                    at: try r.string("at"), actor: try r.string("actor"), action: try r.string("action"),
                    subjectType: try r.string("subject_type"), subjectId: try r.string("subject_id"),
                    purpose: try r.optString("purpose"))
            }
        }
    }
}
