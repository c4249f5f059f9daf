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
        register(
            on: group, prefix: "/console",
            handler: { route in
                switch route {
                case .login: return signIn.loginPage
                case .loginForm: return signIn.signIn
                case .code: return signIn.codePage
                case .codeForm: return signIn.code
                case .logout: return signIn.logout
                case .language: return signIn.language
                case .home: return queues.home
                case .search: return queues.search
                case .resolveEscalation: return queues.resolve
                case .caseView: return cases.show
                case .addNote: return cases.addNote
                case .startHold: return cases.startHold
                case .liftHold: return cases.liftHold
                case .withdrawConsent: return cases.withdrawConsent
                case .care: return cases.care
                case .letterPDF: return cases.letterPDF
                case .startProtocol: return protocols.start
                case .protocolRun: return protocols.show
                case .answerProtocol: return protocols.answer
                case .affordability: return affordability.form
                case .assessAffordability: return affordability.assess
                case .acceptPlan: return affordability.acceptPlan
                case .audit: return audit.page
                case .auditCSV: return audit.csv
                case .bookPayment: return queues.bookPayment
                }
            }
        ) { route, request, context in
            guard let roles = route.roles else { return }
            guard let staff = context.staff, roles.contains(staff.role) else {
                if let staff = context.staff {
                    try await s.access.audit(
                        actor: "staff:\(staff.username)", action: "denied.\(route.rawValue)", subjectType: "route",
                        subjectId: request.uri.path)
                }
                throw ConsoleError.forbidden
            }
        }
    }
}
