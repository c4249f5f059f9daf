extension Schema {
    /// A case's letter steps are its queued letters that give a term. Every step the cycle takes queues its letter in
    /// the same transaction, with the same case, step, occurrence, date, channel and deadline, and a notice (a plan
    /// confirmation, a paid-in-full letter) is queued without a deadline. So the `steps` table repeated what
    /// `communications` holds, and cost every decided case one more row to write and every page one more query to
    /// read. A step's channel is now its letter's: an email that fell back to post reads as sent by post, which is
    /// what the customer got (the engine reads a step's date, term and occurrence, not its channel). A step that should
    /// ever lack its letter is kept as a failed letter a person sees in the queue, neither sent nor lost; its key is
    /// marked, so a notice holding the step's own key cannot hide it.
    static func v11(_ dialect: Database.Dialect) -> [String] {
        let id = dialect == .postgres ? "md5(random()::text || clock_timestamp()::text)" : "lower(hex(randomblob(16)))"
        return [
            """
            INSERT INTO communications (id, case_id, step_id, occurrence, date, channel, deadline, status,
              idempotency_key, created_at, last_error)
            SELECT \(id), s.case_id, s.step_id, s.occurrence, s.date, s.channel, s.deadline, 'failed',
              s.case_id || '|' || s.step_id || '#' || s.occurrence || '|' || s.date || '|step', s.date || 'T00:00:00Z',
              'a letter step recorded without its queued letter (found by migration 11)'
            FROM steps s WHERE NOT EXISTS (SELECT 1 FROM communications c WHERE c.case_id = s.case_id
              AND c.step_id = s.step_id AND c.occurrence = s.occurrence AND c.deadline IS NOT NULL)
            """,
            "DROP TABLE steps",
        ]
    }
}
