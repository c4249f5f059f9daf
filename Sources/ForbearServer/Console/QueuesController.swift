import ForbearCore
import ForbearStore
import Foundation
import Hummingbird

/// The work queues: escalations to the specialist team (urgent first), today's tasks, vulnerability reviews due,
/// disputes, unmatched payments and cases referred to the creditor, filtered by country and sector.
struct QueuesController: Sendable {
    let services: Services

    func home(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let t = services.views.text(staff.language)
        let country = request.uri.queryParameters.get("country").flatMap { Country(code: $0) }
        let sector = request.uri.queryParameters.get("sector").flatMap { $0.isEmpty ? nil : $0 }
        let today = services.today()
        let q = services.queueQueries
        let canResolve = ConsoleRoute.resolveEscalation.roles?.contains(staff.role) ?? false
        let escalations = try await services.escalations.open(country: country, sector: sector).map { e in
            [
                "id": e.id, "caseLink": ConsoleRoute.caseView.link(["id": e.caseId]),
                "caseNumber": String(e.caseNumber),
                "country": e.country.rawValue, "priority": t["priority_\(e.priority.rawValue)"] ?? e.priority.rawValue,
                "urgent": e.priority == .urgent, "reason": e.reason, "date": e.date.iso,
                "source": t["source_\(e.source.rawValue)"] ?? e.source.rawValue, "canResolve": canResolve,
                "resolveLink": ConsoleRoute.resolveEscalation.link(["id": e.id]),
            ] as [String: Any]
        }
        let canBook = ConsoleRoute.bookPayment.roles?.contains(staff.role) ?? false
        func rows(_ items: [QueueItem]) -> [[String: Any]] {
            items.map { i in
                var row: [String: Any] = [
                    "date": i.date, "what": t["queue_\(i.kind)"] ?? i.kind, "detail": i.detail,
                    "country": i.country?.rawValue ?? "", "sector": i.sector ?? "", "hasDetail": !i.detail.isEmpty,
                    "hasCase": i.caseId != nil,
                ]
                if let id = i.caseId {
                    row["caseLink"] = ConsoleRoute.caseView.link(["id": id])
                    row["caseNumber"] = i.caseNumber.map(String.init) ?? t["suggestedCase"] ?? ""
                }
                if let entry = i.bankEntry, canBook {
                    row["book"] = ["action": ConsoleRoute.bookPayment.link(["entryRef": entry]), "entry": entry]
                }
                return row
            }
        }
        let sections: [[String: Any]] = [
            ("tasks", rows(try await q.tasks(today: today, country: country, sector: sector))),
            ("reviews", rows(try await q.vulnerabilityReviews(today: today, country: country, sector: sector))),
            ("disputes", rows(try await q.disputes(today: today, country: country, sector: sector))),
            ("unmatched", rows(try await q.unmatchedPayments())),
            ("referred", rows(try await q.referred(country: country, sector: sector))),
        ].map { key, items in
            [
                "id": key, "title": t["section_\(key)"] ?? key, "items": items, "count": items.count,
                "any": !items.isEmpty,
            ]
        }
        let sectors = try await q.sectors()
        return services.views.page(
            "queues", title: "queuesTitle",
            data: [
                "escalations": escalations, "escalationCount": escalations.count,
                "anyEscalations": !escalations.isEmpty,
                "sections": sections,
                "countries": Country.allCases.filter { $0 != .SE }.map {
                    ["code": $0.rawValue, "selected": $0 == country]
                },
                "sectors": sectors.map { ["name": $0, "selected": $0 == sector] }, "today": today.iso,
            ], staff: staff)
    }

    func resolve(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let id = try context.parameters.require("id")
        guard let note = context.form["resolution"] else { throw ConsoleError.invalid("errorResolutionNeeded") }
        guard try await services.escalations.resolve(id: id, by: staff.username, resolution: note) else {
            throw ConsoleError.notFound
        }
        try await services.access.audit(
            actor: "staff:\(staff.username)", action: "escalation.resolve", subjectType: "escalation", subjectId: id)
        return .redirect(to: ConsoleRoute.home.path)
    }

    /// Books an unmatched bank entry to the case staff name (case number or payment reference), allocated exactly
    /// as an automatic match would be.
    func bookPayment(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let entryRef = try context.parameters.require("entryRef")
        guard let text = context.form["case"], let caseId = try await services.queueQueries.find(text) else {
            throw ConsoleError(status: .unprocessableContent, key: "errorNoSuchCase")
        }
        do {
            _ = try await services.payments.bookByHand(entryRef: entryRef, caseId: caseId, by: staff.username)
        } catch let refusal as ByHandRefusal {
            throw ConsoleError.invalid("errorBookPayment", refusal.description)
        }
        try await services.events.add(
            caseId: caseId, actor: staff.username, kind: "paymentBooked", text: "Bank entry \(entryRef) booked by hand."
        )
        try await services.access.audit(
            actor: "staff:\(staff.username)", action: "payment.bookByHand", subjectType: "case", subjectId: caseId,
            purpose: entryRef)
        return .redirect(to: ConsoleRoute.caseView.link(["id": caseId]))
    }

    func search(_ request: Request, context: AppContext) async throws -> Response {
        guard let text = request.uri.queryParameters.get("q"), let id = try await services.queueQueries.find(text)
        else { throw ConsoleError(status: .notFound, key: "errorNoSuchCase") }
        return .redirect(to: ConsoleRoute.caseView.link(["id": id]))
    }
}
