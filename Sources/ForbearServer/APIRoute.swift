import Hummingbird

/// Every route of the service, in one table: registration and the OpenAPI check both read it, so a route cannot
/// exist without being documented.
public enum APIRoute: String, CaseIterable, Sendable {
    case healthz, metrics, openapi, listCases, getCase, startHold, liftHold, quoteCollectionCosts, affordability,
        portfolios, rulePack, payments, caseLetters, caseLetterPDF

    public var method: HTTPRequest.Method {
        switch self {
        case .startHold, .quoteCollectionCosts, .affordability, .portfolios, .payments: return .post
        case .liftHold: return .delete
        default: return .get
        }
    }

    /// The path with `{parameters}`, as Hummingbird and OpenAPI both write it.
    public var path: String {
        switch self {
        case .healthz: return "/healthz"
        case .metrics: return "/metrics"
        case .openapi: return "/api/v1/openapi.json"
        case .listCases: return "/api/v1/cases"
        case .getCase: return "/api/v1/cases/{id}"
        case .startHold: return "/api/v1/cases/{id}/holds"
        case .liftHold: return "/api/v1/cases/{id}/holds/{holdId}"
        case .quoteCollectionCosts: return "/api/v1/quotes/collection-costs"
        case .affordability: return "/api/v1/affordability"
        case .portfolios: return "/api/v1/portfolios"
        case .rulePack: return "/api/v1/rule-packs/{country}"
        case .payments: return "/api/v1/payments"
        case .caseLetters: return "/api/v1/cases/{id}/letters"
        case .caseLetterPDF: return "/api/v1/cases/{id}/letters/{letterId}/pdf"
        }
    }

    /// Routes anyone may call; all others need a bearer token.
    public var isPublic: Bool { self == .healthz || self == .metrics || self == .openapi }

    /// A link to this route with parameters filled in.
    public func link(_ parameters: [String: String] = [:]) -> String {
        var p = path
        for (k, v) in parameters { p = p.replacingOccurrences(of: "{\(k)}", with: v) }
        return p
    }
}
