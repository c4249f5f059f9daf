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

    /// Short lists are bound value by value, long ones (on SQLite) as one JSON array: both lengths are checked.
    static let lengths = [Self.texts.count, BoundList.bindEachUpTo + 24]

    @Test(arguments: TestDatabases.dialects, lengths)
    func listedTextsMatchThemselvesOnly(dialect: Database.Dialect, length: Int) async throws {
        let listed = Array((Self.texts + (0..<length).map { "id-\($0)" }).prefix(length))
        let candidates = listed + listed.map { $0 + " " } + ["PLAIN", "ctrl", "id-\(length)"]
        let kept = try await kept(candidates, listedAs: inList(listed), on: dialect)
        #expect(kept.sorted() == listed.sorted())
    }

    @Test(arguments: TestDatabases.dialects, lengths)
    func listedIntegersMatchThemselvesOnly(dialect: Database.Dialect, length: Int) async throws {
        let listed = Array((Self.integers + (0..<Int64(length)).map { $0 * 7 + 100 }).prefix(length))
        let candidates = listed + listed.map { $0 &+ 1 } + [-4, 1, .max - 1]
        let kept = try await kept(Array(Set(candidates)), listedAs: inList(listed), on: dialect)
        #expect(kept.sorted() == Array(Set(listed)).sorted())
    }

    @Test(arguments: TestDatabases.dialects)
    func anEmptyListMatchesNothing(dialect: Database.Dialect) async throws {
        #expect(try await kept(["a", ""], listedAs: inList([String]()), on: dialect).isEmpty)
    }
}
