import Hummingbird

/// Every portal page and form, in one table: registration, who may use it, and links all read it.
enum PortalRoute: String, PageRoute {
    case login, loginForm, code, codeForm, logout, view, help, saveHelp, overview, caseView, promise, plan,
        planAnswer, acceptPlan, pause, advice, dispute, message, done, feedback, contact, saveContact, myData,
        myDataJSON, withdrawConsent

    /// Who may open a page: anyone, someone who still has to type the emailed code, or a signed-in customer.
    enum Access { case open, codePending, signedIn }

    var method: HTTPRequest.Method {
        switch self {
        case .login, .code, .view, .help, .overview, .caseView, .plan, .done, .contact, .myData, .myDataJSON:
            return .get
        default: return .post
        }
    }

    var access: Access {
        switch self {
        case .login, .loginForm, .view, .help: return .open
        case .code, .codeForm, .logout: return .codePending
        default: return .signedIn
        }
    }

    var path: String {
        switch self {
        case .login, .loginForm: return "/portal/login"
        case .code, .codeForm: return "/portal/login/code"
        case .logout: return "/portal/logout"
        case .view: return "/portal/view"
        case .help, .saveHelp: return "/portal/help"
        case .overview: return "/portal"
        case .caseView: return "/portal/cases/{id}"
        case .promise: return "/portal/cases/{id}/promise"
        case .plan, .planAnswer: return "/portal/cases/{id}/plan"
        case .acceptPlan: return "/portal/cases/{id}/plan/accept"
        case .pause: return "/portal/cases/{id}/pause"
        case .advice: return "/portal/cases/{id}/advice"
        case .dispute: return "/portal/cases/{id}/dispute"
        case .message: return "/portal/cases/{id}/message"
        case .done: return "/portal/done"
        case .feedback: return "/portal/feedback"
        case .contact, .saveContact: return "/portal/contact"
        case .myData: return "/portal/data"
        case .myDataJSON: return "/portal/data.json"
        case .withdrawConsent: return "/portal/data/withdraw-consent"
        }
    }
}
