import ForbearCore
import ForbearTestSupport
import SQLKit
import Testing

@testable import ForbearStore

/// `inList` goes to SQLite as one JSON array read by `json_each`, and to PostgreSQL as one parameter per value. Either
/// way a value must match itself and nothing else, whatever characters it holds.
@Suite struct BoundListTests {
    static let texts = [
        "plain", "with \"quotes\"", "back\\slash", "tab\tand\nnewline", "ümlaut", "receipt 🧾", "", "ctrl\u{01}",
        "'single'", "a,b]", "]", "[\"x\"]", "\\u0041",
    ]
    static let integers: [Int64] = [.min + 1, -5, 0, 42, 1_000_000_007, .max]

    /// The candidates (the listed values and near misses) that `inList(listed)` keeps.
    func kept<T: Encodable & Sendable & Decodable>(
        _ candidates: [T], listedAs list: SQLQueryString, on dialect: Database.Dialect
    ) async throws -> [T] {
        let db = try await TestDatabases.make(dialect)
        var kept: [T] = []
        try await closing(db, ()) {
            kept = try await db.read { sql in
                var q = SQLQueryString("SELECT v FROM (")
                for (i, c) in candidates.enumerated() {
                    q.appendLiteral(i == 0 ? "SELECT " : " UNION ALL SELECT ")
                    q.appendInterpolation(bind: c)
                    q.appendLiteral(" AS v")
                }
                q.appendLiteral(") t WHERE v IN ")
                q.appendInterpolation(list)
                return try await sql.raw(q).all().map { try $0.decode(column: "v", as: T.self) }
            }
        }
        return kept
    }

    @Test(arguments: TestDatabases.dialects)
    func listedTextsMatchThemselvesOnly(dialect: Database.Dialect) async throws {
        let candidates = Self.texts + Self.texts.map { $0 + " " } + ["PLAIN", "ctrl"]
        let kept = try await kept(candidates, listedAs: inList(Self.texts), on: dialect)
        #expect(kept.sorted() == Self.texts.sorted())
    }

    @Test(arguments: TestDatabases.dialects)
    func listedIntegersMatchThemselvesOnly(dialect: Database.Dialect) async throws {
        let candidates = Self.integers + [-4, 1, 43, 1_000_000_006, .max - 1]
        let kept = try await kept(candidates, listedAs: inList(Self.integers), on: dialect)
        #expect(kept.sorted() == Self.integers.sorted())
    }

    @Test(arguments: TestDatabases.dialects)
    func anEmptyListMatchesNothing(dialect: Database.Dialect) async throws {
        #expect(try await kept(["a", ""], listedAs: inList([String]()), on: dialect).isEmpty)
    }
}
