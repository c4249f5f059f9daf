import ForbearStore
import Hummingbird

extension ConsoleRoute {
    /// Registers every console page behind the console middleware, each with its role check.
    static func register(on router: Router<AppContext>, services s: Services) {
        let signIn = SignInController(services: s)
        let queues = QueuesController(services: s)
        let cases = CaseViewController(services: s)
        let protocols = ProtocolController(services: s)
        let affordability = AffordabilityController(services: s)
        let audit = AuditController(services: s)
        let group = router.group("console").add(middleware: ConsoleMiddleware(services: s))
        for route in allCases {
            let handler: @Sendable (Request, AppContext) async throws -> Response
            switch route {
            case .login: handler = signIn.loginPage
            case .loginForm: handler = signIn.signIn
            case .code: handler = signIn.codePage
            case .codeForm: handler = signIn.code
            case .logout: handler = signIn.logout
            case .language: handler = signIn.language
            case .home: handler = queues.home
            case .search: handler = queues.search
            case .resolveEscalation: handler = queues.resolve
            case .caseView: handler = cases.show
            case .addNote: handler = cases.addNote
            case .startHold: handler = cases.startHold
            case .liftHold: handler = cases.liftHold
            case .withdrawConsent: handler = cases.withdrawConsent
            case .care: handler = cases.care
            case .letterPDF: handler = cases.letterPDF
            case .startProtocol: handler = protocols.start
            case .protocolRun: handler = protocols.show
            case .answerProtocol: handler = protocols.answer
            case .affordability: handler = affordability.form
            case .assessAffordability: handler = affordability.assess
            case .acceptPlan: handler = affordability.acceptPlan
            case .audit: handler = audit.page
            case .auditCSV: handler = audit.csv
            case .bookPayment: handler = queues.bookPayment
            }
            let sub = String(route.path.dropFirst("/console".count))
            group.on(RouterPath(sub.isEmpty ? "" : sub), method: route.method) { request, context in
                if let roles = route.roles {
                    guard let staff = context.staff, roles.contains(staff.role) else {
                        if let staff = context.staff {
                            try await s.access.audit(
                                actor: "staff:\(staff.username)", action: "denied.\(route.rawValue)",
                                subjectType: "route", subjectId: request.uri.path)
                        }
                        throw ConsoleError.forbidden
                    }
                }
                return try await handler(request, context)
            }
        }
    }
}
