import ForbearStore
import Foundation
import Hummingbird
import HummingbirdOTP

/// Staff sign-in: password (bcrypt), then a TOTP code when the user has one; lockout after repeated failures.
struct SignInController: Sendable {
    let services: Services
    static let csrfCookie = "fb_login_csrf"
    /// Checked when the username is unknown, so a wrong name takes as long as a wrong password.
    static let dummyHash = Passwords.hash("no such user")

    func loginPage(_ request: Request, context: AppContext) async throws -> Response {
        if let staff = context.staff, !staff.secondFactorPending { return .redirect(to: ConsoleRoute.home.path) }
        return form(request, language: request.uri.queryParameters.get("lang"), error: nil)
    }

    private func form(_ request: Request, language: String?, error: String?, status: HTTPResponse.Status = .ok)
        -> Response
    {
        let lang = language.flatMap { PageViews.supports($0) ? $0 : nil } ?? "en"
        let token = AccessStore.randomToken()
        var data: [String: Any] = [
            "loginCsrf": token, "formLang": lang,
            "languages": PageViews.languages.map { ["code": $0.code, "name": $0.name] },
        ]
        if let error {
            data["error"] = error
            data["hasError"] = true
        }
        var response = services.views.page(
            "login", title: "signInTitle", data: data, staff: nil, language: lang,
            status: status)
        response.setCookie(services.console.cookie(Self.csrfCookie, token, request: request))
        return response
    }

    func signIn(_ request: Request, context: AppContext) async throws -> Response {
        let lang = context.form["lang"] ?? "en"
        let t = services.views.text(lang)
        let username = context.form["username"] ?? ""
        let password = context.form.values["password"]?.first ?? ""
        guard let user = try await services.sessions.user(username: username) else {
            _ = Passwords.verify(password, hash: Self.dummyHash)
            return form(request, language: lang, error: t["signInWrong"], status: .unauthorized)
        }
        if let locked = user.lockedUntil, locked > Date() {
            return form(request, language: lang, error: lockedMessage(until: locked, t), status: .tooManyRequests)
        }
        guard Passwords.verify(password, hash: user.passwordHash) else {
            return try await failed(user, request: request, language: lang, t)
        }
        try await services.sessions.clearFailedLogins(userId: user.id)
        let session = try await services.sessions.create(userId: user.id, secondFactorPending: user.totpSecret != nil)
        try await services.access.audit(
            actor: "staff:\(user.username)", action: "staff.signIn", subjectType: "user", subjectId: user.id)
        var response = Response.redirect(
            to: user.totpSecret != nil ? ConsoleRoute.code.path : ConsoleRoute.home.path)
        response.setCookie(services.console.cookie(ConsoleMiddleware.cookie, session.token, request: request))
        return response
    }

    private func failed(_ user: StaffUser, request: Request, language: String, _ t: [String: String]) async throws
        -> Response
    {
        let lock = user.failedLogins + 1 >= services.console.maxFailedLogins
        let until = Date().addingTimeInterval(services.console.lockout)
        try await services.sessions.recordFailedLogin(userId: user.id, lockUntil: lock ? until : nil)
        try await services.access.audit(
            actor: "staff:\(user.username)", action: lock ? "staff.locked" : "staff.signInFailed",
            subjectType: "user", subjectId: user.id)
        if lock {
            return form(request, language: language, error: lockedMessage(until: until, t), status: .tooManyRequests)
        }
        return form(request, language: language, error: t["signInWrong"], status: .unauthorized)
    }

    private func lockedMessage(until: Date, _ t: [String: String]) -> String {
        let time = until.formatted(Date.ISO8601FormatStyle().time(includingFractionalSeconds: false))
        return (t["signInLocked"] ?? "").replacingOccurrences(of: "{time}", with: String(time.prefix(5)))
    }

    func codePage(_ request: Request, context: AppContext) async throws -> Response {
        services.views.page("code", title: "codeTitle", staff: context.staff)
    }

    func code(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff, let user = try await services.sessions.user(username: staff.username),
            let secret = user.totpSecret
        else { return .redirect(to: ConsoleRoute.login.path) }
        let t = services.views.text(staff.language)
        let typed = (context.form["code"] ?? "").filter(\.isNumber)
        let totp = TOTP(secret: secret)
        let now = Date()
        let valid = [-30.0, 0, 30].contains {
            String(format: "%06d", totp.compute(date: now.addingTimeInterval($0))) == typed
        }
        guard valid else {
            let lock = user.failedLogins + 1 >= services.console.maxFailedLogins
            try await services.sessions.recordFailedLogin(
                userId: user.id, lockUntil: lock ? now.addingTimeInterval(services.console.lockout) : nil)
            if lock {
                try await services.sessions.end(tokenHash: staff.tokenHash)
                return .redirect(to: ConsoleRoute.login.path)
            }
            return services.views.page(
                "code", title: "codeTitle", data: ["error": t["codeWrong"] ?? "", "hasError": true], staff: staff,
                status: .unauthorized)
        }
        try await services.sessions.clearFailedLogins(userId: user.id)
        try await services.sessions.completeSecondFactor(tokenHash: staff.tokenHash)
        return .redirect(to: ConsoleRoute.home.path)
    }

    func logout(_ request: Request, context: AppContext) async throws -> Response {
        if let staff = context.staff { try await services.sessions.end(tokenHash: staff.tokenHash) }
        var response = Response.redirect(to: ConsoleRoute.login.path)
        response.setCookie(services.console.cookie(ConsoleMiddleware.cookie, "", request: request, maxAge: 0))
        return response
    }

    func language(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff, let code = context.form["language"],
            PageViews.supports(code)
        else { throw ConsoleError.invalid("errorLanguage") }
        try await services.sessions.setLanguage(userId: staff.userId, language: code)
        let back = context.form["back"].flatMap { $0.hasPrefix("/console") && !$0.hasPrefix("//") ? $0 : nil }
        return .redirect(to: back ?? ConsoleRoute.home.path)
    }
}
