import ForbearCore
import ForbearStore
import Foundation
import Hummingbird

/// The case view: who, what is owed and why, holds, plan, the timeline of every decision with its reasons, letters
/// and notes; and the actions an agent takes from it (a note, a hold, lifting a hold, withdrawing consent).
struct CaseViewController: Sendable {
    let services: Services

    func show(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let id = try context.parameters.require("id")
        guard let detail = try await services.queries.detail(caseId: id, creditorId: nil) else {
            throw ConsoleError.notFound
        }
        let t = services.views.text(staff.language)
        let fmt = ConsoleFormat(language: staff.language)
        let today = services.today()
        let s = detail.snapshot
        let disclosures = try await services.care.summaries(caseId: id)
        let canAct = ConsoleRoute.startHold.roles?.contains(staff.role) ?? true
        var data: [String: Any] = [
            "id": id, "number": String(detail.record.number), "creditor": detail.creditorName,
            "status": t["status_\(detail.record.status)"] ?? detail.record.status,
            "country": detail.record.country.rawValue, "sector": detail.record.sector ?? "—",
            "reference": PaymentReference(parsing: detail.record.paymentReference)?.printed
                ?? detail.record.paymentReference,
            "customerName": "\(detail.customer.firstName) \(detail.customer.lastName)",
            "customerRef": detail.customer.customerRef, "city": detail.customer.city,
            "language": detail.customer.language, "canAct": canAct,
            "crisisLinks": ["BLAKE", "HARMED"].map { p in
                ["id": p, "link": ConsoleRoute.startProtocol.link(["id": id, "protocol": p])]
            },
            "protocolLinks": ["TEXAS", "IDEA", "BRUCE"].map { p in
                [
                    "id": p, "link": ConsoleRoute.startProtocol.link(["id": id, "protocol": p]),
                    "title": services.protocols(p)?.title.text(fmt.language) ?? p,
                ]
            },
            "affordabilityLink": ConsoleRoute.affordability.link(["id": id]),
            "noteLink": ConsoleRoute.addNote.link(["id": id]), "holdLink": ConsoleRoute.startHold.link(["id": id]),
            "careLink": ConsoleRoute.care.link(["id": id]),
            "canSeeCare": ConsoleRoute.care.roles?.contains(staff.role) ?? false,
            "withdrawLink": ConsoleRoute.withdrawConsent.link(["id": id]),
        ]
        // "Handle with care": the first layer, which everyone sees.
        if detail.record.handleWithCare || !disclosures.isEmpty {
            let adjustments = disclosures.flatMap { ConsoleFormat.adjustments($0.adjustments, t) }
            data["care"] =
                [
                    "adjustments": adjustments, "anyAdjustments": !adjustments.isEmpty,
                    "review": disclosures.compactMap(\.reviewOn).max()?.iso ?? "—",
                    "hasDetail": disclosures.contains(where: \.hasDetail),
                    "hasConsent": disclosures.contains(where: \.hasConsent),
                ] as [String: Any]
        }
        // Claims and balance by component; fees and the plan fee together as costs.
        let ledger = s.ledger
        data["claims"] = ledger.claims.map { c in
            [
                "reference": c.reference, "description": c.description, "due": c.dueDate.iso,
                "principal": fmt.money(ledger.balance(claimId: c.id, component: .principal)),
                "interest": fmt.money(ledger.balance(claimId: c.id, component: .interest)),
                "costs": fmt.money(ledger.costsBalance(claimId: c.id)),
            ]
        }
        data["totalPrincipal"] = fmt.money(ledger.balance(of: .principal))
        data["totalInterest"] = fmt.money(ledger.balance(of: .interest))
        data["totalCosts"] = fmt.money(ledger.costsBalance())
        data["total"] = fmt.money(ledger.totalBalance)
        if ledger.credit.isPositive {
            data["credit"] = fmt.money(ledger.credit)
            data["hasCredit"] = true
        }
        // Holds.
        let holds = try await services.holds.holds(caseId: id)
        data["holds"] = holds.reversed().map { h in
            var row: [String: Any] = [
                "kind": t["hold_\(h.kind.rawValue)"] ?? h.kind.rawValue, "start": h.start.iso,
                "end": h.liftedOn?.iso ?? h.end?.iso ?? "—", "reason": h.reason, "by": h.startedBy,
                "active": h.isActive(on: today),
            ]
            if h.isActive(on: today), canAct {
                row["liftLink"] = ConsoleRoute.liftHold.link(["id": id, "holdId": h.id])
                row["canLift"] = true
                row["holdId"] = h.id
            }
            return row
        }
        data["anyHolds"] = !holds.isEmpty
        var kinds: [HoldKind] = [.paymentPause, .adviceHold, .dispute, .complaint]
        if detail.record.country == .GB { kinds.insert(.breathingSpace, at: 0) }
        data["holdKinds"] = kinds.map { ["value": $0.rawValue, "label": t["hold_\($0.rawValue)"] ?? $0.rawValue] }
        // Plan and affordability.
        if let plan = s.plan {
            data["plan"] = ["state": t["plan_\(plan.state.rawValue)"] ?? plan.state.rawValue, "since": plan.since.iso]
        }
        if let a = s.affordability {
            data["affordability"] = [
                "verdict": t["verdict_\(a.verdict.rawValue)"] ?? a.verdict.rawValue, "on": a.assessedOn.iso,
                "monthly": a.affordableMonthly.map(fmt.money) ?? "—",
            ]
        }
        // Letters, newest first.
        let letters = try await services.letters.letters(caseId: id)
        data["anyLetters"] = !letters.isEmpty
        data["letters"] = letters.reversed().map { l in
            [
                "date": l.date.iso, "template": l.template, "recipient": l.recipient, "channel": l.channel,
                "link": ConsoleRoute.letterPDF.link(["id": id, "letterId": l.id]),
            ]
        }
        // What the customer wrote in the portal, for the adviser who answers it.
        let messages = try await services.portal.messages(caseId: id)
        data["anyMessages"] = !messages.isEmpty
        data["messages"] = messages.reversed().map {
            ["at": String($0.at.prefix(16)).replacingOccurrences(of: "T", with: " "), "text": $0.text]
        }
        data["timeline"] = try await timeline(detail, caseId: id, t: t, fmt: fmt)
        // A note just saved: what its words suggest.
        if let noted = request.uri.queryParameters.get("noted"),
            let note = try await services.events.events(caseId: id).first(where: { $0.id == noted && $0.kind == "note" }
            )
        {
            let report = services.cues.scan(note.text, language: Language(rawValue: staff.language) ?? .en)
            if !report.suggestions.isEmpty {
                data["cues"] =
                    [
                        "urgent": report.isUrgent,
                        "items": report.suggestions.map { m in
                            [
                                "phrase": m.phrase,
                                "driver": t["driver_\(m.driver.rawValue)"] ?? m.driver.rawValue,
                                "characteristic": m.characteristic.rawValue,
                            ]
                        },
                        "texasLink": ConsoleRoute.startProtocol.link(["id": id, "protocol": "TEXAS"]),
                    ] as [String: Any]
            }
        }
        return services.views.page("case", title: "caseTitle", data: data, staff: staff)
    }

    /// Decisions with their reasons, what staff did, and what was sent, newest first.
    private func timeline(_ detail: CaseDetail, caseId: String, t: [String: String], fmt: ConsoleFormat)
        async throws -> [[String: Any]]
    {
        var rows: [(sort: String, row: [String: Any])] = []
        for d in detail.decisions {
            rows.append(
                (
                    d.date.iso + "T99",
                    [
                        "when": d.date.iso, "who": t["whoEngine"] ?? "", "what": fmt.action(d.action, t),
                        "hasReasons": !d.reasons.isEmpty,
                        "reasons": d.reasons.map { r in
                            [
                                "reason": r.text, "basis": r.legalBasis,
                                "next": r.nextPossibleAction?.iso ?? "",
                                "hasNext": r.nextPossibleAction != nil,
                            ] as [String: Any]
                        },
                    ]
                ))
        }
        for e in try await services.events.events(caseId: caseId) {
            rows.append(
                (
                    e.at,
                    [
                        "when": String(e.at.prefix(16)).replacingOccurrences(of: "T", with: " "), "who": e.actor,
                        "what": t["event_\(e.kind)"] ?? e.kind, "text": e.text, "hasText": true,
                    ]
                ))
        }
        for e in try await services.escalations.forCase(caseId) where e.source != .engine {
            rows.append(
                (
                    e.createdAt,
                    [
                        "when": String(e.createdAt.prefix(16)).replacingOccurrences(of: "T", with: " "),
                        "who": e.createdBy,
                        "what": (t["escalatedTo"] ?? "") + " (" + (t["priority_\(e.priority.rawValue)"] ?? "") + ")",
                        "text": e.reason, "hasText": true,
                    ]
                ))
        }
        return Array(rows.sorted { $0.sort > $1.sort }.prefix(80).map(\.row))
    }

    func addNote(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let id = try await requireCase(context)
        guard let text = context.form["note"] else { throw ConsoleError.invalid("errorNoteEmpty") }
        let noteId = try await services.events.add(caseId: id, actor: staff.username, kind: "note", text: text)
        if let e = services.cues.scan(text, language: Language(rawValue: staff.language) ?? .en).escalation {
            try await services.escalations.raise(
                caseId: id, date: services.today(), priority: e.priority, reason: "Note: \(e.reason)", source: .cue,
                by: staff.username)
        }
        return .redirect(to: ConsoleRoute.caseView.link(["id": id]) + "?noted=\(noteId)#cues")
    }

    func startHold(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let id = try await requireCase(context)
        guard let kind = context.form["kind"].flatMap(HoldKind.init(rawValue:)) else {
            throw ConsoleError.invalid("errorHoldKind")
        }
        guard let reason = context.form["reason"] else { throw ConsoleError.invalid("errorReasonNeeded") }
        var end: LocalDate?
        if let text = context.form["end"] {
            guard let d = LocalDate(iso: text) else { throw ConsoleError.invalid("errorDate", text) }
            end = d
        }
        let hold = Hold(
            id: UUID().uuidString.lowercased(), kind: kind, start: services.today(), end: end, reason: reason,
            startedBy: staff.username)
        do {
            try await services.holds.start(hold, caseId: id)
            if let notice = kind.confirmationNotice {
                try await services.cases.queueNotice(notice, caseId: id, on: services.today())
            }
        } catch let refusal as HoldRefusal {
            throw ConsoleError.invalid("errorHoldRefused", refusal.description)
        }
        try await services.access.audit(
            actor: "staff:\(staff.username)", action: "hold.start", subjectType: "case", subjectId: id,
            purpose: kind.rawValue)
        return .redirect(to: ConsoleRoute.caseView.link(["id": id]))
    }

    func liftHold(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let id = try await requireCase(context)
        let holdId = try context.parameters.require("holdId")
        guard let reason = context.form["reason"] else { throw ConsoleError.invalid("errorReasonNeeded") }
        guard try await services.holds.lift(holdId: holdId, caseId: id, on: services.today()) else {
            throw ConsoleError.notFound
        }
        try await services.events.add(caseId: id, actor: staff.username, kind: "holdLifted", text: reason)
        try await services.access.audit(
            actor: "staff:\(staff.username)", action: "hold.lift", subjectType: "case", subjectId: id)
        return .redirect(to: ConsoleRoute.caseView.link(["id": id]))
    }

    func withdrawConsent(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let id = try await requireCase(context)
        let erased = try await services.care.withdrawConsent(caseId: id)
        try await services.events.add(
            caseId: id, actor: staff.username, kind: "consentWithdrawn",
            text: "Consent withdrawn; \(erased) detail record(s) erased. The adjustments stay.")
        try await services.access.audit(
            actor: "staff:\(staff.username)", action: "vulnerability.erase", subjectType: "case", subjectId: id,
            purpose: "consent withdrawn")
        return .redirect(to: ConsoleRoute.caseView.link(["id": id]))
    }

    /// The vulnerability detail: only for roles that need it, only with a purpose, and every read audited.
    func care(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let id = try await requireCase(context)
        let t = services.views.text(staff.language)
        let purposes = ["supportCall", "specialistReview", "complaint", "complianceCheck"]
        var data: [String: Any] = [
            "id": id, "caseLink": ConsoleRoute.caseView.link(["id": id]),
            "careLink": ConsoleRoute.care.link(["id": id]),
            "purposes": purposes.map { ["value": $0, "label": t["purpose_\($0)"] ?? $0] },
        ]
        if let purpose = request.uri.queryParameters.get("purpose"), purposes.contains(purpose) {
            try await services.access.audit(
                actor: "staff:\(staff.username)", action: "vulnerability.read", subjectType: "case", subjectId: id,
                purpose: purpose)
            var items: [[String: Any]] = []
            for d in try await services.care.summaries(caseId: id) {
                let detail = d.hasDetail ? try await services.care.detail(disclosureId: d.id) : nil
                items.append([
                    "recorded": d.recordedOn.iso, "by": d.recordedBy, "review": d.reviewOn?.iso ?? "—",
                    "consent": d.hasConsent ? (t["yes"] ?? "yes") : (t["no"] ?? "no"),
                    "words": detail?.notes ?? detail?.healthCondition ?? (t["noDetail"] ?? ""),
                    "characteristics": detail?.characteristics.map(\.rawValue).joined(separator: ", ") ?? "",
                ])
            }
            data["shown"] = ["purpose": t["purpose_\(purpose)"] ?? purpose, "items": items, "any": !items.isEmpty]
        }
        return services.views.page("care", title: "careTitle", data: data, staff: staff)
    }

    func letterPDF(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let id = try await requireCase(context)
        let letterId = try context.parameters.require("letterId")
        guard let pdf = try await services.letters.pdf(caseId: id, letterId: letterId) else {
            throw ConsoleError.notFound
        }
        try await services.access.audit(
            actor: "staff:\(staff.username)", action: "letter.read", subjectType: "case", subjectId: id,
            purpose: "console")
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/pdf", .contentDisposition: "inline; filename=\"letter-\(letterId).pdf\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
    }

    /// The case id from the path, or a "not found" page when there is no such case.
    private func requireCase(_ context: AppContext) async throws -> String {
        let id = try context.parameters.require("id")
        guard try await services.queries.exists(caseId: id) else { throw ConsoleError.notFound }
        return id
    }
}
