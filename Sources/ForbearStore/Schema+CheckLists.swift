import Foundation
import SQLKit

extension Schema {
    /// Migration 14 (SQLite): every `CHECK (column IN ('a','b','c'))` becomes `CHECK (column = 'a' OR column = 'b' OR
    /// column = 'c')`. SQLite evaluates an IN list of more than two constants by building a temporary B-tree of the
    /// list, and inside a CHECK it builds it again for every row written: eight such checks cost a one-claim case
    /// 35 B-tree inserts on import (one per listed value), more than its fifteen real ones. The two forms accept and refuse the
    /// same values (NULL passes both), and the rows on disk do not change, so the table definitions are edited in
    /// place, as SQLite's documentation describes for changing a CHECK constraint ("Making Other Kinds Of Table
    /// Schema Changes"): in the migration's transaction, with the schema version raised so that every connection
    /// reads the definitions again. A definition SQLite cannot read back fails that transaction, which then leaves
    /// the old one. PostgreSQL tests an IN list without building anything and keeps its definitions.
    static func rewriteCheckLists(_ db: any SQLDatabase) async throws {
        var changed: [(name: String, sql: String)] = []
        for row in try await db.raw("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").all() {
            let sql = try row.decode(column: "sql", as: String.self)
            let rewritten = checksWithoutLists(sql)
            if rewritten != sql { changed.append((try row.decode(column: "name", as: String.self), rewritten)) }
        }
        try await replaceDefinitions(changed, db)
    }

    /// Writes each table's new definition over its old one; see `rewriteCheckLists` for when that is sound.
    static func replaceDefinitions(_ changed: [(name: String, sql: String)], _ db: any SQLDatabase) async throws {
        if changed.isEmpty { return }
        let version =
            try await db.raw("PRAGMA schema_version").first().map {
                try $0.decode(column: "schema_version", as: Int.self)
            }
            ?? 0
        try await db.raw("PRAGMA writable_schema = ON").run()
        for t in changed {
            try await db.raw(
                "UPDATE sqlite_schema SET sql = \(bind: t.sql) WHERE type = 'table' AND name = \(bind: t.name)"
            ).run()
        }
        try await db.raw("PRAGMA writable_schema = OFF").run()
        try await db.raw("PRAGMA schema_version = \(unsafeRaw: String(version + 1))").run()
        // Reads every definition back now, inside the transaction, so one SQLite cannot parse undoes the change.
        _ = try await db.raw("SELECT count(*) AS n FROM sqlite_schema").all()
    }

    /// The table definition `sql` with each `CHECK (name IN (literals))` written as equalities joined by OR; anything
    /// else, a CHECK of another shape included, is left as it is.
    static func checksWithoutLists(_ sql: String) -> String {
        let pattern = /CHECK \((?<column>[a-z_][a-z0-9_]*) IN \((?<values>'[^'(),]*'(?:\s*,\s*'[^'(),]*')*)\)\)/
        return sql.replacing(pattern) { match in
            let column = String(match.output.column)
            let values = match.output.values.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return "CHECK (" + values.map { "\(column) = \($0)" }.joined(separator: " OR ") + ")"
        }
    }
}
