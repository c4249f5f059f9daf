import ForbearCore
import SQLKit

extension PortfolioWriter {
    /// A batch whose stored rows were read on a reader and whose rows to insert were worked out there, off the writer,
    /// waiting for `store`.
    public struct PreparedBatch: Sendable {
        let rows: [PortfolioRow]
        let creditorId: String
        let importId: String
        let plan: ImportPlan
        let outcomes: [RowOutcome]
        /// Read before the batch's snapshot began.
        let generation: Database.Generation

        /// What this batch leaves for the next one to know without reading it: the final state of every claim,
        /// customer and case it names, and the last case number.
        var carry: ImportPlan.Stored {
            var carry = ImportPlan.Stored(reserving: rows.count)
            carry.nextNumber = plan.stored.nextNumber
            for row in rows {
                carry.claims[row.claimRef] = plan.stored.claims[row.claimRef]
                carry.customers[row.customerRef] = plan.stored.customers[row.customerRef]
                carry.cases[row.customerRef] = plan.stored.cases[row.customerRef]
            }
            return carry
        }
    }

    /// What `store` did with a batch.
    public struct StoredBatch: Sendable {
        public let outcomes: [RowOutcome]
        /// True when the batch was worked out again inside the transaction (something was committed meanwhile).
        public let redone: Bool
        /// The commit that stored it; nil for a batch written whole by `write`, outside the pipeline.
        let generation: Database.Generation?

        public init(written outcomes: [RowOutcome]) {
            self.init(outcomes: outcomes, redone: false, generation: nil)
        }

        init(outcomes: [RowOutcome], redone: Bool, generation: Database.Generation?) {
            self.outcomes = outcomes
            self.redone = redone
            self.generation = generation
        }
    }

    /// Reads what a batch refers to on a reader and works out its rows, without the writer. `previous` is the batch
    /// stored just before this one, which this batch's snapshot may not include yet: what it created is carried
    /// forward. Every batch before `previous` must be stored before this is called.
    public func prepare(
        _ rows: [PortfolioRow], creditorId: String, importId: String, after previous: PreparedBatch?
    ) async throws -> PreparedBatch {
        let generation = database.generation
        var stored = try await database.read { db in
            var stored = try await Self.stored(rows, creditorId: creditorId, db: db)
            if previous == nil { stored.nextNumber = try await Self.lastCaseNumber(db) }
            return stored
        }
        if var carry = previous?.carry {
            carry.keep(over: stored)
            stored = carry
        }
        var plan = ImportPlan(creditorId: creditorId, importId: importId, stored: stored, rows: rows.count)
        let outcomes = rows.map { plan.add($0) }
        return PreparedBatch(
            rows: rows, creditorId: creditorId, importId: importId, plan: plan, outcomes: outcomes,
            generation: generation)
    }

    /// Stores a prepared batch in one transaction if what it was worked out from still holds: nothing committed since
    /// its snapshot but `previous` (stored as prepared, not redone). Otherwise the batch is worked out again inside the
    /// transaction, as `write` does, so a claim or customer another writer stored meanwhile is seen.
    public func store(_ batch: PreparedBatch, after previous: StoredBatch?) async throws -> StoredBatch {
        let ((outcomes, redone), made) = try await database.generationTransaction { db, now in
            // A redone batch may differ from what the next one was prepared to follow.
            let unchanged =
                previous?.redone != true
                && now.holdsWork(readAt: batch.generation, ownCommits: previous?.generation.map { [$0] } ?? [])
            if unchanged {
                try await batch.plan.insert(db: db)
                return (batch.outcomes, false)
            }
            return (
                try await Self.write(batch.rows, creditorId: batch.creditorId, importId: batch.importId, db: db), true
            )
        }
        return StoredBatch(outcomes: outcomes, redone: redone, generation: made)
    }
}
