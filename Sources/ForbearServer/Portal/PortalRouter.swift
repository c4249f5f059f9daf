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
        register(
            on: group, prefix: "/portal",
            handler: { route in
                switch route {
                case .login: return signIn.loginPage
                case .loginForm: return signIn.signIn
                case .code: return signIn.codePage
                case .codeForm: return signIn.code
                case .logout: return signIn.logout
                case .view: return signIn.view
                case .help: return help.page
                case .saveHelp: return help.save
                case .overview: return cases.overview
                case .caseView: return cases.show
                case .promise: return cases.promise
                case .plan: return plan.start
                case .planAnswer: return plan.answer
                case .acceptPlan: return plan.accept
                case .pause: return cases.pause
                case .advice: return cases.advice
                case .dispute: return cases.dispute
                case .message: return cases.message
                case .done: return cases.confirmation
                case .feedback: return cases.feedback
                case .contact: return help.contact
                case .saveContact: return help.saveContact
                case .myData: return data.page
                case .myDataJSON: return data.json
                case .withdrawConsent: return data.withdraw
                }
            }
        ) { route, request, context in
            // The sign-in form is checked against its double-submit cookie; every other form against the session.
            if route.method == .post {
                let expected =
                    route == .loginForm ? request.cookies[PortalMiddleware.loginCookie]?.value : context.customer?.csrf
                guard let expected, context.form["_csrf"] == expected else { throw PortalError.csrf }
            }
            switch route.access {
            case .open: break
            case .codePending:
                guard context.customer != nil else { throw PortalError.signIn(PortalRoute.login.path) }
            case .signedIn:
                guard let customer = context.customer else { throw PortalError.signIn(PortalRoute.login.path) }
                if customer.codePending { throw PortalError.signIn(PortalRoute.code.path) }
            }
        }
    }
}
