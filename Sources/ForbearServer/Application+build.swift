import ForbearCore
import ForbearStore
import Hummingbird
import Logging

public struct ServerConfig: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// The composition root: what `forbear serve` runs and what the tests call, so production wiring is what is tested.
public func buildApplication(
    _ services: Services, config: ServerConfig = ServerConfig(), logger: Logger? = nil,
    onRunning: @escaping @Sendable () async -> Void = {}
)
    -> some ApplicationProtocol
{
    Application(
        router: buildRouter(services),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "forbear"),
        onServerRunning: { _ in await onRunning() }, logger: logger)
}

/// Hummingbird with one plaintext route and nothing else: what the framework itself serves on this machine, the
/// baseline `forbear bench http` reports beside the API.
public func buildPlaintextApplication(
    config: ServerConfig, logger: Logger? = nil, onRunning: @escaping @Sendable () async -> Void = {}
) -> some ApplicationProtocol {
    let router = Router()
    router.get("/plaintext") { _, _ in "Hello, World!" }
    return Application(
        router: router, configuration: .init(address: .hostname(config.host, port: config.port)),
        onServerRunning: { _ in await onRunning() }, logger: logger)
}

public func buildRouter(_ s: Services) -> Router<AppContext> {
    let router = Router(context: AppContext.self)
    router.add(middleware: MetricsMiddleware(registry: s.registry))
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: TokenMiddleware(access: s.access))
    let cases = CasesController(services: s)
    let tools = ToolsController(services: s)
    for route in APIRoute.allCases {
        let handler: @Sendable (Request, AppContext) async throws -> Response
        switch route {
        case .healthz: handler = tools.healthz
        case .metrics: handler = tools.metrics
        case .openapi: handler = tools.openapi
        case .listCases: handler = cases.list
        case .getCase: handler = cases.get
        case .caseLetters: handler = cases.letters
        case .caseLetterPDF: handler = cases.letterPDF
        case .startHold: handler = cases.startHold
        case .liftHold: handler = cases.liftHold
        case .quoteCollectionCosts: handler = tools.quote
        case .affordability: handler = tools.affordability
        case .portfolios: handler = tools.portfolio
        case .rulePack: handler = tools.rulePack
        case .payments: handler = tools.payments
        }
        router.on(RouterPath(route.path), method: route.method) { request, context in
            if !route.isPublic { _ = try context.caller() }
            return try await handler(request, context)
        }
    }
    ConsoleRoute.register(on: router, services: s)
    PortalRoute.register(on: router, services: s)
    return router
}
