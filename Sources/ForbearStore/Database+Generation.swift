import SQLKit

extension Database {
    /// A point in the SQLite writer's sequence of commits. Work read on a reader at one generation and stored at a
    /// later one is still valid if the only commits in between are known not to touch what it read; otherwise it is
    /// redone inside the storing transaction.
    public struct Generation: Sendable, Equatable {
        public let value: UInt64

        /// Whether work read after `snapshot` was taken still holds at this generation: every commit since is one of
        /// `ownCommits`, commits the caller knows touched none of what the work read.
        func holdsWork(readAt snapshot: Generation, ownCommits: [Generation]) -> Bool {
            value >= snapshot.value
                && (snapshot.value..<value).allSatisfy { ownCommits.contains(Generation(value: $0 + 1)) }
        }
    }

    /// True when work can be read and prepared on a reader while the writer stores other work (a SQLite file), and
    /// checked with `generationTransaction` before it is stored.
    public var preparesBesideWriter: Bool {
        guard case .sqlite(_, _, let readers, _) = backend else { return false }
        return readers != nil
    }

    /// How many read-only connections work beside the SQLite writer (0 without them): the daily cycle prepares pages
    /// on all but one of them and reads the next page's case rows on that one.
    public var readersBesideWriter: Int {
        guard case .sqlite(_, _, let readers, _) = backend, let readers else { return 0 }
        return readers.count
    }

    /// The generation of the commits finished so far. Read it before a read whose result a later write will rely on.
    public var generation: Generation { Generation(value: commits.load(ordering: .sequentiallyConsistent)) }

    /// SQLite only: runs `body` as a write transaction that holds the write lock from its start (`BEGIN IMMEDIATE`),
    /// telling it the generation the database is at. A commit by another process shows as a new generation too (its
    /// `PRAGMA data_version` moved), so nothing written since a generation was read can go unnoticed. Returns the
    /// body's value and the generation its own commit made. `checksForeignKeys: false` is for work that writes rows
    /// only under parents it read at a generation it checks, and that are never deleted (see `storePage`).
    func generationTransaction<T: Sendable>(
        checksForeignKeys: Bool = true, _ body: @Sendable @escaping (any SQLDatabase, Generation) async throws -> T
    ) async throws -> (T, Generation) {
        guard case .sqlite(let writer, let lock, _, _) = backend else {
            throw StoreError.invalid("a generation transaction needs SQLite")
        }
        return try await lock.withLock {
            let value = try await Self.run(on: writer) { db in
                try self.checkForeignKeys(checksForeignKeys, on: writer)
                return try await Self.inTransaction(db, begin: "BEGIN IMMEDIATE") { db in
                    let version = try Self.dataVersion(writer)
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
