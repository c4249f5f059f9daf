import ForbearCore
import ForbearStore
import Foundation
import Hummingbird

/// "I'm finding things hard": the customer tells us about their situation in their own words and picks
/// adjustments. The page explains, TEXAS-style, how the words will be used and asks for explicit consent; without
/// it only the adjustments are kept. Crisis lines and free debt advice are on the page. Also: contact choices.
struct PortalHelpController: Sendable {
    let services: Services
    /// The consent wording the customer agrees to; a new wording gets a new version.
    static let consentWording = "portal-help-1"
    static let options: [AdjustmentOption] = [
        .moreTime, .largePrint, .easyRead, .noPhone, .writtenSummary, .copyToRepresentative,
    ]

    func page(_ request: Request, context: AppContext) async throws -> Response {
        let page = PortalPage(services: services, context: context)
        let t = page.text
        var data: [String: Any] = [
            "action": PortalRoute.saveHelp.path,
            "options": Self.options.map { ["value": $0.rawValue, "label": t["adj_\($0.rawValue)"] ?? $0.rawValue] },
        ]
        if let c = context.customer, !c.codePending {
            let country = try await services.portal.identityCountry(customerId: c.customerId) ?? .GB
            data["support"] = page.support(country: country)
            data["canTell"] = true
        } else {
            // Not signed in: the lines for the country that speaks the page's language.
            let guess: [String: Country] = ["en": .GB, "nl": .NL, "fi": .FI, "da": .DK, "it": .IT]
            data["support"] = page.support(country: guess[page.language] ?? .GB)
            data["signInLink"] = PortalRoute.login.path
        }
        return page.render("help", title: "helpTitle", data: data, path: PortalRoute.help.path)
    }

    func save(_ request: Request, context: AppContext) async throws -> Response {
        let session = try PortalCasesController.session(context)
        let page = PortalPage(services: services, context: context)
        let f = context.form
        let words = f["words"].map { String($0.prefix(4_000)) }
        let chosen = f.all("adjustment").compactMap(AdjustmentOption.init(rawValue:))
        guard words != nil || !chosen.isEmpty else { throw PortalError.invalid("errorHelpEmpty") }
        let consent = f["consent"] == "yes"
        let today = services.today()
        var adjustments = Adjustments()
        for o in chosen { adjustments.add(o) }
        let report = words.map { services.cues.scan($0, language: Language(rawValue: page.language) ?? .en) }
        let detail = words.map { w in
            VulnerabilityDetail(
                characteristics: Array(Set(report?.suggestions.map(\.characteristic) ?? [])).sorted {
                    $0.rawValue < $1.rawValue
                }, notes: w)
        }
        for caseId in try await services.portal.caseIds(customerId: session.customerId) {
            let disclosure = Disclosure(
                id: UUID().uuidString.lowercased(), recordedOn: today, source: .customer, recordedBy: "portal",
                reviewOn: PortalPage.reviewDays(services).map { today.adding(days: $0) }, adjustments: adjustments,
                consent: consent
                    ? ExplicitConsent(wordingVersion: Self.consentWording, givenAt: Date(), takenBy: "portal") : nil,
                detail: detail)
            try await services.care.record(disclosure, caseId: caseId)
            try await services.events.add(
                caseId: caseId, actor: "customer (portal)", kind: "disclosure",
                text: "The customer told us they are finding things hard"
                    + (consent ? " and agreed we keep what they wrote." : "; only the adjustments are kept."))
            try await services.access.audit(
                actor: "customer:\(session.customerId)", action: "vulnerability.record", subjectType: "case",
                subjectId: caseId, purpose: consent ? "consent \(Self.consentWording)" : "no consent")
            // A person follows up every time; words of risk make it urgent at once.
            let escalation = report?.customerFollowUp
            try await services.escalations.raise(
                caseId: caseId, date: today, priority: escalation?.priority ?? .normal,
                reason: escalation.map { "Portal: \($0.reason)" }
                    ?? "The customer told us in the portal that they are finding things hard.",
                source: escalation == nil ? .portal : .cue, by: "portal")
        }
        return .redirect(to: PortalRoute.done.path + "?what=help")
    }

    func contact(_ request: Request, context: AppContext) async throws -> Response {
        let session = try PortalCasesController.session(context)
        return try await contactPage(session: session, context: context, saved: false)
    }

    private func contactPage(session: PortalSession, context: AppContext, saved: Bool) async throws -> Response {
        let page = PortalPage(services: services, context: context)
        let t = page.text
        let choices = try await services.portal.contactChoices(customerId: session.customerId)
        let customer = try await services.portal.customer(id: session.customerId)
        let today = services.today()
        let country = try await services.portal.identityCountry(customerId: session.customerId) ?? .GB
        let rule = services.packs.pack(for: country, on: today)?.emailConsent.value
        var data: [String: Any] = [
            "action": PortalRoute.saveContact.path,
            "channels": Channel.allCases.map { c in
                [
                    "value": c.rawValue, "label": t["channel_\(c.rawValue)"] ?? c.rawValue,
                    "checked": choices.preferences.channels.contains(c),
                ]
            },
            "windows": Self.windows.map { w in
                [
                    "value": w.key, "label": t["window_\(w.key)"] ?? w.key,
                    "selected": w.window.map { choices.preferences.windows.contains($0) }
                        ?? choices.preferences.windows.isEmpty,
                ]
            },
            "email": choices.emailConsent?.address ?? customer?.email ?? "",
            "saved": saved,
        ]
        let consent = choices.emailConsent
        if let consent, consent.revokedOn == nil, rule.map({ consent.problem(on: today, under: $0) == nil }) ?? true {
            data["consentActive"] = true
            let expiry = rule.flatMap { consent.expiresOn(under: $0) }
            data["consentStatus"] = page.fill(
                t[expiry == nil ? "emailConsentOn" : "emailConsentUntil"] ?? "",
                ["date": expiry.map(page.format.date) ?? "", "email": consent.address])
        }
        let months = rule?.maxValidityMonths
        data["consentScope"] = page.fill(
            t[months == nil ? "emailConsentScope" : "emailConsentScopeExpires"] ?? "",
            ["collector": services.collector.party.name, "months": months.map(String.init) ?? ""])
        return page.render("contact", title: "contactTitle", data: data, path: PortalRoute.contact.path)
    }

    static let windows: [(key: String, window: TimeWindow?)] = [
        ("any", nil),
        ("morning", TimeWindow(start: LocalTime(hour: 8, minute: 0)!, end: LocalTime(hour: 12, minute: 0)!)),
        ("afternoon", TimeWindow(start: LocalTime(hour: 12, minute: 0)!, end: LocalTime(hour: 17, minute: 0)!)),
        ("evening", TimeWindow(start: LocalTime(hour: 17, minute: 0)!, end: LocalTime(hour: 20, minute: 0)!)),
    ]

    /// Saves channels, times and email consent (given separately, naming the medium, the collector, the claims and
    /// the date, as the strictest rule pack asks), or withdraws the consent. Applies to all the person's cases.
    func saveContact(_ request: Request, context: AppContext) async throws -> Response {
        let session = try PortalCasesController.session(context)
        let f = context.form
        let today = services.today()
        let channels = f.all("channel").compactMap(Channel.init(rawValue:))
        let window = Self.windows.first { $0.key == f["window"] }?.window
        let preferences = ContactPreferences(channels: channels, windows: window.map { [$0] } ?? [])
        var consent = try await services.portal.contactChoices(customerId: session.customerId).emailConsent
        if f["withdrawEmail"] != nil {
            if consent != nil, consent?.revokedOn == nil { consent?.revokedOn = today }
        } else if f["emailConsent"] == "yes" {
            guard let address = f["email"], address.contains("@"), address.count <= 254 else {
                throw PortalError.invalid("errorEmail")
            }
            consent = EmailConsent(
                givenOn: today, separate: true, names: ["medium", "collector", "claims", "date"], address: address)
        }
        // The person's own record and those at other creditors: the choices are the person's, whoever they owe.
        let customers = Set(try await services.portal.personCases(customerId: session.customerId).map(\.customerId))
            .union([session.customerId])
        for id in customers.sorted() {
            try await services.letters.setEmailConsent(customerId: id, consent, preferences: preferences)
        }
        try await services.access.audit(
            actor: "customer:\(session.customerId)", action: "contact.preferences", subjectType: "customer",
            subjectId: session.customerId,
            purpose: f["withdrawEmail"] != nil
                ? "email consent withdrawn" : (f["emailConsent"] == "yes" ? "email consent given" : nil))
        return .redirect(to: PortalRoute.done.path + "?what=contact")
    }
}
