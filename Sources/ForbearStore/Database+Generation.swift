import SQLKit

extension Database {
    /// A point in the SQLite writer's sequence of commits. Work read on a reader at one generation and stored at a
    /// later one is still valid if the only commits in between are known not to touch what it read; otherwise it is
    /// redone inside the storing transaction.
    public struct Generation: Sendable, Equatable, CustomStringConvertible {
        public let value: UInt64
        public var description: String { "\(value)" }
    }

    /// The generation of the commits finished so far. Read it before a read whose result a later write will rely on.
    public var generation: Generation { Generation(value: commits.load(ordering: .sequentiallyConsistent)) }

    /// SQLite only: runs `body` as a write transaction that holds the write lock from its start (`BEGIN IMMEDIATE`),
    /// telling it the generation the database is at. A commit by another process shows as a new generation too (its
    /// `PRAGMA data_version` moved), so nothing written since a generation was read can go unnoticed. Returns the
    /// body's value and the generation its own commit made.
    func generationTransaction<T: Sendable>(
        _ body: @Sendable @escaping (any SQLDatabase, Generation) async throws -> T
    ) async throws -> (T, Generation) {
        guard case .sqlite(let writer, let lock, _, _) = backend else {
            throw StoreError.invalid("a generation transaction needs SQLite")
        }
        return try await lock.withLock {
            let value = try await Self.run(on: writer) { db in
                try await Self.inTransaction(db, begin: "BEGIN IMMEDIATE") { db in
                    let version = try await db.raw("PRAGMA data_version").first()?.decode(
                        column: "data_version", as: Int64.self)
                    let moved = otherProcessVersion.withLock { seen in
                        defer { seen = version }
                        return seen != version
                    }
                    if moved { commits.add(1, ordering: .sequentiallyConsistent) }
                    return try await body(db, generation)
                }
            }
            let made = commits.add(1, ordering: .sequentiallyConsistent).newValue
            return (value, Generation(value: made))
        }
    }
}
