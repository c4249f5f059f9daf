extension Schema {
    /// The wait each case's daily decision last stored, by reference, so the cycle stores a wait again only when it
    /// changes. A case whose next step is weeks away was decided to wait with the same reasons every day: a million
    /// identical rows a day on a million-case portfolio.
    static func v13(_ dialect: Database.Dialect) -> [String] {
        [
            """
            CREATE TABLE case_waits (case_id TEXT PRIMARY KEY REFERENCES cases(id), ref TEXT NOT NULL)\
            \(dialect == .sqlite ? " WITHOUT ROWID" : "")
            """
        ]
    }
}
