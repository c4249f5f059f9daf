import ForbearCore
import Foundation
import SQLKit

/// Vulnerability disclosures. The detail is sealed with the field cipher before it reaches the database, and the
/// schema refuses detail without consent.
public struct CareStore: Sendable {
    public let database: Database
    public let cipher: FieldCipher

    public init(database: Database, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
    }

    public func record(_ d: Disclosure, caseId: String) async throws {
        let sealed = try d.detail.map { try cipher.seal(try json($0)) }
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO disclosures (id, case_id, recorded_on, source, recorded_by, review_on, adjustments, consent,
                detail_ciphertext, created_at) VALUES (\(bind: d.id), \(bind: caseId), \(bind: d.recordedOn.iso),
                \(bind: d.source.rawValue), \(bind: d.recordedBy), \(bind: d.reviewOn?.iso), \(bind: try json(d.adjustments)),
                \(bind: try d.consent.map { try json($0) }), \(bind: sealed), \(bind: Timestamp.now()))
                """
            ).run()
            try await db.raw(
                "UPDATE cases SET handle_with_care = 1, vulnerability_review_on = \(bind: d.reviewOn?.iso) WHERE id = \(bind: caseId)"
            ).run()
        }
    }

    /// The detail in clear, for a role allowed to read it; the caller audits the read.
    public func detail(disclosureId: String) async throws -> VulnerabilityDetail? {
        try await database.read { db in
            guard
                let r = try await db.raw(
                    "SELECT detail_ciphertext FROM disclosures WHERE id = \(bind: disclosureId)"
                ).first(), let sealed = try r.optString("detail_ciphertext")
            else { return nil }
            return try fromJSON(VulnerabilityDetail.self, try cipher.open(sealed))
        }
    }

    /// The stored ciphertext as it is on disk, for checking that nothing is kept in clear.
    public func rawDetail(disclosureId: String) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT detail_ciphertext FROM disclosures WHERE id = \(bind: disclosureId)").first()?
                .optString("detail_ciphertext")
        }
    }
}

/// The first layer of a disclosure, which every role may see: that care is needed and how, never the detail.
public struct DisclosureSummary: Sendable, Hashable {
    public var id: String
    public var recordedOn: LocalDate
    public var recordedBy: String
    public var source: String
    public var reviewOn: LocalDate?
    public var adjustments: Adjustments
    public var hasConsent: Bool
    public var hasDetail: Bool
}

extension CareStore {
    public func summaries(caseId: String) async throws -> [DisclosureSummary] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT id, recorded_on, recorded_by, source, review_on, adjustments, consent,
                CASE WHEN detail_ciphertext IS NULL THEN 0 ELSE 1 END AS has_detail
                FROM disclosures WHERE case_id = \(bind: caseId) ORDER BY recorded_on, created_at
                """
            ).all().map { r in
                DisclosureSummary(
                    id: try r.string("id"), recordedOn: try r.date("recorded_on"),
                    recordedBy: try r.string("recorded_by"), source: try r.string("source"),
                    reviewOn: try r.optDate("review_on"),
                    adjustments: try fromJSON(Adjustments.self, try r.string("adjustments")),
                    hasConsent: try r.optString("consent") != nil, hasDetail: try r.int("has_detail") != 0)
            }
        }
    }

    /// The customer withdrew consent: every detail on the case is erased at once; the flag and adjustments stay.
    /// Returns how many disclosures lost their detail.
    public func withdrawConsent(caseId: String) async throws -> Int {
        try await database.transaction { db in
            let n =
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM disclosures WHERE case_id = \(bind: caseId) AND detail_ciphertext IS NOT NULL"
                ).first()?.int("n") ?? 0
            try await db.raw(
                "UPDATE disclosures SET consent = NULL, detail_ciphertext = NULL WHERE case_id = \(bind: caseId)"
            ).run()
            return Int(n)
        }
    }
}
