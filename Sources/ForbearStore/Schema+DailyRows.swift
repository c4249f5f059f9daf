extension Schema {
    /// The rows every daily cycle adds, in fewer B-trees on SQLite. A table keyed by a rowid keeps its declared key in
    /// a second B-tree, so every row was written twice; a table keyed by what it is looked up by (`WITHOUT ROWID`)
    /// writes it once. A decision loses the id nothing reads it by (its case, date and sequence are its key). The day
    /// marker is keyed by date first, so a day's markers are appended instead of spread over every case's earlier ones.
    /// Nothing references these tables, so each is rebuilt and copied inside the migration's transaction. Loading a
    /// case looks for its review decisions, which are rare: a partial index finds them without reading every decision
    /// the case has had.
    static let v10: [String] =
        rebuild(
            "decisions",
            as: """
                (case_id TEXT NOT NULL REFERENCES cases(id), date TEXT NOT NULL, seq BIGINT NOT NULL, action TEXT NOT NULL,
                  payload TEXT NOT NULL, reasons TEXT NOT NULL, next_possible TEXT, UNIQUE (case_id, date, seq))
                """,
            columns: "case_id, date, seq, action, payload, reasons, next_possible")
        + rebuild(
            "case_days",
            as: """
                (date TEXT NOT NULL, case_id TEXT NOT NULL REFERENCES cases(id), PRIMARY KEY (date, case_id))
                WITHOUT ROWID
                """,
            columns: "date, case_id")
        + rebuild(
            "steps",
            as: """
                (case_id TEXT NOT NULL REFERENCES cases(id), step_id TEXT NOT NULL, occurrence BIGINT NOT NULL,
                  date TEXT NOT NULL, channel TEXT NOT NULL, deadline TEXT NOT NULL,
                  PRIMARY KEY (case_id, step_id, occurrence)) WITHOUT ROWID
                """,
            columns: "case_id, step_id, occurrence, date, channel, deadline")
        + rebuild(
            "ledger_entries",
            as: """
                (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id),
                  claim_id TEXT NOT NULL REFERENCES claims(id), seq BIGINT NOT NULL, date TEXT NOT NULL,
                  kind TEXT NOT NULL CHECK (kind IN ('charge','allocation','adjustment','writeOff')),
                  component TEXT NOT NULL CHECK (component IN ('principal','interest','fee','planFee')),
                  amount BIGINT NOT NULL, currency TEXT NOT NULL CHECK (currency IN (\(currencies))),
                  rule_id TEXT, legal_basis TEXT, payment_id TEXT, period_through TEXT, UNIQUE (case_id, seq)) WITHOUT ROWID
                """,
            columns:
                "id, case_id, claim_id, seq, date, kind, component, amount, currency, rule_id, legal_basis, payment_id, period_through"
        ) + [reviewIndex]

    static let reviewIndex = "CREATE INDEX decisions_review ON decisions (case_id) WHERE action = 'reviewDue'"

    /// PostgreSQL keeps rows in a heap either way; only the decision's unused id goes, and the review index comes.
    static let v10Postgres = ["ALTER TABLE decisions DROP COLUMN id", reviewIndex]

    private static func rebuild(_ table: String, as definition: String, columns: String) -> [String] {
        [
            "CREATE TABLE \(table)_v10 \(definition)",
            "INSERT INTO \(table)_v10 (\(columns)) SELECT \(columns) FROM \(table)",
            "DROP TABLE \(table)",
            "ALTER TABLE \(table)_v10 RENAME TO \(table)",
        ]
    }
}
