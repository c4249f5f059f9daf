import ForbearCore
import ForbearStore
import Foundation
import Hummingbird

/// "My data": everything Forbear holds about the signed-in person, as a readable page and as JSON, and withdrawing
/// consent to keep what they told us about their situation (erased at once; the adjustments stay).
struct PortalDataController: Sendable {
    let services: Services

    struct MyData: Encodable {
        var generatedAt: String
        var customer: CustomerRecord?
        var contact: ContactChoices
        var cases: [CaseData]
        var feedback: [FeedbackRecord]
    }

    struct CaseData: Encodable {
        var number: String
        var creditor: String
        var paymentReference: String
        var status: String
        var currency: String
        var claims: [[String: String]]
        var ledger: [[String: String]]
        var holds: [[String: String]]
        var plan: String?
        var affordability: String?
        var decisions: [[String: String]]
        var letters: [[String: String]]
        var events: [[String: String]]
        var disclosures: [[String: String]]
        var messages: [PortalMessage]
    }

    /// Collects the export; reading the sealed words back is audited as the customer's own access request.
    func collect(_ session: PortalSession, language: String) async throws -> MyData {
        let t = services.views.text(language)
        let fmt = ConsoleFormat(language: language)
        var cases: [CaseData] = []
        for id in try await services.portal.caseIds(customerId: session.customerId) {
            guard let d = try await services.queries.detail(caseId: id, creditorId: nil) else { continue }
            let ledger = d.snapshot.ledger
            var disclosures: [[String: String]] = []
            for s in try await services.care.summaries(caseId: id) {
                var row = [
                    "recorded_on": s.recordedOn.iso, "source": s.source, "review_on": s.reviewOn?.iso ?? "",
                    "consent": s.hasConsent ? "yes" : "no",
                    "adjustments": ConsoleFormat.adjustments(s.adjustments, t).joined(separator: "; "),
                ]
                if s.hasDetail, let detail = try await services.care.detail(disclosureId: s.id) {
                    row["your_words"] = detail.notes ?? detail.healthCondition ?? ""
                }
                disclosures.append(row)
            }
            if disclosures.contains(where: { $0["your_words"] != nil }) {
                try await services.access.audit(
                    actor: "customer:\(session.customerId)", action: "vulnerability.read", subjectType: "case",
                    subjectId: id, purpose: "the customer's own access request (portal)")
            }
            cases.append(
                CaseData(
                    number: String(d.record.number), creditor: d.creditorName,
                    paymentReference: d.record.paymentReference, status: d.record.status,
                    currency: d.record.currency.rawValue,
                    claims: ledger.claims.map {
                        ["reference": $0.reference, "description": $0.description, "due_date": $0.dueDate.iso]
                    },
                    ledger: ledger.entries.map {
                        [
                            "date": $0.date.iso, "kind": $0.kind.rawValue, "component": $0.component.rawValue,
                            "amount": $0.amount.decimalString,
                        ]
                    },
                    holds: d.snapshot.holds.map {
                        [
                            "kind": $0.kind.rawValue, "start": $0.start.iso, "end": $0.effectiveEnd?.iso ?? "",
                            "reason": $0.reason,
                        ]
                    },
                    plan: d.snapshot.plan?.state.rawValue, affordability: d.snapshot.affordability?.verdict.rawValue,
                    decisions: d.decisions.map {
                        [
                            "date": $0.date.iso, "decision": fmt.action($0.action, t),
                            "reasons": $0.reasons.map(\.text).joined(separator: " "),
                        ]
                    },
                    letters: try await services.letters.letters(caseId: id).map {
                        ["date": $0.date.iso, "template": $0.template, "channel": $0.channel]
                    },
                    events: try await services.events.events(caseId: id).map {
                        ["at": $0.at, "kind": $0.kind, "by": $0.actor, "text": $0.text]
                    },
                    disclosures: disclosures, messages: try await services.portal.messages(caseId: id)))
        }
        return MyData(
            generatedAt: Timestamp.now(), customer: try await services.portal.customer(id: session.customerId),
            contact: try await services.portal.contactChoices(customerId: session.customerId), cases: cases,
            feedback: try await services.portal.feedback(customerId: session.customerId))
    }

    func page(_ request: Request, context: AppContext) async throws -> Response {
        let session = try PortalCasesController.session(context)
        let page = PortalPage(services: services, context: context)
        let data = try await collect(session, language: page.language)
        let t = page.text
        func rows(_ d: [String: String], order: [String] = []) -> [[String: String]] {
            (order.filter { d[$0] != nil } + d.keys.filter { !order.contains($0) }.sorted()).map {
                ["key": t["data_\($0)"] ?? $0, "value": d[$0] ?? ""]
            }
        }
        let customer = data.customer
        let about: [String: String] = [
            "name": [customer?.firstName, customer?.lastName].compactMap { $0 }.joined(separator: " "),
            "address": [customer?.addressLine1, customer?.postcode, customer?.city].compactMap { $0 }.joined(
                separator: ", "),
            "birth_date": customer?.birthDate ?? "", "email": customer?.email ?? "", "phone": customer?.phone ?? "",
            "language": customer?.language ?? "",
        ]
        let view: [String: Any] = [
            "about": rows(about, order: ["name", "address", "birth_date", "email", "phone", "language"]),
            "jsonLink": PortalRoute.myDataJSON.path,
            "withdrawAction": PortalRoute.withdrawConsent.path,
            "anyConsent": data.cases.contains { $0.disclosures.contains { $0["consent"] == "yes" } },
            "cases": data.cases.map { c in
                [
                    "number": c.number, "creditor": c.creditor,
                    "sections": [
                        ["title": t["data_claims"] ?? "", "rows": c.claims.map { rows($0) }],
                        ["title": t["data_ledger"] ?? "", "rows": c.ledger.map { rows($0) }],
                        ["title": t["data_holds"] ?? "", "rows": c.holds.map { rows($0) }],
                        ["title": t["data_decisions"] ?? "", "rows": c.decisions.map { rows($0) }],
                        ["title": t["data_letters"] ?? "", "rows": c.letters.map { rows($0) }],
                        ["title": t["data_events"] ?? "", "rows": c.events.map { rows($0) }],
                        ["title": t["data_disclosures"] ?? "", "rows": c.disclosures.map { rows($0) }],
                        [
                            "title": t["data_messages"] ?? "",
                            "rows": c.messages.map { rows(["at": $0.at, "text": $0.text]) },
                        ],
                    ].filter { !(($0["rows"] as? [Any]) ?? []).isEmpty },
                ] as [String: Any]
            },
        ]
        return page.render("data", title: "dataTitle", data: view, path: PortalRoute.myData.path)
    }

    func json(_ request: Request, context: AppContext) async throws -> Response {
        let session = try PortalCasesController.session(context)
        let data = try await collect(session, language: PortalPage(services: services, context: context).language)
        try await services.access.audit(
            actor: "customer:\(session.customerId)", action: "portal.export", subjectType: "customer",
            subjectId: session.customerId)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"my-data.json\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(data))))
    }

    func withdraw(_ request: Request, context: AppContext) async throws -> Response {
        let session = try PortalCasesController.session(context)
        for id in try await services.portal.caseIds(customerId: session.customerId) {
            let erased = try await services.care.withdrawConsent(caseId: id)
            try await services.events.add(
                caseId: id, actor: "customer (portal)", kind: "consentWithdrawn",
                text: "Consent withdrawn in the portal; \(erased) detail record(s) erased. The adjustments stay.")
            try await services.access.audit(
                actor: "customer:\(session.customerId)", action: "vulnerability.erase", subjectType: "case",
                subjectId: id, purpose: "consent withdrawn")
        }
        return .redirect(to: PortalRoute.done.path + "?what=withdraw")
    }
}
