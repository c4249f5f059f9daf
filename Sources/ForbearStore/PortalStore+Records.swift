import ForbearCore
import Foundation
import SQLKit

/// Everything the customer record holds about a person, for "my data".
public struct CustomerRecord: Sendable, Hashable, Codable {
    public var customerRef: String
    public var firstName: String
    public var lastName: String
    public var addressLine1: String
    public var postcode: String
    public var city: String
    public var country: String
    public var language: String
    public var birthDate: String?
    public var email: String?
    public var phone: String?
}

/// A message the customer sent to an adviser from the portal.
public struct PortalMessage: Sendable, Hashable, Codable {
    public var id: String
    public var at: String
    public var text: String
}

/// A satisfaction score given after an action.
public struct FeedbackRecord: Sendable, Hashable, Codable {
    public var action: String
    public var score: Int
    public var comment: String?
    public var createdAt: String
}

/// The customer's contact choices as stored.
public struct ContactChoices: Sendable, Hashable, Codable {
    public var preferences: ContactPreferences
    public var emailConsent: EmailConsent?
}

extension PortalStore {
    public func customer(id: String) async throws -> CustomerRecord? {
        try await database.read { db in
            try await db.raw("SELECT * FROM customers WHERE id = \(bind: id)").first().map { r in
                CustomerRecord(
                    customerRef: try r.string("customer_ref"), firstName: try r.string("first_name"),
                    lastName: try r.string("last_name"), addressLine1: try r.string("address_line1"),
                    postcode: try r.string("postcode"), city: try r.string("city"), country: try r.string("country"),
                    language: try r.string("language"), birthDate: try r.optString("birth_date"),
                    email: try r.optString("email").flatMap { $0.isEmpty ? nil : $0 },
                    phone: try r.optString("phone").flatMap { $0.isEmpty ? nil : $0 })
            }
        }
    }

    /// Stores a message sealed: people write about their health and money, so it is never kept in clear.
    @discardableResult
    public func addMessage(caseId: String, text: String) async throws -> String {
        let id = newID()
        let sealed = try cipher.seal(text)
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO portal_messages (id, case_id, at, body_ciphertext) VALUES (\(bind: id), \(bind: caseId),
                \(bind: Timestamp.now()), \(bind: sealed))
                """
            ).run()
        }
        return id
    }

    public func messages(caseId: String) async throws -> [PortalMessage] {
        let rows = try await database.read { db in
            try await db.raw(
                "SELECT id, at, body_ciphertext FROM portal_messages WHERE case_id = \(bind: caseId) ORDER BY at, id"
            ).all().map { (id: try $0.string("id"), at: try $0.string("at"), sealed: try $0.string("body_ciphertext")) }
        }
        return try rows.map { PortalMessage(id: $0.id, at: $0.at, text: try cipher.open($0.sealed)) }
    }

    /// The stored ciphertext of a message, for checking nothing is kept in clear.
    public func rawMessage(id: String) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT body_ciphertext FROM portal_messages WHERE id = \(bind: id)").first()?
                .optString("body_ciphertext")
        }
    }

    public func addFeedback(
        customerId: String, caseId: String?, action: String, score: Int, comment: String?, language: String
    ) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO feedback (id, customer_id, case_id, action, score, comment, language, created_at)
                VALUES (\(bind: newID()), \(bind: customerId), \(bind: caseId), \(bind: action), \(bind: score),
                \(bind: comment), \(bind: language), \(bind: Timestamp.now()))
                """
            ).run()
        }
    }

    public func feedback(customerId: String) async throws -> [FeedbackRecord] {
        try await database.read { db in
            try await db.raw(
                "SELECT * FROM feedback WHERE customer_id = \(bind: customerId) ORDER BY created_at"
            ).all().map { r in
                FeedbackRecord(
                    action: try r.string("action"), score: Int(try r.int("score")), comment: try r.optString("comment"),
                    createdAt: try r.string("created_at"))
            }
        }
    }

    public func contactChoices(customerId: String) async throws -> ContactChoices {
        try await database.read { db in
            guard
                let r = try await db.raw(
                    "SELECT preferences, email_consent FROM customer_contact WHERE customer_id = \(bind: customerId)"
                ).first()
            else { return ContactChoices(preferences: ContactPreferences(), emailConsent: nil) }
            return ContactChoices(
                preferences: try r.optString("preferences").map { try fromJSON(ContactPreferences.self, $0) }
                    ?? ContactPreferences(),
                emailConsent: try r.optString("email_consent").map { try fromJSON(EmailConsent.self, $0) })
        }
    }
}
