import ForbearCore
import SQLKit

/// Something a person did on a case, for the timeline: a note, a hold, a plan, a protocol run, a signpost.
public struct CaseEvent: Sendable, Hashable {
    public var id: String
    public var caseId: String
    public var at: String
    public var actor: String
    public var kind: String
    public var text: String
}

/// What staff did on a case and why, written beside the engine's decisions so the timeline shows both.
public struct CaseEventStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    @discardableResult
    public func add(caseId: String, actor: String, kind: String, text: String) async throws -> String {
        let id = newID()
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO case_events (id, case_id, at, actor, kind, text) VALUES (\(bind: id), \(bind: caseId),
                \(bind: Timestamp.now()), \(bind: actor), \(bind: kind), \(bind: text))
                """
            ).run()
        }
        return id
    }

    public func events(caseId: String) async throws -> [CaseEvent] {
        try await database.read { db in
            try await db.raw("SELECT * FROM case_events WHERE case_id = \(bind: caseId) ORDER BY at, id").all().map {
                CaseEvent(
                    id: try $0.string("id"), caseId: try $0.string("case_id"), at: try $0.string("at"),
                    actor: try $0.string("actor"), kind: try $0.string("kind"), text: try $0.string("text"))
            }
        }
    }
}
