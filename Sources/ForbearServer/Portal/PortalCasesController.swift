import ForbearCore
import ForbearLetters
import ForbearStore
import Foundation
import Hummingbird

/// The customer's cases and what they can do on each: pay, promise, pause, say they are getting advice, dispute,
/// write to an adviser. Every case id in a URL is checked against the signed-in customer: another person's case is
/// simply "not found".
struct PortalCasesController: Sendable {
    let services: Services

    func overview(_ request: Request, context: AppContext) async throws -> Response {
        let session = try Self.session(context)
        let page = PortalPage(services: services, context: context)
        var cards: [[String: Any]] = []
        for id in try await services.portal.caseIds(customerId: session.customerId) {
            guard let detail = try await services.queries.detail(caseId: id, creditorId: nil) else { continue }
            cards.append(summary(detail, page: page))
        }
        var data: [String: Any] = ["cases": cards, "anyCases": !cards.isEmpty]
        if request.uri.queryParameters.get("thanks") != nil { data["thanks"] = true }
        return page.render("overview", title: "overviewTitle", data: data)
    }

    /// A case as the customer sees it: who it is for, what for, the amount itemised, what happens next, how to pay.
    func summary(_ d: CaseDetail, page: PortalPage) -> [String: Any] {
        let fmt = page.format
        let ledger = d.snapshot.ledger
        let reference = PaymentReference(parsing: d.record.paymentReference)?.printed ?? d.record.paymentReference
        let account = services.collector.accounts[d.record.currency.rawValue]
        return [
            "id": d.record.id, "number": String(d.record.number), "creditor": d.creditorName,
            "link": PortalRoute.caseView.link(["id": d.record.id]),
            "claims": ledger.claims.map { c in
                ["description": c.description, "reference": c.reference, "due": fmt.date(c.dueDate)]
            },
            "principal": fmt.money(ledger.balance(of: .principal)),
            "interest": fmt.money(ledger.balance(of: .interest)),
            "costs": fmt.money(ledger.costsBalance()), "total": fmt.money(ledger.totalBalance),
            "hasCredit": ledger.credit.isPositive, "credit": fmt.money(ledger.credit),
            "next": outlook(d, page: page), "isOpen": d.snapshot.isOpen && ledger.totalBalance.isPositive,
            "reference": reference, "iban": account.map(LetterFormat.iban) ?? "", "hasIban": account != nil,
            "bic": services.collector.bic ?? "", "hasBic": services.collector.bic != nil,
            "payee": services.collector.party.name,
            "amountToPay": ledger.totalBalance.decimalString + " " + d.record.currency.rawValue,
        ]
    }

    private func outlook(_ d: CaseDetail, page: PortalPage) -> String {
        let t = page.text
        switch CaseOutlook.of(d.snapshot, on: services.today()) {
        case .closed: return t["next_closed"] ?? ""
        case .onHold(let kind, let until):
            let what = t["holdName_\(kind.rawValue)"] ?? t["holdName_other"] ?? ""
            guard let until else { return page.fill(t["next_holdOpen"] ?? "", ["what": what]) }
            return page.fill(t["next_hold"] ?? "", ["what": what, "date": page.format.date(until)])
        case .plan(let state):
            return t[state == .atRisk ? "next_planAtRisk" : "next_plan"] ?? ""
        case .payBy(let date):
            let key = date < services.today() ? "next_overdue" : "next_payBy"
            return page.fill(t[key] ?? "", ["date": page.format.date(date)])
        case .notStarted: return t["next_notStarted"] ?? ""
        }
    }

    func show(_ request: Request, context: AppContext) async throws -> Response {
        let detail = try await ownedCase(context)
        let page = PortalPage(services: services, context: context)
        let t = page.text
        let today = services.today()
        var data = summary(detail, page: page)
        let id = detail.record.id
        let active = detail.snapshot.holds.active(on: today)
        data["holds"] = active.map { h in
            [
                "what": t["holdName_\(h.kind.rawValue)"] ?? t["holdName_other"] ?? "",
                "until": h.effectiveEnd.map { page.fill(t["untilDate"] ?? "", ["date": page.format.date($0)]) }
                    ?? (t["untilChecked"] ?? ""),
            ]
        }
        data["anyHolds"] = !active.isEmpty
        data["paused"] = active.contains { $0.kind == .paymentPause }
        data["advised"] = active.contains { $0.kind == .adviceHold }
        data["disputed"] = active.contains { $0.kind == .dispute }
        data["hasPlan"] = detail.snapshot.plan.map { [.proposed, .active, .atRisk].contains($0.state) } ?? false
        for (key, route) in [
            ("promiseAction", PortalRoute.promise), ("planLink", .plan), ("pauseAction", .pause),
            ("adviceAction", .advice), ("disputeAction", .dispute), ("messageAction", .message),
        ] {
            data[key] = route.link(["id": id])
        }
        data["promiseDate"] = today.adding(days: 7).iso
        data["contactLink"] = PortalRoute.contact.path
        return page.render("case", title: "caseTitle", data: data, path: PortalRoute.caseView.link(["id": id]))
    }

    func promise(_ request: Request, context: AppContext) async throws -> Response {
        let detail = try await ownedCase(context)
        let f = context.form
        let currency = detail.record.currency
        guard let amount = f.money("amount", currency: currency), amount.isPositive else {
            throw PortalError.invalid("errorAmount")
        }
        guard let date = f["date"].flatMap(PortalSignInController.parseDate), date >= services.today(),
            date <= services.today().adding(days: 60)
        else { throw PortalError.invalid("errorPromiseDate") }
        try await record(
            detail.record.id, context: context, kind: "promise",
            text: "The customer promised to pay \(amount.decimalString) \(currency.rawValue) by \(date.iso).",
            action: "promise.record")
        return done("promise", caseId: detail.record.id)
    }

    func pause(_ request: Request, context: AppContext) async throws -> Response {
        try await startHold(.paymentPause, context: context, reason: "The customer asked for more time in the portal.")
    }

    func advice(_ request: Request, context: AppContext) async throws -> Response {
        try await startHold(.adviceHold, context: context, reason: "The customer is getting debt advice (portal).")
    }

    func dispute(_ request: Request, context: AppContext) async throws -> Response {
        guard let reason = context.form["reason"] else { throw PortalError.invalid("errorDisputeReason") }
        return try await startHold(.dispute, context: context, reason: "Disputed by the customer: \(reason)")
    }

    /// Starts a hold of `kind` unless one is already running, so pressing twice changes nothing.
    private func startHold(_ kind: HoldKind, context: AppContext, reason: String) async throws -> Response {
        let detail = try await ownedCase(context)
        let id = detail.record.id
        let today = services.today()
        if !detail.snapshot.holds.active(on: today).contains(where: { $0.kind == kind }) {
            let hold = Hold(
                id: UUID().uuidString.lowercased(), kind: kind, start: today, reason: reason, startedBy: "portal")
            try await services.holds.start(hold, caseId: id)
            if let notice = kind.confirmationNotice {
                try await services.cases.queueNotice(notice, caseId: id, on: today)
            }
            try await record(id, context: context, kind: "hold_\(kind.rawValue)", text: reason, action: "hold.start")
        }
        return done(kind.rawValue, caseId: id)
    }

    /// A message to an adviser: kept sealed, and read for words of risk, which reach a specialist at once.
    func message(_ request: Request, context: AppContext) async throws -> Response {
        let detail = try await ownedCase(context)
        guard let text = context.form["message"] else { throw PortalError.invalid("errorMessageEmpty") }
        let id = detail.record.id
        try await services.portal.addMessage(caseId: id, text: text)
        try await services.events.add(
            caseId: id, actor: "customer (portal)", kind: "customerMessage",
            text: "The customer sent a message; it is under Messages on the case.")
        let language = Language(rawValue: PortalPage(services: services, context: context).language) ?? .en
        if let e = services.cues.scan(text, language: language).customerFollowUp {
            try await services.escalations.raise(
                caseId: id, date: services.today(), priority: e.priority, reason: "Portal message: \(e.reason)",
                source: .cue, by: "portal")
        }
        return done("message", caseId: id)
    }

    /// A confirmation: what was done, what happens now, where to get help, and one question about how it went.
    func confirmation(_ request: Request, context: AppContext) async throws -> Response {
        let session = try Self.session(context)
        let page = PortalPage(services: services, context: context)
        let t = page.text
        let q = request.uri.queryParameters
        let what = q.get("what").flatMap { w in t["done_\(w)"] != nil ? w : nil } ?? "saved"
        var values: [String: String] = [:]
        var country = try await services.portal.identityCountry(customerId: session.customerId)
        var data: [String: Any] = ["what": what]
        if let caseId = q.get("case"),
            try await services.portal.caseIds(customerId: session.customerId).contains(caseId),
            let detail = try await services.queries.detail(caseId: caseId, creditorId: nil)
        {
            country = detail.record.country
            data["caseId"] = caseId
            data["caseLink"] = PortalRoute.caseView.link(["id": caseId])
            if let kind = HoldKind(rawValue: what),
                let hold = detail.snapshot.holds.active(on: services.today()).first(where: { $0.kind == kind })
            {
                values["date"] = hold.effectiveEnd.map(page.format.date) ?? (t["untilChecked"] ?? "")
            }
        }
        data["message"] = page.fill(t["done_\(what)"] ?? "", values)
        data["support"] = page.support(country: country ?? .GB)
        data["feedbackAction"] = PortalRoute.feedback.path
        data["scores"] = (1...5).map { ["value": String($0), "label": t["score_\($0)"] ?? String($0)] }
        return page.render("done", title: "doneTitle", data: data)
    }

    func feedback(_ request: Request, context: AppContext) async throws -> Response {
        let session = try Self.session(context)
        let f = context.form
        guard let score = f["score"].flatMap(Int.init), (1...5).contains(score) else {
            throw PortalError.invalid("errorScore")
        }
        var caseId = f["case"]
        if let c = caseId, !(try await services.portal.caseIds(customerId: session.customerId).contains(c)) {
            caseId = nil
        }
        try await services.portal.addFeedback(
            customerId: session.customerId, caseId: caseId, action: String((f["what"] ?? "other").prefix(40)),
            score: score, comment: f["comment"].map { String($0.prefix(2_000)) },
            language: PortalPage(services: services, context: context).language)
        return .redirect(to: PortalRoute.overview.path + "?thanks=1")
    }

    private func record(_ caseId: String, context: AppContext, kind: String, text: String, action: String) async throws
    {
        let session = try Self.session(context)
        try await services.events.add(caseId: caseId, actor: "customer (portal)", kind: kind, text: text)
        try await services.access.audit(
            actor: "customer:\(session.customerId)", action: action, subjectType: "case", subjectId: caseId,
            purpose: "portal")
    }

    private func done(_ what: String, caseId: String?) -> Response {
        .redirect(to: PortalRoute.done.path + "?what=\(what)" + (caseId.map { "&case=\($0)" } ?? ""))
    }

    static func session(_ context: AppContext) throws -> PortalSession {
        guard let s = context.customer, !s.codePending else { throw PortalError.notFound }
        return s
    }

    /// The case in the URL, only when it is the signed-in customer's; anything else is "not found".
    func ownedCase(_ context: AppContext) async throws -> CaseDetail {
        let session = try Self.session(context)
        let id = try context.parameters.require("id")
        guard try await services.portal.caseIds(customerId: session.customerId).contains(id),
            let detail = try await services.queries.detail(caseId: id, creditorId: nil)
        else { throw PortalError.notFound }
        return detail
    }
}
