import ForbearStore
import Foundation
import HTTPTypes
import Hummingbird

/// Console sign-in settings: how long a session may sit idle, how many wrong passwords lock an account and for how
/// long, and whether cookies are `Secure` (always behind TLS; also when a proxy says the request came over https).
public struct ConsoleSettings: Sendable {
    public var idleTimeout: TimeInterval
    public var maxFailedLogins: Int
    public var lockout: TimeInterval
    public var secureCookies: Bool

    public init(
        idleTimeout: TimeInterval = 30 * 60, maxFailedLogins: Int = 5, lockout: TimeInterval = 15 * 60,
        secureCookies: Bool = false
    ) {
        self.idleTimeout = idleTimeout
        self.maxFailedLogins = maxFailedLogins
        self.lockout = lockout
        self.secureCookies = secureCookies
    }
}

/// Runs in front of every console page: shows errors as friendly pages, finds the staff session from its cookie
/// (ending it after the idle timeout), sends anyone not signed in to the sign-in page, and refuses any form whose
/// CSRF token is not the session's.
struct ConsoleMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let services: Services
    static let cookie = "fb_staff"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        var request = request
        do {
            let path = request.uri.path
            let isLogin = path == ConsoleRoute.login.path
            if let token = request.cookies[Self.cookie]?.value,
                let session = try await services.sessions.session(token: token)
            {
                if Date().timeIntervalSince(session.lastSeenAt) > services.console.idleTimeout {
                    try await services.sessions.end(tokenHash: session.tokenHash)
                } else {
                    context.staff = session
                }
            }
            if request.method == .post {
                context.form = try await FormData.read(&request)
                let expected =
                    isLogin ? request.cookies[SignInController.csrfCookie]?.value : context.staff?.csrf
                guard let expected, let sent = context.form["_csrf"], sent == expected else { throw ConsoleError.csrf }
            }
            if !isLogin {
                guard let staff = context.staff else {
                    return .redirect(to: ConsoleRoute.login.path)
                }
                if staff.secondFactorPending, path != ConsoleRoute.code.path, path != ConsoleRoute.logout.path {
                    return .redirect(to: ConsoleRoute.code.path)
                }
                try await services.sessions.touch(tokenHash: staff.tokenHash)
            }
            return try await next(request, context)
        } catch let e as ConsoleError {
            let t = services.views.text(context.staff?.language ?? "en")
            return services.views.page(
                "error", title: "errorTitle",
                data: ["message": t[e.key] ?? e.key, "detail": e.detail ?? "", "hasDetail": e.detail != nil],
                staff: context.staff, status: e.status)
        } catch {
            context.logger.error(
                "console request failed", metadata: ["path": "\(request.uri.path)", "error": "\(type(of: error))"])
            let t = services.views.text(context.staff?.language ?? "en")
            return services.views.page(
                "error", title: "errorTitle", data: ["message": t["errorInternal"] ?? "", "hasDetail": false],
                staff: context.staff, status: .internalServerError)
        }
    }
}

extension ConsoleSettings {
    /// A session cookie scoped to the console.
    func cookie(_ name: String, _ value: String, request: Request, maxAge: Int? = nil) -> Cookie {
        sessionCookie(name, value, path: "/console", secure: secureCookies, request: request, maxAge: maxAge)
    }
}

/// A session cookie: `HttpOnly`, `SameSite=Strict`, scoped to `path`, `Secure` behind TLS (always when `secure`,
/// and when a proxy says the request came over https).
func sessionCookie(_ name: String, _ value: String, path: String, secure: Bool, request: Request, maxAge: Int? = nil)
    -> Cookie
{
    let https = secure || request.headers[.init("X-Forwarded-Proto")!] == "https"
    return Cookie(
        name: name, value: value, maxAge: maxAge, path: path, secure: https, httpOnly: true, sameSite: .strict)
}
