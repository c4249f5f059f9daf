import ForbearCore
import ForbearJobs
import ForbearStore
import Foundation
import Hummingbird

/// Customer sign-in: the payment reference from a letter plus date of birth or postcode, then a one-time code to
/// the email on file when the portal can send one. Failed attempts are limited per reference and per address.
struct PortalSignInController: Sendable {
    let services: Services

    func loginPage(_ request: Request, context: AppContext) async throws -> Response {
        if let c = context.customer, !c.codePending { return .redirect(to: PortalRoute.overview.path) }
        let signedOut = request.uri.queryParameters.get("out") != nil
        return form(request, context: context, error: nil, info: signedOut ? "signedOut" : nil)
    }

    private func form(
        _ request: Request, context: AppContext, error: String?, info: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let page = PortalPage(services: services, context: context)
        let token = AccessStore.randomToken()
        var data: [String: Any] = [
            "loginCsrf": token, "reference": context.form["reference"] ?? "",
            "postcode": context.form["postcode"] ?? "",
            "birthDate": context.form["birthDate"] ?? "",
        ]
        if let error { data["error"] = error }
        if let info { data["info"] = page.text[info] ?? info }
        var response = page.render(
            "login", title: "signInTitle", data: data, path: PortalRoute.login.path, status: status)
        response.setCookie(cookie(PortalMiddleware.loginCookie, token, request: request))
        return response
    }

    func cookie(_ name: String, _ value: String, request: Request, maxAge: Int? = nil) -> Cookie {
        sessionCookie(
            name, value, path: "/portal", secure: services.portalSettings.secureCookies, request: request,
            maxAge: maxAge)
    }

    func signIn(_ request: Request, context: AppContext) async throws -> Response {
        let page = PortalPage(services: services, context: context)
        let t = page.text
        let settings = services.portalSettings
        let reference = PortalStore.normalised(context.form["reference"] ?? "")
        let birth = context.form["birthDate"]
        let postcode = context.form["postcode"]
        guard !reference.isEmpty, birth != nil || postcode != nil else {
            return form(request, context: context, error: t["signInMissing"], status: .unprocessableContent)
        }
        let now = Date()
        let limits = [
            ("ref:\(reference)", settings.maxFailuresPerReference),
            ("addr:\(clientAddress(request, context))", settings.maxFailuresPerAddress),
        ]
        if let until = try await lockedUntil(limits, now: now) {
            return locked(request, context: context, until: until)
        }
        guard let who = try await services.portal.identity(paymentReference: reference),
            Self.matches(who, birth: birth, postcode: postcode)
        else {
            try await services.portal.recordFailure(keys: limits.map(\.0), at: now)
            if let until = try await lockedUntil(limits, now: now) {
                return locked(request, context: context, until: until)
            }
            return form(request, context: context, error: t["signInWrong"], status: .unauthorized)
        }
        try await services.portal.clearFailures(key: limits[0].0)
        let language =
            context.view.chosenLanguage
            ?? (PageViews.supports(who.language) ? who.language : "en")
        var code: String?
        if let mailer = services.codeMailer, let email = who.email {
            let c = PortalStore.oneTimeCode()
            let tt = services.portalViews.text(language)
            let body = page.fill(tt["codeEmail"] ?? "{code}", ["code": c])
            do {
                try await mailer.send(
                    OutgoingMail(
                        messageId: "<\(UUID().uuidString)@forbear>", from: settings.mailFrom, to: email,
                        subject: tt["codeEmailSubject"] ?? "", text: body, html: "<p>\(body)</p>"))
            } catch {
                throw PortalError(status: .serviceUnavailable, key: "errorCodeNotSent")
            }
            code = c
        }
        let token = try await services.portal.createSession(
            customerId: who.customerId, language: language, code: code,
            codeExpiresAt: code == nil ? nil : now.addingTimeInterval(settings.codeLifetime))
        try await services.access.audit(
            actor: "customer:\(who.customerId)", action: "portal.signIn", subjectType: "customer",
            subjectId: who.customerId)
        var response = Response.redirect(to: code == nil ? PortalRoute.overview.path : PortalRoute.code.path)
        response.setCookie(cookie(PortalMiddleware.cookie, token, request: request))
        return response
    }

    /// When sign-in may be tried again, if a key (the reference, the address) has reached its limit of failures in the
    /// window: the oldest counted failure leaving the window frees it.
    private func lockedUntil(_ limits: [(key: String, limit: Int)], now: Date) async throws -> Date? {
        let window = services.portalSettings.window
        var until: Date?
        for (key, limit) in limits {
            let recent = try await services.portal.failures(key: key, since: now.addingTimeInterval(-window))
            if recent.count >= limit, let oldest = recent.first {
                until = max(until ?? .distantPast, oldest.addingTimeInterval(window))
            }
        }
        return until
    }

    /// The address sign-in attempts are counted against: the socket's peer, or behind a trusted proxy the client it
    /// names first in `X-Forwarded-For`.
    private func clientAddress(_ request: Request, _ context: AppContext) -> String {
        if services.portalSettings.trustForwardedFor,
            let forwarded = request.headers[.init("X-Forwarded-For")!]?.split(separator: ",").first
        {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return context.remoteAddress ?? "local"
    }

    /// Date of birth or postcode, whichever was given; both must fit when both were given.
    static func matches(_ who: PortalIdentity, birth: String?, postcode: String?) -> Bool {
        if let birth {
            guard let typed = parseDate(birth), typed == who.birthDate else { return false }
        }
        if let postcode {
            guard PortalStore.normalised(postcode) == PortalStore.normalised(who.postcode) else { return false }
        }
        return birth != nil || postcode != nil
    }

    /// 1980-12-31, 31.12.1980, 31/12/1980 or 31-12-1980.
    static func parseDate(_ text: String) -> LocalDate? {
        if let d = LocalDate(iso: text) { return d }
        let parts = text.split(whereSeparator: { ".-/ ".contains($0) }).compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return LocalDate(year: parts[2], month: parts[1], day: parts[0])
    }

    private func locked(_ request: Request, context: AppContext, until: Date) -> Response {
        let page = PortalPage(services: services, context: context)
        let time = until.formatted(Date.ISO8601FormatStyle().time(includingFractionalSeconds: false)).prefix(5)
        let message = page.fill(
            page.text["signInLocked"] ?? "",
            ["time": "\(time) UTC", "phone": services.collector.party.phone ?? ""])
        return form(request, context: context, error: message, status: .tooManyRequests)
    }

    func codePage(_ request: Request, context: AppContext) async throws -> Response {
        guard let session = context.customer else { return .redirect(to: PortalRoute.login.path) }
        if !session.codePending { return .redirect(to: PortalRoute.overview.path) }
        let page = PortalPage(services: services, context: context)
        let email = try await services.portal.customer(id: session.customerId)?.email ?? ""
        return page.render(
            "code", title: "codeTitle",
            data: ["sentTo": page.fill(page.text["codeSent"] ?? "", ["email": Self.mask(email)])],
            path: PortalRoute.code.path)
    }

    func code(_ request: Request, context: AppContext) async throws -> Response {
        guard let session = context.customer, session.codePending else {
            return .redirect(to: PortalRoute.overview.path)
        }
        let page = PortalPage(services: services, context: context)
        let typed = (context.form["code"] ?? "").filter(\.isNumber)
        let expired = (session.codeExpiresAt ?? .distantPast) < Date()
        if !expired, try await services.portal.checkCode(typed, session: session) {
            return .redirect(to: PortalRoute.overview.path)
        }
        if expired || session.codeAttempts + 1 >= services.portalSettings.maxCodeAttempts {
            try await services.portal.end(tokenHash: session.tokenHash)
            var ctx = context
            ctx.customer = nil
            return form(
                request, context: ctx, error: page.text[expired ? "codeExpired" : "codeTooMany"],
                status: .unauthorized)
        }
        return page.render(
            "code", title: "codeTitle", data: ["error": page.text["codeWrong"] ?? ""], path: PortalRoute.code.path,
            status: .unauthorized)
    }

    /// j•••@example.fi: enough to recognise, not enough to learn.
    static func mask(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@"), at > email.startIndex else { return "•••" }
        return String(email[email.startIndex]) + "•••" + email[at...]
    }

    func logout(_ request: Request, context: AppContext) async throws -> Response {
        if let c = context.customer { try await services.portal.end(tokenHash: c.tokenHash) }
        var response = Response.redirect(to: PortalRoute.login.path + "?out=1")
        response.setCookie(cookie(PortalMiddleware.cookie, "", request: request, maxAge: 0))
        return response
    }

    /// The language, easy-read and larger-text switches: kept in a cookie for a year so they stay on this device.
    func view(_ request: Request, context: AppContext) async throws -> Response {
        let q = request.uri.queryParameters
        var view = context.view
        if let lang = q.get("lang"), PageViews.supports(lang) {
            view.chosenLanguage = lang
            if let c = context.customer { try await services.portal.setLanguage(c, language: lang) }
        }
        if q.get("switches") != nil {
            view.easyRead = q.get("easy") == "1"
            view.largeText = q.get("large") == "1"
        }
        let back = q.get("back").flatMap { $0.hasPrefix("/portal") && !$0.hasPrefix("//") ? $0 : nil }
        var response = Response.redirect(to: back ?? PortalRoute.overview.path)
        response.setCookie(cookie(PortalView.cookie, view.cookieValue, request: request, maxAge: 365 * 86_400))
        return response
    }
}
