import ForbearTestSupport
import Foundation
import SQLKit
import Testing

@testable import ForbearStore

/// Migration 14: on SQLite a CHECK that lists allowed values is written as equalities, because SQLite builds a
/// temporary B-tree of the list for every row it checks. The rewritten checks must accept and refuse exactly what the
/// lists did.
@Suite struct CheckListsTests {
    @Test func aListedCheckBecomesEqualitiesAndOtherChecksStayAsTheyAre() {
        // given a definition with two listed checks, one with spaces after its commas, and two checks of other shapes
        let sql = """
            CREATE TABLE t (a TEXT NOT NULL CHECK (a IN ('x','y','z')), b TEXT CHECK (b IN ('p', 'q')),
              n BIGINT CHECK (n > 0), m BIGINT CHECK (m IN (1,2,3)))
            """
        // when it is rewritten
        let rewritten = Schema.checksWithoutLists(sql)
        // then only the listed checks changed
        #expect(
            rewritten == """
                CREATE TABLE t (a TEXT NOT NULL CHECK (a = 'x' OR a = 'y' OR a = 'z'), b TEXT CHECK (b = 'p' OR b = 'q'),
                  n BIGINT CHECK (n > 0), m BIGINT CHECK (m IN (1,2,3)))
                """)
        #expect(Schema.checksWithoutLists(rewritten) == rewritten)
    }

    @Test func noTableOfAMigratedFileChecksAListAndTheChecksStillRefuseWhatTheListsRefused() async throws {
        // given a SQLite database brought up to date
        let db = try await TestDatabases.make(.sqlite)
        try await closing(db, db) { db in try await checkTheListsAreGone(db) }
    }

    func checkTheListsAreGone(_ db: Database) async throws {
        // then no table definition keeps a listed check
        let listed = try await db.read { sql in
            try await sql.raw("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%CHECK (% IN (''%'")
                .all()
                .map { try $0.decode(column: "name", as: String.self) }
        }
        #expect(listed == [])
        // and each allowed currency is taken, NULL is taken, and anything else is refused
        let insert = { (currency: String?) in
            try await db.transaction { sql in
                try await sql.raw(
                    "INSERT INTO currency_probe (currency) VALUES (\(bind: currency))"
                ).run()
            }
        }
        try await db.transaction { sql in
            let definition = try await sql.raw("SELECT sql FROM sqlite_schema WHERE name = 'claims'").first()!
                .decode(column: "sql", as: String.self)
            let check = try #require(definition.firstRange(of: /CHECK \(currency[^)]*\)/))
            try await sql.raw(
                "CREATE TABLE currency_probe (currency TEXT \(unsafeRaw: String(definition[check])))"
            ).run()
        }
        for currency in ["EUR", "DKK", "GBP", "SEK", nil] { try await insert(currency) }
        for currency in ["USD", "eur", "EUR "] {
            await #expect(throws: (any Error).self) { try await insert(currency) }
        }
    }

    @Test func aDefinitionSQLiteCannotReadLeavesTheOldOne() async throws {
        // given a SQLite database with a case table
        let db = try await TestDatabases.make(.sqlite)
        try await closing(db, db) { db in try await writeAnUnreadableDefinition(db) }
    }

    func writeAnUnreadableDefinition(_ db: Database) async throws {
        let before = try await db.read { sql in
            try await sql.raw("SELECT sql FROM sqlite_schema WHERE name = 'cases'").first()!
                .decode(column: "sql", as: String.self)
        }
        // when a definition that does not parse is written over it
        await #expect(throws: (any Error).self) {
            try await db.transaction { sql in
                try await Schema.replaceDefinitions([("cases", "CREATE TABLE cases (id TEXT PRIMARY KEY,")], sql)
            }
        }
        // then the old definition stands and the table is read as before
        let after = try await db.read { sql in
            try await sql.raw("SELECT sql FROM sqlite_schema WHERE name = 'cases'").first()!
                .decode(column: "sql", as: String.self)
        }
        #expect(after == before)
        let count = try await db.read { sql in
            try await sql.raw("SELECT count(*) AS n FROM cases").first()!.decode(column: "n", as: Int.self)
        }
        #expect(count == 0)
    }
}
