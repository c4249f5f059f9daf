import ForbearStore
import Foundation
import HTTPTypes
import Hummingbird

/// Runs in front of every portal page: reads how the visitor wants pages shown, finds the customer's session from
/// its cookie (ending it after the idle timeout), refuses any form whose CSRF token is not the session's (or, for
/// sign-in, the double-submit cookie's), sends anyone not signed in to sign-in, and shows every error as a calm page.
struct PortalMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let services: Services
    static let cookie = "fb_portal"
    static let loginCookie = "fb_portal_login"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        var request = request
        context.view = PortalView(cookie: request.cookies[PortalView.cookie]?.value)
        do {
            if let token = request.cookies[Self.cookie]?.value,
                let session = try await services.portal.session(token: token)
            {
                if Date().timeIntervalSince(session.lastSeenAt) > services.portalSettings.idleTimeout {
                    try await services.portal.end(tokenHash: session.tokenHash)
                } else {
                    context.customer = session
                }
            }
            let route = PortalRoute.allCases.first {
                $0.method == request.method && Self.matches($0.path, request.uri.path)
            }
            if request.method == .post {
                let buffer = try await request.collectBody(upTo: 1 << 20)
                context.form = FormData(String(decoding: buffer.readableBytesView, as: UTF8.self))
                let expected =
                    route == .loginForm ? request.cookies[Self.loginCookie]?.value : context.customer?.csrf
                guard let expected, let sent = context.form["_csrf"], sent == expected else { throw PortalError.csrf }
            }
            switch route?.access ?? .signedIn {
            case .open: break
            case .codePending:
                guard context.customer != nil else { return .redirect(to: PortalRoute.login.path) }
            case .signedIn:
                guard let customer = context.customer else { return .redirect(to: PortalRoute.login.path) }
                if customer.codePending { return .redirect(to: PortalRoute.code.path) }
            }
            if let customer = context.customer { try await services.portal.touch(customer) }
            return try await next(request, context)
        } catch let e as PortalError {
            return PortalPage(services: services, context: context).error(e)
        } catch {
            context.logger.error(
                "portal request failed", metadata: ["path": "\(request.uri.path)", "error": "\(type(of: error))"])
            return PortalPage(services: services, context: context).error(PortalError.internal)
        }
    }

    /// Whether a request path fits a route's path with `{parameters}`.
    static func matches(_ pattern: String, _ path: String) -> Bool {
        let a = pattern.split(separator: "/")
        let b = path.split(separator: "/")
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }
}

/// A portal error shown as a calm page; `key` names the message in the interface text.
struct PortalError: Error, Sendable {
    var status: HTTPResponse.Status
    var key: String

    static let notFound = PortalError(status: .notFound, key: "errorNotFound")
    static let csrf = PortalError(status: .forbidden, key: "errorCsrf")
    static let `internal` = PortalError(status: .internalServerError, key: "errorInternal")
    static func invalid(_ key: String) -> PortalError { PortalError(status: .unprocessableContent, key: key) }
}
