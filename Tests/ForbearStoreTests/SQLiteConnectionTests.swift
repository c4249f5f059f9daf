import ForbearCore
import ForbearStore
import ForbearTestSupport
import Foundation
import SQLKit
import Testing

/// How Forbear uses a SQLite file: one writer, read-only connections beside it, and the audit trail in its own file.
@Suite struct SQLiteConnectionTests {
    func withFile(_ body: (Database, String) async throws -> Void) async throws {
        let path = NSTemporaryDirectory() + "forbear-conn-\(UUID().uuidString).sqlite"
        let db = try await Database.open(.sqlite(path: path))
        do {
            try await body(db, path)
        } catch {
            await db.close()
            Database.removeSQLiteFiles(at: path)
            throw error
        }
        await db.close()
        Database.removeSQLiteFiles(at: path)
    }

    @Test func aColumnIsReadByItsNameAndTheFirstOfTwoWithOneNameWins() async throws {
        try await withFile { db, _ in
            // given a result naming two columns `id`, as a join of two tables does
            let row = try await db.read { sql in
                try await sql.raw("SELECT 'first' AS id, 7 AS number, 'second' AS id, NULL AS note").first()
            }
            // then each name reads its own value, and `id` the first of the two
            let read = try #require(row)
            #expect(try read.decode(column: "id", as: String.self) == "first")
            #expect(try read.decode(column: "number", as: Int.self) == 7)
            #expect(try read.decodeNil(column: "note"))
            #expect(read.allColumns == ["id", "number", "id", "note"])
            #expect(read.contains(column: "number") && !read.contains(column: "missing"))
        }
    }

    @Test func aReadCannotWriteAndAFailedWriteLeavesNothing() async throws {
        try await withFile { db, _ in
            try await Migrator.migrate(db)
            // given a read that tries to write
            await #expect(throws: (any Error).self) {
                try await db.read { sql in
                    try await sql.raw("INSERT INTO creditors (id, name, created_at) VALUES ('x', 'X', 'now')").run()
                }
            }
            // then nothing was written, and the same insert in a transaction works
            try await db.transaction { sql in
                try await sql.raw("INSERT INTO creditors (id, name, created_at) VALUES ('x', 'X', 'now')").run()
            }
            #expect(try await CaseQueries(database: db).count(table: "creditors") == 1)
        }
    }

    @Test func aReadSeesOneStateEvenWhenAWriteCommitsMeanwhile() async throws {
        try await withFile { db, _ in
            try await Migrator.migrate(db)
            let counts = try await db.read { sql in
                // given the count at the start of a read
                let before = try await sql.raw("SELECT COUNT(*) AS n FROM creditors").first()!.decode(
                    column: "n", as: Int.self)
                // when another connection commits a new row during the read
                try await db.transaction { w in
                    try await w.raw("INSERT INTO creditors (id, name, created_at) VALUES ('y', 'Y', 'now')").run()
                }
                let after = try await sql.raw("SELECT COUNT(*) AS n FROM creditors").first()!.decode(
                    column: "n", as: Int.self)
                return [before, after]
            }
            // then the read saw one state throughout, and the next read sees the row
            #expect(counts == [0, 0])
            #expect(try await CaseQueries(database: db).count(table: "creditors") == 1)
        }
    }

    @Test func concurrentAuditEventsAreAllCommittedIntoTheAuditFile() async throws {
        try await withFile { db, _ in
            try await Migrator.migrate(db)
            let access = AccessStore(database: db)
            // when 300 reads are audited at once
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<300 {
                    group.addTask {
                        try await access.audit(
                            actor: "token:t", action: "case.read", subjectType: "case", subjectId: "case-\(n % 7)")
                    }
                }
                try await group.waitForAll()
            }
            // then every event is stored, in the audit file and not in the main one
            var total = 0
            for n in 0..<7 { total += try await access.auditEvents(subjectId: "case-\(n)").count }
            #expect(total == 300)
            let (inMain, inAuditFile) = try await db.read { sql in
                (
                    try await sql.raw("SELECT COUNT(*) AS n FROM main.sqlite_master WHERE name = 'audit_events'")
                        .first()!.decode(column: "n", as: Int.self),
                    try await sql.raw("SELECT COUNT(*) AS n FROM audit.audit_events").first()!.decode(
                        column: "n", as: Int.self)
                )
            }
            #expect(inMain == 0 && inAuditFile == 300)
        }
    }

    @Test func anOlderDatabaseKeepsItsAuditEventsWhenTheyMoveToTheirOwnFile() async throws {
        try await withFile { db, _ in
            // given a database from before the move, with an audit event in its main file
            try await Migrator.migrate(db, through: 8)
            try await db.transaction { sql in
                try await sql.raw(
                    """
                    INSERT INTO main.audit_events (id, at, actor, action, subject_type, subject_id)
                    VALUES ('e1', '2026-01-01T00:00:00Z', 'user:anna', 'case.read', 'case', 'c1')
                    """
                ).run()
            }
            // when it is migrated
            #expect(try await Migrator.migrate(db) == Array(9...Migrator.latestVersion))
            // then the event is in the audit trail, and new events land beside it
            try await AccessStore(database: db).audit(
                actor: "user:anna", action: "case.read", subjectType: "case", subjectId: "c1")
            let events = try await AccessStore(database: db).auditEvents(subjectId: "c1")
            #expect(events.map(\.actor) == ["user:anna", "user:anna"])
        }
    }

    /// Both files the writer commits to: the database, and the audit trail that takes an event for every audited read.
    @Test(arguments: ["main", "audit"])
    func theLogIsCopiedBackWithoutTheWriterStoppingForIt(schema: String) async throws {
        try await withFile { db, path in
            // given 40 MiB committed, more than the checkpointer's threshold and far below the writer's own
            try await db.transaction { sql in
                try await sql.raw("CREATE TABLE \(unsafeRaw: schema).filler (x TEXT)").run()
                let block = String(repeating: "x", count: 4096)
                for _ in 0..<10_240 {
                    try await sql.raw("INSERT INTO \(unsafeRaw: schema).filler (x) VALUES (\(bind: block))").run()
                }
            }
            // when the checkpointer has had a moment
            let file = schema == "main" ? path : path + "-audit"
            var size = 0
            for _ in 0..<50 where size < 40 << 20 {
                try await Task.sleep(for: .milliseconds(100))
                size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            }
            // then the rows are in the file itself, not only in its log
            #expect(size >= 40 << 20, "\(schema) file \(size) bytes")
        }
    }
}
