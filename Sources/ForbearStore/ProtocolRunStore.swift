import ForbearCore
import SQLKit

/// A protocol conversation in progress or finished. The answers are kept sealed while it runs (they can hold what
/// the customer said about their health) and dropped when it finishes: what matters is then in the disclosure.
public struct ProtocolRun: Sendable {
    public var id: String
    public var caseId: String
    public var protocolId: String
    public var startedBy: String
    public var startedOn: LocalDate
    public var answers: [ProtocolAnswer]
    public var completedAt: String?
}

public struct ProtocolRunStore: Sendable {
    public let database: Database
    public let cipher: FieldCipher

    public init(database: Database, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
    }

    public func start(caseId: String, protocolId: String, by: String, on date: LocalDate) async throws -> String {
        let id = newID()
        let sealed = try cipher.seal(try json([ProtocolAnswer]()))
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO protocol_runs (id, case_id, protocol, started_by, started_on, answers_ciphertext, created_at)
                VALUES (\(bind: id), \(bind: caseId), \(bind: protocolId), \(bind: by), \(bind: date.iso), \(bind: sealed),
                \(bind: Timestamp.now()))
                """
            ).run()
        }
        return id
    }

    public func run(id: String) async throws -> ProtocolRun? {
        let row = try await database.read { db in
            try await db.raw("SELECT * FROM protocol_runs WHERE id = \(bind: id)").first().map {
                (
                    id: try $0.string("id"), caseId: try $0.string("case_id"), protocol: try $0.string("protocol"),
                    by: try $0.string("started_by"), on: try $0.date("started_on"),
                    sealed: try $0.optString("answers_ciphertext"), completed: try $0.optString("completed_at")
                )
            }
        }
        guard let row else { return nil }
        let answers = try row.sealed.map { try fromJSON([ProtocolAnswer].self, try cipher.open($0)) } ?? []
        return ProtocolRun(
            id: row.id, caseId: row.caseId, protocolId: row.protocol, startedBy: row.by, startedOn: row.on,
            answers: answers, completedAt: row.completed)
    }

    /// Saves the answers so far; when `completed`, the answers are dropped and the run is closed.
    public func save(id: String, answers: [ProtocolAnswer], completed: Bool) async throws {
        let sealed = completed ? nil : try cipher.seal(try json(answers))
        try await database.transaction { db in
            try await db.raw(
                """
                UPDATE protocol_runs SET answers_ciphertext = \(bind: sealed),
                completed_at = \(bind: completed ? Timestamp.now() : nil) WHERE id = \(bind: id)
                """
            ).run()
        }
    }
}
