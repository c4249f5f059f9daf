import ForbearStore
import Hummingbird

/// The request context: Hummingbird's core storage plus who is calling (set by the token middleware).
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: TokenIdentity?
    /// The signed-in staff member, on console pages (set by the console's session middleware).
    public var staff: StaffSession?
    /// The signed-in customer, on portal pages (set by the portal's session middleware).
    public var customer: PortalSession?
    /// How the portal is shown to this visitor: language, easy read, larger text.
    var view = PortalView()
    /// A console or portal form's fields, read once by the middleware that checks its CSRF token.
    var form = FormData("")
    /// The peer's address, for rate limiting sign-in; nil when there is no socket (tests).
    let remoteAddress: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        staff = nil
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The caller, or 401 when the route needs a token and none was given.
    func caller() throws -> TokenIdentity {
        guard let identity else { throw Problem.unauthorized }
        return identity
    }

    /// Refuses roles not in `roles` with 403.
    func require(_ roles: Set<TokenRole>) throws -> TokenIdentity {
        let who = try caller()
        guard roles.contains(who.role) else {
            throw Problem(
                status: .forbidden, code: "forbidden", title: "Not allowed",
                detail: "A \(who.role.rawValue) token cannot do this.")
        }
        return who
    }
}
