import ForbearCore
import Foundation
import SQLKit

/// One numbered, roll-forward schema change. The SQL is written once for both dialects (TEXT, BIGINT, INTEGER and
/// CHECK mean the same in SQLite and PostgreSQL); a migration that needs a dialect branch says so in `postgres`.
struct Migration: Sendable {
    var version: Int
    var name: String
    var statements: [String]
    var postgres: [String]? = nil
    /// Work on SQLite that is more than SQL statements, run after them in the same transaction.
    var sqliteStep: (@Sendable (any SQLDatabase) async throws -> Void)? = nil
    /// SQLite: the writer's foreign-key checks are off while it runs (for a table rebuilt under its own name).
    var foreignKeysOff = false
}

public enum Migrator {
    static let migrations: [Migration] = [
        Migration(version: 1, name: "core schema", statements: Schema.v1),
        Migration(version: 2, name: "bank entries", statements: Schema.v2),
        Migration(version: 3, name: "remittance periods", statements: Schema.v3),
        Migration(version: 4, name: "plan instalments", statements: ["ALTER TABLE plans ADD COLUMN detail TEXT"]),
        Migration(version: 5, name: "bank entry indexes for what they serve", statements: Schema.v5),
        Migration(version: 6, name: "letters", statements: Schema.v6),
        Migration(version: 7, name: "staff console", statements: Schema.v7),
        Migration(version: 8, name: "customer portal", statements: Schema.v8),
        // On SQLite the audit trail moves to its own file (see `Schema.auditFile`); PostgreSQL keeps its table.
        Migration(
            version: 9, name: "audit trail in its own SQLite file",
            statements: [
                "INSERT OR IGNORE INTO audit.audit_events SELECT * FROM main.audit_events",
                "DROP TABLE main.audit_events",
            ], postgres: []),
        Migration(
            version: 10, name: "the daily cycle's rows in fewer B-trees", statements: Schema.v10,
            postgres: Schema.v10Postgres),
        Migration(
            version: 11, name: "letter steps read from the queued letters", statements: Schema.v11(.sqlite),
            postgres: Schema.v11(.postgres)),
        Migration(
            version: 12, name: "legal bases kept once, cited by reference", statements: Schema.v12(.sqlite),
            postgres: Schema.v12(.postgres)),
        Migration(
            version: 13, name: "a wait stored only when it changes", statements: Schema.v13(.sqlite),
            postgres: Schema.v13(.postgres)),
        Migration(
            version: 14, name: "CHECK lists as equalities on SQLite", statements: [],
            sqliteStep: Schema.rewriteCheckLists
        ),
        Migration(
            version: 15, name: "payment references found by case number", statements: Schema.v15(.sqlite),
            postgres: Schema.v15(.postgres), sqliteStep: Schema.checkCaseKeys, foreignKeysOff: true),
        Migration(
            version: 16, name: "letters' reasons kept once, cited by reference", statements: Schema.v16(.sqlite),
            postgres: Schema.v16(.postgres)),
    ]

    /// Applies every migration not yet recorded (up to version `last`: tests build older databases with it), each in its
    /// own transaction, calling `beforeFirst` once before the first is applied (one can take a minute on a large file);
    /// returns the versions applied.
    @discardableResult
    public static func migrate(
        _ database: Database, through last: Int = .max, beforeFirst: () -> Void = {}
    ) async throws -> [Int] {
        try await database.transaction { db in
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            ).run()
        }
        var applied: [Int] = []
        for m in migrations where m.version <= last {
            let done = try await database.read { db in
                try await db.raw("SELECT version FROM schema_migrations WHERE version = \(bind: m.version)").first()
                    != nil
            }
            if done { continue }
            let statements = database.dialect == .postgres ? (m.postgres ?? m.statements) : m.statements
            if applied.isEmpty { beforeFirst() }
            try await database.transaction(changesCases: true, checksForeignKeys: !m.foreignKeysOff) { db in
                for sql in statements { try await db.raw(SQLQueryString(sql)).run() }
                if database.dialect == .sqlite, let step = m.sqliteStep { try await step(db) }
                try await db.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: m.version), \(bind: m.name), \(bind: Timestamp.now()))"
                ).run()
            }
            applied.append(m.version)
        }
        return applied
    }

    public static var latestVersion: Int { migrations.map(\.version).max() ?? 0 }
}

extension Schema {
    /// On SQLite the audit trail is a database file of its own beside the main one, attached to every connection as
    /// `audit`; unqualified `audit_events` then names it. Every audited read writes an event, and SQLite empties a
    /// reader's page cache whenever the file it reads has been committed to by another connection: with the events
    /// in the main file, each API read would cost every other reader its cached case pages.
    static let auditFile: [String] = [
        """
        CREATE TABLE IF NOT EXISTS audit.audit_events (id TEXT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,
          action TEXT NOT NULL, subject_type TEXT NOT NULL, subject_id TEXT NOT NULL, purpose TEXT, detail TEXT)
        """,
        "CREATE INDEX IF NOT EXISTS audit.audit_subject ON audit_events (subject_type, subject_id)",
        "CREATE INDEX IF NOT EXISTS audit.audit_at ON audit_events (at)",
    ]
}

/// UTC instants as ISO 8601 text, sortable in both dialects.
public enum Timestamp {
    public static func now() -> String { Date().formatted(.iso8601) }
}

enum Schema {
    static let countries = "'FI','NL','BE','DK','IT','GB'"
    static let currencies = "'EUR','DKK','GBP','SEK'"
    static let holdKinds = HoldKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")

    static let v1: [String] = [
        "CREATE TABLE creditors (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)",
        """
        CREATE TABLE customers (id TEXT PRIMARY KEY, creditor_id TEXT NOT NULL REFERENCES creditors(id),
          customer_ref TEXT NOT NULL, first_name TEXT NOT NULL, last_name TEXT NOT NULL, address_line1 TEXT NOT NULL,
          postcode TEXT NOT NULL, city TEXT NOT NULL, country TEXT NOT NULL CHECK (country IN (\(countries))),
          language TEXT NOT NULL, birth_date TEXT, email TEXT, phone TEXT, UNIQUE (creditor_id, customer_ref))
        """,
        """
        CREATE TABLE cases (id TEXT PRIMARY KEY, number BIGINT NOT NULL UNIQUE,
          creditor_id TEXT NOT NULL REFERENCES creditors(id), customer_id TEXT NOT NULL REFERENCES customers(id),
          country TEXT NOT NULL CHECK (country IN (\(countries))), currency TEXT NOT NULL CHECK (currency IN (\(currencies))),
          payment_reference TEXT NOT NULL UNIQUE, status TEXT NOT NULL CHECK (status IN ('open','closed','stopped')),
          sector TEXT, handle_with_care BIGINT NOT NULL DEFAULT 0, vulnerability_review_on TEXT,
          closed_on TEXT, stopped_on TEXT, referred_on TEXT, created_at TEXT NOT NULL, UNIQUE (creditor_id, customer_id))
        """,
        "CREATE INDEX cases_status_number ON cases (status, number)",
        """
        CREATE TABLE claims (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id),
          creditor_id TEXT NOT NULL REFERENCES creditors(id), claim_ref TEXT NOT NULL, description TEXT NOT NULL,
          due_date TEXT NOT NULL, currency TEXT NOT NULL CHECK (currency IN (\(currencies))), interest_bps BIGINT,
          invoice_date TEXT, original_creditor TEXT, import_id TEXT, UNIQUE (creditor_id, claim_ref))
        """,
        "CREATE INDEX claims_case ON claims (case_id)",
        """
        CREATE TABLE ledger_entries (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id),
          claim_id TEXT NOT NULL REFERENCES claims(id), seq BIGINT NOT NULL, date TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('charge','allocation','adjustment','writeOff')),
          component TEXT NOT NULL CHECK (component IN ('principal','interest','fee','planFee')),
          amount BIGINT NOT NULL, currency TEXT NOT NULL CHECK (currency IN (\(currencies))),
          rule_id TEXT, legal_basis TEXT, payment_id TEXT, period_through TEXT, UNIQUE (case_id, seq))
        """,
        """
        CREATE TABLE payments (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), date TEXT NOT NULL,
          amount BIGINT NOT NULL CHECK (amount > 0), currency TEXT NOT NULL CHECK (currency IN (\(currencies))),
          credit BIGINT NOT NULL, reversed_on TEXT)
        """,
        "CREATE INDEX payments_case ON payments (case_id)",
        """
        CREATE TABLE holds (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id),
          kind TEXT NOT NULL CHECK (kind IN (\(holdKinds))), start_date TEXT NOT NULL, end_date TEXT, lifted_on TEXT,
          treatment_ended_on TEXT, reason TEXT NOT NULL, started_by TEXT NOT NULL, created_at TEXT NOT NULL)
        """,
        "CREATE INDEX holds_case ON holds (case_id)",
        """
        CREATE TABLE steps (case_id TEXT NOT NULL REFERENCES cases(id), step_id TEXT NOT NULL, occurrence BIGINT NOT NULL,
          date TEXT NOT NULL, channel TEXT NOT NULL, deadline TEXT NOT NULL, PRIMARY KEY (case_id, step_id, occurrence))
        """,
        """
        CREATE TABLE decisions (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), date TEXT NOT NULL,
          seq BIGINT NOT NULL, action TEXT NOT NULL, payload TEXT NOT NULL, reasons TEXT NOT NULL, next_possible TEXT,
          UNIQUE (case_id, date, seq))
        """,
        "CREATE TABLE case_days (case_id TEXT NOT NULL REFERENCES cases(id), date TEXT NOT NULL, PRIMARY KEY (case_id, date))",
        """
        CREATE TABLE communications (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id),
          step_id TEXT NOT NULL, occurrence BIGINT NOT NULL, date TEXT NOT NULL,
          channel TEXT NOT NULL CHECK (channel IN ('letter','email','sms','phone')), deadline TEXT,
          status TEXT NOT NULL CHECK (status IN ('queued','sent','failed','dead')), idempotency_key TEXT NOT NULL UNIQUE,
          created_at TEXT NOT NULL)
        """,
        "CREATE INDEX communications_case ON communications (case_id)",
        """
        CREATE TABLE plans (case_id TEXT PRIMARY KEY REFERENCES cases(id),
          state TEXT NOT NULL CHECK (state IN ('proposed','active','atRisk','broken','completed')), since TEXT NOT NULL)
        """,
        """
        CREATE TABLE affordability (case_id TEXT PRIMARY KEY REFERENCES cases(id), assessed_on TEXT NOT NULL,
          verdict TEXT NOT NULL CHECK (verdict IN ('affordable','noCapacity','incomplete','noRealisticAbility')),
          monthly BIGINT)
        """,
        """
        CREATE TABLE disclosures (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id),
          recorded_on TEXT NOT NULL, source TEXT NOT NULL, recorded_by TEXT NOT NULL, review_on TEXT,
          adjustments TEXT NOT NULL, consent TEXT, detail_ciphertext TEXT, created_at TEXT NOT NULL,
          CHECK (detail_ciphertext IS NULL OR consent IS NOT NULL))
        """,
        """
        CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('agent','specialist','teamLead','compliance','admin')), created_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE api_tokens (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,
          role TEXT NOT NULL CHECK (role IN ('admin','agent','creditor')), creditor_id TEXT REFERENCES creditors(id),
          created_at TEXT NOT NULL, revoked_at TEXT, CHECK (role <> 'creditor' OR creditor_id IS NOT NULL))
        """,
        """
        CREATE TABLE audit_events (id TEXT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
          subject_type TEXT NOT NULL, subject_id TEXT NOT NULL, purpose TEXT, detail TEXT)
        """,
        "CREATE INDEX audit_subject ON audit_events (subject_type, subject_id)",
    ]

    /// Every entry read from a bank file or the payments API, booked or not: the bank's reference makes re-sending
    /// the same file safe, and unmatched entries wait here for staff with suggested cases.
    static let v2: [String] = [
        """
        CREATE TABLE bank_entries (entry_ref TEXT PRIMARY KEY, booking_date TEXT NOT NULL, value_date TEXT,
          amount BIGINT NOT NULL CHECK (amount > 0), currency TEXT NOT NULL CHECK (currency IN (\(currencies))),
          is_reversal BIGINT NOT NULL, structured_ref TEXT, unstructured TEXT, end_to_end_id TEXT,
          status TEXT NOT NULL CHECK (status IN ('booked','unmatched','reversed','reversalUnmatched')),
          case_id TEXT REFERENCES cases(id), matched_how TEXT, suggestions TEXT, source TEXT NOT NULL, created_at TEXT NOT NULL)
        """,
        "CREATE INDEX bank_entries_status ON bank_entries (status)",
        "CREATE INDEX bank_entries_e2e ON bank_entries (end_to_end_id)",
    ]

    /// Every bank entry received updates these indexes, so they cover only the rows they are for: entries waiting
    /// for staff (in the order the queue shows them), and entries with an end-to-end id (to find a returned payment).
    static let v5: [String] = [
        "DROP INDEX bank_entries_status",
        "DROP INDEX bank_entries_e2e",
        """
        CREATE INDEX bank_entries_waiting ON bank_entries (booking_date, entry_ref)
          WHERE status IN ('unmatched', 'reversalUnmatched')
        """,
        "CREATE INDEX bank_entries_e2e ON bank_entries (end_to_end_id) WHERE end_to_end_id IS NOT NULL",
    ]
    /// What was reported to each creditor for a month; a closed period never changes.
    static let v3: [String] = [
        """
        CREATE TABLE remittances (creditor_id TEXT NOT NULL REFERENCES creditors(id), period TEXT NOT NULL,
          currency TEXT NOT NULL CHECK (currency IN (\(currencies))), collected BIGINT NOT NULL, principal BIGINT NOT NULL,
          interest BIGINT NOT NULL, fees_retained BIGINT NOT NULL, net_due BIGINT NOT NULL, closed_at TEXT NOT NULL,
          PRIMARY KEY (creditor_id, period, currency))
        """
    ]

    /// Letters as sent, kept on the case (the PDF itself, so what the customer got can always be shown), the
    /// creditor details letters must carry, email delivery attempts, and the customer's contact choices.
    static let v6: [String] = [
        """
        CREATE TABLE letters (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id),
          communication_id TEXT NOT NULL REFERENCES communications(id),
          recipient TEXT NOT NULL CHECK (recipient IN ('customer','representative')),
          template TEXT NOT NULL, version TEXT NOT NULL, language TEXT NOT NULL,
          channel TEXT NOT NULL CHECK (channel IN ('letter','email')), pages BIGINT NOT NULL, sha256 TEXT NOT NULL,
          batch TEXT, pdf TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (communication_id, recipient))
        """,
        "CREATE INDEX letters_case ON letters (case_id)",
        "ALTER TABLE creditors ADD COLUMN address TEXT",
        "ALTER TABLE creditors ADD COLUMN company_number TEXT",
        "ALTER TABLE communications ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE communications ADD COLUMN last_error TEXT",
        "ALTER TABLE communications ADD COLUMN next_attempt_at TEXT",
        "ALTER TABLE communications ADD COLUMN sent_at TEXT",
        "CREATE INDEX communications_queue ON communications (status, date)",
        """
        CREATE TABLE customer_contact (customer_id TEXT PRIMARY KEY REFERENCES customers(id), preferences TEXT,
          email_consent TEXT, updated_at TEXT NOT NULL)
        """,
    ]

    /// The staff console: sign-in state (failed attempts, lockout, second factor, language), sessions kept as hashes,
    /// escalations to the specialist team as a queue (the daily cycle's earlier ones copied in), what staff did on a
    /// case, and protocol conversations in progress (their answers sealed, since they can hold health detail).
    static let v7: [String] = [
        "ALTER TABLE users ADD COLUMN totp_secret TEXT",
        "ALTER TABLE users ADD COLUMN failed_logins BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE users ADD COLUMN locked_until TEXT",
        "ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en'",
        """
        CREATE TABLE staff_sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
          csrf TEXT NOT NULL, second_factor_pending BIGINT NOT NULL, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE escalations (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), date TEXT NOT NULL,
          priority TEXT NOT NULL CHECK (priority IN ('urgent','high','normal')), reason TEXT NOT NULL,
          source TEXT NOT NULL CHECK (source IN ('engine','console','cue','portal')), created_by TEXT NOT NULL,
          created_at TEXT NOT NULL, resolved_at TEXT, resolved_by TEXT, resolution TEXT)
        """,
        "CREATE INDEX escalations_case ON escalations (case_id)",
        "CREATE INDEX escalations_open ON escalations (priority, created_at) WHERE resolved_at IS NULL",
        """
        INSERT INTO escalations (id, case_id, date, priority, reason, source, created_by, created_at)
          SELECT id, case_id, date, CASE WHEN payload LIKE '%"urgent"%' THEN 'urgent' WHEN payload LIKE '%"high"%'
          THEN 'high' ELSE 'normal' END, reasons, 'engine', 'daily cycle', date
          FROM decisions WHERE action = 'escalateToSpecialist'
        """,
        """
        CREATE TABLE case_events (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), at TEXT NOT NULL,
          actor TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL)
        """,
        "CREATE INDEX case_events_case ON case_events (case_id, at)",
        """
        CREATE TABLE protocol_runs (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id),
          protocol TEXT NOT NULL, started_by TEXT NOT NULL, started_on TEXT NOT NULL, answers_ciphertext TEXT,
          completed_at TEXT, created_at TEXT NOT NULL)
        """,
        "CREATE INDEX audit_at ON audit_events (at)",
    ]

    /// The customer portal: sessions kept as hashes (with a one-time code, hashed, when one was sent), failed sign-in
    /// attempts for rate limiting (keyed by a hash of the reference or address, never the value itself), the
    /// customer's messages to an adviser (sealed, since people write about their health), and feedback scores.
    static let v8: [String] = [
        """
        CREATE TABLE portal_sessions (token_hash TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id),
          csrf TEXT NOT NULL, code_hash TEXT, code_expires_at TEXT, code_attempts BIGINT NOT NULL DEFAULT 0,
          language TEXT NOT NULL, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL)
        """,
        "CREATE TABLE portal_attempts (id TEXT PRIMARY KEY, key_hash TEXT NOT NULL, at TEXT NOT NULL)",
        "CREATE INDEX portal_attempts_key ON portal_attempts (key_hash, at)",
        """
        CREATE TABLE portal_messages (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), at TEXT NOT NULL,
          body_ciphertext TEXT NOT NULL)
        """,
        "CREATE INDEX portal_messages_case ON portal_messages (case_id, at)",
        """
        CREATE TABLE feedback (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id),
          case_id TEXT REFERENCES cases(id), action TEXT NOT NULL, score BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
          comment TEXT, language TEXT NOT NULL, created_at TEXT NOT NULL)
        """,
    ]
}
