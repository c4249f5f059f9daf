import Crypto
import ForbearCore
import Foundation
import SQLKit

public enum StaffRole: String, CaseIterable, Sendable, Codable {
    case agent, specialist, teamLead, compliance, admin
}

public enum TokenRole: String, CaseIterable, Sendable, Codable {
    case admin, agent, creditor
}

/// Who an API token belongs to.
public struct TokenIdentity: Sendable, Hashable {
    public var tokenId: String
    public var role: TokenRole
    /// For creditor tokens: the only creditor whose data the token may see.
    public var creditorId: String?
}

/// Staff users, API tokens and the audit trail. Tokens are stored only as SHA-256 hashes.
public struct AccessStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Stores a user with an already computed password hash (bcrypt, done by the caller).
    public func createUser(username: String, passwordHash: String, role: StaffRole) async throws -> String {
        try await database.transaction { db in
            if try await db.raw("SELECT id FROM users WHERE username = \(bind: username)").first() != nil {
                throw StoreError.conflict("a user called \(username) already exists")
            }
            let id = newID()
            try await db.raw(
                """
                INSERT INTO users (id, username, password_hash, role, created_at) VALUES (\(bind: id), \(bind: username),
                \(bind: passwordHash), \(bind: role.rawValue), \(bind: Timestamp.now()))
                """
            ).run()
            return id
        }
    }

    public func user(username: String) async throws -> (id: String, passwordHash: String, role: StaffRole)? {
        try await database.read { db in
            guard let r = try await db.raw("SELECT * FROM users WHERE username = \(bind: username)").first() else {
                return nil
            }
            return (try r.string("id"), try r.string("password_hash"), try r.enumValue("role", StaffRole.self))
        }
    }

    /// Creates a token and returns it in clear, once; only its hash is kept.
    public func createToken(role: TokenRole, creditorId: String?) async throws -> String {
        if role == .creditor, creditorId == nil { throw StoreError.invalid("a creditor token needs --creditor NAME") }
        let token = "fb_" + Self.randomToken()
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO api_tokens (id, token_hash, role, creditor_id, created_at) VALUES (\(bind: newID()),
                \(bind: Self.hash(token)), \(bind: role.rawValue), \(bind: creditorId), \(bind: Timestamp.now()))
                """
            ).run()
        }
        return token
    }

    public func identity(token: String) async throws -> TokenIdentity? {
        try await database.read { db in
            guard
                let r = try await db.raw(
                    "SELECT id, role, creditor_id FROM api_tokens WHERE token_hash = \(bind: Self.hash(token)) AND revoked_at IS NULL"
                ).first()
            else { return nil }
            return TokenIdentity(
                tokenId: try r.string("id"), role: try r.enumValue("role", TokenRole.self),
                creditorId: try r.optString("creditor_id"))
        }
    }

    /// 32 random bytes, URL-safe base64: API tokens, session tokens, CSRF tokens.
    public static func randomToken() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        // Checked on every API request: hex by table, not `String(format:)` per byte.
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    /// Records who read or changed which customer's data, and why. Holds ids only, never personal data.
    public func audit(actor: String, action: String, subjectType: String, subjectId: String, purpose: String? = nil)
        async throws
    {
        let row: [SQLValue] = [
            .text(newID()), .text(Timestamp.now()), .text(actor), .text(action), .text(subjectType), .text(subjectId),
            .text(purpose),
        ]
        try await database.auditEvents.append(row, on: database)
    }

    public func auditEvents(subjectId: String) async throws -> [(actor: String, action: String, purpose: String?)] {
        try await database.read { db in
            try await db.raw(
                "SELECT actor, action, purpose FROM audit_events WHERE subject_id = \(bind: subjectId) ORDER BY at"
            ).all().map { (try $0.string("actor"), try $0.string("action"), try $0.optString("purpose")) }
        }
    }
}
