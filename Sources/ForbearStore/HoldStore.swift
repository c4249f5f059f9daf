import ForbearCore
import SQLKit

/// Holds on cases: started with a reason and who, lifted early, never deleted.
public struct HoldStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    static func hold(_ r: any SQLRow) throws -> Hold {
        var h = Hold(
            id: try r.string("id"), kind: try r.enumValue("kind", HoldKind.self), start: try r.date("start_date"),
            end: nil, reason: try r.string("reason"), startedBy: try r.string("started_by"))
        h.end = try r.optDate("end_date")
        h.liftedOn = try r.optDate("lifted_on")
        h.treatmentEndedOn = try r.optDate("treatment_ended_on")
        return h
    }

    public func holds(caseId: String) async throws -> [Hold] {
        try await database.read { db in
            try await db.raw("SELECT * FROM holds WHERE case_id = \(bind: caseId) ORDER BY start_date, id").all().map(
                Self.hold)
        }
    }

    /// Starts a hold after checking the hold rules against the case's existing holds.
    public func start(_ hold: Hold, caseId: String) async throws {
        try await database.transaction { db in
            let existing = try await db.raw("SELECT * FROM holds WHERE case_id = \(bind: caseId)").all().map(Self.hold)
            try HoldRules.check(hold, existing: existing)
            try await db.raw(
                """
                INSERT INTO holds (id, case_id, kind, start_date, end_date, lifted_on, treatment_ended_on, reason,
                started_by, created_at) VALUES (\(bind: hold.id), \(bind: caseId), \(bind: hold.kind.rawValue),
                \(bind: hold.start.iso), \(bind: hold.end?.iso), NULL, NULL, \(bind: hold.reason), \(bind: hold.startedBy),
                \(bind: Timestamp.now()))
                """
            ).run()
        }
    }

    /// Lifts a hold from `date`; returns false when the case has no such hold.
    public func lift(holdId: String, caseId: String, on date: LocalDate) async throws -> Bool {
        try await database.transaction { db in
            guard
                try await db.raw(
                    "SELECT id FROM holds WHERE id = \(bind: holdId) AND case_id = \(bind: caseId)"
                ).first() != nil
            else { return false }
            try await db.raw(
                "UPDATE holds SET lifted_on = \(bind: date.iso) WHERE id = \(bind: holdId) AND lifted_on IS NULL"
            ).run()
            return true
        }
    }
}
