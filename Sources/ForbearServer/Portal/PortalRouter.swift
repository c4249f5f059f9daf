import Hummingbird

extension PortalRoute {
    /// Registers every portal page behind the portal middleware.
    static func register(on router: Router<AppContext>, services s: Services) {
        let signIn = PortalSignInController(services: s)
        let cases = PortalCasesController(services: s)
        let plan = PortalPlanController(services: s)
        let help = PortalHelpController(services: s)
        let data = PortalDataController(services: s)
        let group = router.group("portal").add(middleware: PortalMiddleware(services: s))
        for route in allCases {
            let handler: @Sendable (Request, AppContext) async throws -> Response
            switch route {
            case .login: handler = signIn.loginPage
            case .loginForm: handler = signIn.signIn
            case .code: handler = signIn.codePage
            case .codeForm: handler = signIn.code
            case .logout: handler = signIn.logout
            case .view: handler = signIn.view
            case .help: handler = help.page
            case .saveHelp: handler = help.save
            case .overview: handler = cases.overview
            case .caseView: handler = cases.show
            case .promise: handler = cases.promise
            case .plan: handler = plan.start
            case .planAnswer: handler = plan.answer
            case .acceptPlan: handler = plan.accept
            case .pause: handler = cases.pause
            case .advice: handler = cases.advice
            case .dispute: handler = cases.dispute
            case .message: handler = cases.message
            case .done: handler = cases.confirmation
            case .feedback: handler = cases.feedback
            case .contact: handler = help.contact
            case .saveContact: handler = help.saveContact
            case .myData: handler = data.page
            case .myDataJSON: handler = data.json
            case .withdrawConsent: handler = data.withdraw
            }
            let sub = String(route.path.dropFirst("/portal".count))
            group.on(RouterPath(sub.isEmpty ? "" : sub), method: route.method, use: handler)
        }
    }
}
