import Crypto
import ForbearCore
import Foundation
import SQLKit

/// Who a payment reference belongs to, with what sign-in checks against. Never logged, never shown.
public struct PortalIdentity: Sendable, Hashable {
    public var customerId: String
    public var caseId: String
    public var birthDate: LocalDate?
    public var postcode: String
    public var email: String?
    public var phone: String?
    public var language: String
    public var country: Country
}

/// A signed-in customer's session. Only the token's hash is stored; a one-time code, when one was sent, is kept
/// as a hash too, and the session is not signed in until it is typed.
public struct PortalSession: Sendable, Hashable {
    public var tokenHash: String
    public var customerId: String
    public var csrf: String
    public var codeHash: String?
    public var codeExpiresAt: Date?
    public var codeAttempts: Int
    public var language: String
    public var lastSeenAt: Date

    public var codePending: Bool { codeHash != nil }
}

/// Sign-in state for the customer portal: looking up a reference, sessions, one-time codes and rate limiting.
public struct PortalStore: Sendable {
    public let database: Database
    public let cipher: FieldCipher

    public init(database: Database, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// The customer behind a payment reference (compared without spaces, in capitals).
    public func identity(paymentReference: String) async throws -> PortalIdentity? {
        guard let condition = caseReferenceCondition(paymentReference, alias: "c") else { return nil }
        return try await database.read { db in
            try await db.raw(
                """
                SELECT c.id AS case_id, u.id AS customer_id, u.birth_date, u.postcode, u.email, u.phone, u.language,
                u.country FROM cases c JOIN customers u ON u.id = c.customer_id
                WHERE \(condition)
                """
            ).first().map { r in
                PortalIdentity(
                    customerId: try r.string("customer_id"), caseId: try r.string("case_id"),
                    birthDate: try r.optDate("birth_date"), postcode: try r.string("postcode"),
                    email: try r.optString("email").flatMap { $0.isEmpty ? nil : $0 },
                    phone: try r.optString("phone").flatMap { $0.isEmpty ? nil : $0 },
                    language: try r.string("language"), country: try r.enumValue("country", Country.self))
            }
        }
    }

    /// The country of the customer's address (for the crisis lines and advice to show).
    public func identityCountry(customerId: String) async throws -> Country? {
        try await database.read { db in
            try await db.raw("SELECT country FROM customers WHERE id = \(bind: customerId)").first()
                .map { try $0.enumValue("country", Country.self) }
        }
    }

    /// Every case of the person: their own, and those at other creditors under the same name, date of birth and
    /// postcode (one person, several creditors). Without a date of birth nothing is joined up.
    public func caseIds(customerId: String) async throws -> [String] {
        try await personCases(customerId: customerId).map(\.caseId)
    }

    /// The person's cases with the customer record each belongs to (one per creditor).
    public func personCases(customerId: String) async throws -> [(caseId: String, customerId: String)] {
        try await database.read { db in
            guard let me = try await db.raw("SELECT * FROM customers WHERE id = \(bind: customerId)").first() else {
                return []
            }
            let q: SQLQueryString
            if let birth = try me.optString("birth_date"), !birth.isEmpty {
                q = """
                    SELECT c.id, c.customer_id FROM cases c JOIN customers u ON u.id = c.customer_id
                    WHERE u.id = \(bind: customerId)
                    OR (u.birth_date = \(bind: birth) AND LOWER(u.first_name) = LOWER(\(bind: try me.string("first_name")))
                    AND LOWER(u.last_name) = LOWER(\(bind: try me.string("last_name")))
                    AND REPLACE(UPPER(u.postcode), ' ', '') = \(bind: PortalStore.normalised(try me.string("postcode"))))
                    ORDER BY c.number
                    """
            } else {
                q = """
                    SELECT c.id, c.customer_id FROM cases c WHERE c.customer_id = \(bind: customerId) ORDER BY c.number
                    """
            }
            return try await db.raw(q).all().map { (try $0.string("id"), try $0.string("customer_id")) }
        }
    }

    /// Sign-in details of the first open case in each country, for the demo's welcome text (synthetic data only).
    public func sampleSignIns() async throws -> [(reference: String, birthDate: String, country: String)] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT c.payment_reference, u.birth_date, c.country FROM cases c JOIN customers u ON u.id = c.customer_id
                WHERE c.number IN (SELECT MIN(c2.number) FROM cases c2 JOIN customers u2 ON u2.id = c2.customer_id
                  WHERE c2.status = 'open' AND u2.birth_date IS NOT NULL GROUP BY c2.country)
                ORDER BY c.country
                """
            ).all().map {
                (try $0.string("payment_reference"), try $0.string("birth_date"), try $0.string("country"))
            }
        }
    }

    /// A postcode or reference as compared: capitals, no spaces.
    public static func normalised(_ text: String) -> String {
        text.uppercased().filter { !$0.isWhitespace }
    }

    // MARK: Rate limiting

    /// Failed attempts for `key` (a reference or an address) since `since`, oldest first.
    public func failures(key: String, since: Date) async throws -> [Date] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT at FROM portal_attempts WHERE key_hash = \(bind: AccessStore.hash(key))
                AND at >= \(bind: since.formatted(.iso8601)) ORDER BY at
                """
            ).all().compactMap { try? Date(try $0.string("at"), strategy: .iso8601) }
        }
    }

    /// Counts a failed attempt against each key; attempts older than a day are dropped on the way.
    public func recordFailure(keys: [String], at now: Date = Date()) async throws {
        try await database.transaction { db in
            for key in keys {
                try await db.raw(
                    """
                    INSERT INTO portal_attempts (id, key_hash, at) VALUES (\(bind: newID()), \(bind: AccessStore.hash(key)),
                    \(bind: now.formatted(.iso8601)))
                    """
                ).run()
            }
            try await db.raw(
                "DELETE FROM portal_attempts WHERE at < \(bind: now.addingTimeInterval(-86_400).formatted(.iso8601))"
            ).run()
        }
    }

    public func clearFailures(key: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM portal_attempts WHERE key_hash = \(bind: AccessStore.hash(key))").run()
        }
    }

    // MARK: Sessions

    /// Starts a session; with `code`, the session waits for that one-time code until `codeExpiresAt`.
    public func createSession(customerId: String, language: String, code: String?, codeExpiresAt: Date?)
        async throws -> String
    {
        let token = AccessStore.randomToken()
        let now = Timestamp.now()
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO portal_sessions (token_hash, customer_id, csrf, code_hash, code_expires_at, language,
                created_at, last_seen_at) VALUES (\(bind: AccessStore.hash(token)), \(bind: customerId),
                \(bind: AccessStore.randomToken()), \(bind: code.map(AccessStore.hash)),
                \(bind: codeExpiresAt?.formatted(.iso8601)), \(bind: language), \(bind: now), \(bind: now))
                """
            ).run()
        }
        return token
    }

    public func session(token: String) async throws -> PortalSession? {
        try await database.read { db in
            try await db.raw(
                "SELECT * FROM portal_sessions WHERE token_hash = \(bind: AccessStore.hash(token))"
            ).first().map { r in
                PortalSession(
                    tokenHash: try r.string("token_hash"), customerId: try r.string("customer_id"),
                    csrf: try r.string("csrf"), codeHash: try r.optString("code_hash"),
                    codeExpiresAt: try r.optString("code_expires_at").flatMap { try? Date($0, strategy: .iso8601) },
                    codeAttempts: Int(try r.int("code_attempts")), language: try r.string("language"),
                    lastSeenAt: (try? Date(try r.string("last_seen_at"), strategy: .iso8601)) ?? .distantPast)
            }
        }
    }

    /// Checks a typed one-time code: true signs the session in; false counts an attempt.
    public func checkCode(_ code: String, session: PortalSession) async throws -> Bool {
        try await database.transaction { db in
            if let hash = session.codeHash, hash == AccessStore.hash(code) {
                try await db.raw(
                    """
                    UPDATE portal_sessions SET code_hash = NULL, code_expires_at = NULL
                    WHERE token_hash = \(bind: session.tokenHash)
                    """
                ).run()
                return true
            }
            try await db.raw(
                "UPDATE portal_sessions SET code_attempts = code_attempts + 1 WHERE token_hash = \(bind: session.tokenHash)"
            ).run()
            return false
        }
    }

    public func touch(_ session: PortalSession) async throws {
        try await database.transaction { db in
            try await db.raw(
                "UPDATE portal_sessions SET last_seen_at = \(bind: Timestamp.now()) WHERE token_hash = \(bind: session.tokenHash)"
            ).run()
        }
    }

    public func setLanguage(_ session: PortalSession, language: String) async throws {
        try await database.transaction { db in
            try await db.raw(
                "UPDATE portal_sessions SET language = \(bind: language) WHERE token_hash = \(bind: session.tokenHash)"
            ).run()
        }
    }

    public func end(tokenHash: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM portal_sessions WHERE token_hash = \(bind: tokenHash)").run()
        }
    }

    /// A fresh six-digit one-time code.
    public static func oneTimeCode() -> String {
        var g = SystemRandomNumberGenerator()
        return String(format: "%06d", Int.random(in: 0..<1_000_000, using: &g))
    }
}
