import ForbearStore
import Foundation
import HTTPTypes
import Hummingbird

/// Runs in front of every portal page: reads how the visitor wants pages shown, finds the customer's session from
/// its cookie (ending it after the idle timeout), reads a form's fields, and shows every error as a calm page. Each
/// route's own check (CSRF, signed in or not) runs at registration, where the route is known.
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
            if request.method == .post {
                context.form = try await FormData.read(&request)
            }
            if let customer = context.customer { try await services.portal.touch(customer) }
            return try await next(request, context)
        } catch let e as PortalError {
            if let target = e.redirect { return .redirect(to: target) }
            return PortalPage(services: services, context: context).error(e)
        } catch {
            context.logger.error(
                "portal request failed", metadata: ["path": "\(request.uri.path)", "error": "\(type(of: error))"])
            return PortalPage(services: services, context: context).error(PortalError.internal)
        }
    }

}

/// A portal error shown as a calm page; `key` names the message in the interface text.
struct PortalError: Error, Sendable {
    var status: HTTPResponse.Status
    var key: String
    /// Not an error to show: the visitor is sent to sign in (or to type the emailed code) first.
    var redirect: String? = nil

    static func signIn(_ path: String) -> PortalError { PortalError(status: .seeOther, key: "", redirect: path) }
    static let notFound = PortalError(status: .notFound, key: "errorNotFound")
    static let csrf = PortalError(status: .forbidden, key: "errorCsrf")
    static let `internal` = PortalError(status: .internalServerError, key: "errorInternal")
    static func invalid(_ key: String) -> PortalError { PortalError(status: .unprocessableContent, key: key) }
}
