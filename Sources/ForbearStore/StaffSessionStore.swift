import Crypto
import Foundation
import SQLKit

/// A staff user as sign-in sees them: the hash to check, the second factor, and the lockout state.
public struct StaffUser: Sendable, Hashable {
    public var id: String
    public var username: String
    public var passwordHash: String
    public var role: StaffRole
    public var totpSecret: String?
    public var failedLogins: Int
    public var lockedUntil: Date?
    public var language: String
}

/// A signed-in staff member's session. Only the token's hash is stored, so a copy of the database signs nobody in.
public struct StaffSession: Sendable, Hashable {
    public var tokenHash: String
    public var userId: String
    public var username: String
    public var role: StaffRole
    public var language: String
    public var csrf: String
    public var secondFactorPending: Bool
    public var lastSeenAt: Date
}

/// Staff sign-in state and sessions for the console.
public struct StaffSessionStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func user(username: String) async throws -> StaffUser? {
        try await database.read { db in
            try await db.raw("SELECT * FROM users WHERE username = \(bind: username)").first().map { r in
                StaffUser(
                    id: try r.string("id"), username: try r.string("username"),
                    passwordHash: try r.string("password_hash"), role: try r.enumValue("role", StaffRole.self),
                    totpSecret: try r.optString("totp_secret"), failedLogins: Int(try r.int("failed_logins")),
                    lockedUntil: try r.optString("locked_until").flatMap(Self.instant),
                    language: try r.string("language"))
            }
        }
    }

    /// Counts a failed attempt and, when `lockUntil` is given, locks the account until then.
    public func recordFailedLogin(userId: String, lockUntil: Date?) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                UPDATE users SET failed_logins = failed_logins + 1,
                locked_until = \(bind: lockUntil.map { $0.formatted(.iso8601) }) WHERE id = \(bind: userId)
                """
            ).run()
        }
    }

    public func clearFailedLogins(userId: String) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = \(bind: userId)").run()
        }
    }

    /// Turns on the second factor for a user (a TOTP secret), or off with nil.
    public func setTOTP(username: String, secret: String?) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM users WHERE username = \(bind: username)").first() != nil else {
                return false
            }
            try await db.raw("UPDATE users SET totp_secret = \(bind: secret) WHERE username = \(bind: username)").run()
            return true
        }
    }

    public func setLanguage(userId: String, language: String) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE users SET language = \(bind: language) WHERE id = \(bind: userId)").run()
        }
    }

    /// Starts a session; returns the token for the cookie (kept nowhere else) and the session's CSRF token.
    public func create(userId: String, secondFactorPending: Bool) async throws -> (token: String, csrf: String) {
        let token = AccessStore.randomToken()
        let csrf = AccessStore.randomToken()
        let now = Timestamp.now()
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO staff_sessions (token_hash, user_id, csrf, second_factor_pending, created_at, last_seen_at)
                VALUES (\(bind: AccessStore.hash(token)), \(bind: userId), \(bind: csrf), \(bind: secondFactorPending ? 1 : 0),
                \(bind: now), \(bind: now))
                """
            ).run()
        }
        return (token, csrf)
    }

    public func session(token: String) async throws -> StaffSession? {
        try await database.read { db in
            try await db.raw(
                """
                SELECT s.*, u.username, u.role, u.language FROM staff_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = \(bind: AccessStore.hash(token))
                """
            ).first().map { r in
                StaffSession(
                    tokenHash: try r.string("token_hash"), userId: try r.string("user_id"),
                    username: try r.string("username"), role: try r.enumValue("role", StaffRole.self),
                    language: try r.string("language"), csrf: try r.string("csrf"),
                    secondFactorPending: try r.int("second_factor_pending") != 0,
                    lastSeenAt: Self.instant(try r.string("last_seen_at")) ?? .distantPast)
            }
        }
    }

    public func touch(tokenHash: String) async throws {
        try await database.transaction { db in
            try await db.raw(
                "UPDATE staff_sessions SET last_seen_at = \(bind: Timestamp.now()) WHERE token_hash = \(bind: tokenHash)"
            ).run()
        }
    }

    public func completeSecondFactor(tokenHash: String) async throws {
        try await database.transaction { db in
            try await db.raw(
                "UPDATE staff_sessions SET second_factor_pending = 0 WHERE token_hash = \(bind: tokenHash)"
            ).run()
        }
    }

    public func end(tokenHash: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM staff_sessions WHERE token_hash = \(bind: tokenHash)").run()
        }
    }

    static func instant(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }
}
