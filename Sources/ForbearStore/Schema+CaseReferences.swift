import SQLKit

extension Schema {
    /// Migration 15: a case's payment reference loses its unique index; a reference is found by the case number it is
    /// made from (`PaymentReference.caseNumber`), whose index every new case extends at its end. The reference's
    /// check digits come first, so each new case's entry went to a random page of that index: a tenth of a million
    /// claims' import. The reference stays unique, as the number is and the reference is a function of it.
    static func v15(_ dialect: Database.Dialect) -> [String] {
        if dialect == .postgres { return ["ALTER TABLE cases DROP CONSTRAINT cases_payment_reference_key"] }
        // SQLite drops a constraint only with its table: the cases are copied, ids and all, into a table without it,
        // which then takes the old one's name, so every reference to a case still finds it. Foreign keys are off for
        // this migration (`Migration.foreignKeysOff`), or dropping the old table would first look for every row that
        // refers to each case.
        let columns = """
            id, number, creditor_id, customer_id, country, currency, payment_reference, status, sector, handle_with_care, \
            vulnerability_review_on, closed_on, stopped_on, referred_on, created_at
            """
        let definition = checksWithoutLists(
            """
            (id TEXT PRIMARY KEY, number BIGINT NOT NULL UNIQUE,
              creditor_id TEXT NOT NULL REFERENCES creditors(id), customer_id TEXT NOT NULL REFERENCES customers(id),
              country TEXT NOT NULL CHECK (country IN (\(countries))), currency TEXT NOT NULL CHECK (currency IN (\(currencies))),
              payment_reference TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('open','closed','stopped')),
              sector TEXT, handle_with_care BIGINT NOT NULL DEFAULT 0, vulnerability_review_on TEXT,
              closed_on TEXT, stopped_on TEXT, referred_on TEXT, created_at TEXT NOT NULL, UNIQUE (creditor_id, customer_id))
            """)
        return [
            "CREATE TABLE cases_v15 \(definition)",
            "INSERT INTO cases_v15 (\(columns)) SELECT \(columns) FROM cases ORDER BY rowid",
            "DROP TABLE cases",
            "ALTER TABLE cases_v15 RENAME TO cases",
            "CREATE INDEX cases_status_number ON cases (status, number)",
        ]
    }

    /// What SQLite's procedure for rebuilding a table asks before the commit: the copied cases still name a creditor
    /// and a customer that exist.
    static func checkCaseKeys(_ db: any SQLDatabase) async throws {
        if let row = try await db.raw("PRAGMA foreign_key_check(cases)").first() {
            let id = (try? row.decode(column: "rowid", as: Int64.self)).map(String.init) ?? "?"
            throw StoreError.migration("a copied case (rowid \(id)) names a creditor or customer that does not exist")
        }
    }
}
