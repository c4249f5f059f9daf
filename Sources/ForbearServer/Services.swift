import ForbearCore
import ForbearJobs
import ForbearLetters
import ForbearStore
import Foundation
import Hummingbird
import Prometheus

/// What the server needs, built once by the composition root and handed to every controller.
public struct Services: Sendable {
    public var database: Database
    public var packs: RulePackLibrary
    public var access: AccessStore
    public var queries: CaseQueries
    public var holds: HoldStore
    public var letters: LetterStore
    public var writer: PortfolioWriter
    public var affordability: AffordabilityEngine
    public var registry: PrometheusCollectorRegistry
    public var today: @Sendable () -> LocalDate
    // The staff console.
    public var care: CareStore
    public var sessions: StaffSessionStore
    public var escalations: EscalationStore
    public var events: CaseEventStore
    public var runs: ProtocolRunStore
    public var queueQueries: QueueQueries
    public var cases: CaseStore
    public var payments: PaymentStore
    public var protocols: ProtocolLibrary
    public var signposts: SignpostDirectory
    public var cues: CueDetector
    public var guidelines: SpendingGuidelines
    public var views: PageViews
    public var console: ConsoleSettings
    // The customer portal.
    public var portal: PortalStore
    public var portalViews: PageViews
    public var portalSettings: PortalSettings
    /// The collecting organisation: its phone number, and the accounts customers pay into.
    public var collector: Collector
    /// Sends portal sign-in codes by email; without one, sign-in asks for no code.
    public var codeMailer: (any Mailer)?

    /// `cipher` seals special-category detail; tests may leave it out and get a fresh key.
    public init(
        database: Database, packs: RulePackLibrary, cipher: FieldCipher? = nil,
        console: ConsoleSettings = ConsoleSettings(), portal: PortalSettings = PortalSettings(),
        collector: Collector = LintSamples.collector, codeMailer: (any Mailer)? = nil,
        today: @escaping @Sendable () -> LocalDate
    ) throws {
        let cipher = try cipher ?? FieldCipher(base64Key: FieldCipher.generateKey())
        self.database = database
        self.packs = packs
        self.access = AccessStore(database: database)
        self.queries = CaseQueries(database: database)
        self.holds = HoldStore(database: database)
        self.letters = LetterStore(database: database)
        self.writer = PortfolioWriter(database: database)
        self.guidelines = try SpendingGuidelines.bundled()
        self.affordability = AffordabilityEngine(guidelines: guidelines)
        self.registry = PrometheusCollectorRegistry()
        self.today = today
        self.care = CareStore(database: database, cipher: cipher)
        self.sessions = StaffSessionStore(database: database)
        self.escalations = EscalationStore(database: database)
        self.events = CaseEventStore(database: database)
        self.runs = ProtocolRunStore(database: database, cipher: cipher)
        self.queueQueries = QueueQueries(database: database)
        self.cases = CaseStore(database: database)
        self.payments = PaymentStore(database: database, packs: packs)
        self.protocols = try ProtocolLibrary.bundled()
        self.signposts = try SignpostDirectory.bundled()
        self.cues = try CueDetector.bundled()
        self.views = try PageViews.bundled()
        self.console = console
        self.portal = PortalStore(database: database, cipher: cipher)
        self.portalViews = try PageViews.bundled(folder: "Portal")
        self.portalSettings = portal
        self.collector = collector
        self.codeMailer = codeMailer
    }
}

/// JSON in the API's shape: snake_case keys, dates as YYYY-MM-DD, money as decimal strings.
enum APIJSON {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }()

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        response(json: Array(try encoder.encode(value)), status: status)
    }

    /// JSON already written (see `CaseDTO.json`).
    static func response(json: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: AppContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else {
            throw Problem.invalid("The request needs a JSON body.", code: "invalid_body")
        }
        return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
    }
}

/// Checks the bearer token and sets the caller on the context; public routes pass without one.
struct TokenMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let access: AccessStore

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "),
                let identity = try await access.identity(token: String(header.dropFirst(7)))
            else {
                throw Problem(
                    status: .unauthorized, code: "bad_token", title: "Token not accepted",
                    detail: "The bearer token is unknown or revoked.")
            }
            context.identity = identity
        }
        return try await next(request, context)
    }
}

/// Counts requests by route and status for `/metrics`.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let registry: PrometheusCollectorRegistry

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        registry.makeCounter(
            name: "forbear_http_requests_total",
            labels: [("route", route), ("method", request.method.rawValue), ("status", String(response.status.code))]
        ).increment()
        return response
    }
}
