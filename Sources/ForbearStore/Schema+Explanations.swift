extension Schema {
    /// The reasons many decisions share word for word, each kept once under the reference those decisions store in
    /// their place (see `Explanations`). Decisions stored before keep their reasons; both forms read back the same.
    static func v16(_ dialect: Database.Dialect) -> [String] {
        [
            "CREATE TABLE explanations (ref TEXT PRIMARY KEY, reasons TEXT NOT NULL)\(dialect == .sqlite ? " WITHOUT ROWID" : "")"
        ]
    }
}
