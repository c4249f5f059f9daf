extension Schema {
    /// Each legal basis a decision or a ledger line of the daily cycle cites, once, under the reference they store in
    /// its place (see `LegalTexts`). Rows stored before keep their texts; both forms read back the same.
    static func v12(_ dialect: Database.Dialect) -> [String] {
        [
            "CREATE TABLE legal_texts (ref TEXT PRIMARY KEY, text TEXT NOT NULL)\(dialect == .sqlite ? " WITHOUT ROWID" : "")",
            "ALTER TABLE ledger_entries ADD COLUMN legal_basis_ref TEXT REFERENCES legal_texts(ref)",
        ]
    }
}
