import ForbearStore
import Hummingbird

/// Every console page and form, in one table: registration, role checks and links all read it.
enum ConsoleRoute: String, PageRoute {
    case login, loginForm, code, codeForm, logout, language, home, search, resolveEscalation, caseView, addNote,
        startHold, liftHold, withdrawConsent, care, letterPDF, startProtocol, protocolRun, answerProtocol,
        affordability, assessAffordability, acceptPlan, audit, auditCSV, bookPayment

    var method: HTTPRequest.Method {
        switch self {
        case .login, .code, .home, .search, .caseView, .care, .letterPDF, .protocolRun, .affordability, .audit,
            .auditCSV:
            return .get
        default: return .post
        }
    }

    var path: String {
        switch self {
        case .login, .loginForm: return "/console/login"
        case .code, .codeForm: return "/console/login/code"
        case .logout: return "/console/logout"
        case .language: return "/console/language"
        case .home: return "/console"
        case .search: return "/console/search"
        case .resolveEscalation: return "/console/escalations/{id}/resolve"
        case .caseView: return "/console/cases/{id}"
        case .addNote: return "/console/cases/{id}/notes"
        case .startHold: return "/console/cases/{id}/holds"
        case .liftHold: return "/console/cases/{id}/holds/{holdId}/lift"
        case .withdrawConsent: return "/console/cases/{id}/consent/withdraw"
        case .care: return "/console/cases/{id}/care"
        case .letterPDF: return "/console/cases/{id}/letters/{letterId}"
        case .startProtocol: return "/console/cases/{id}/protocols/{protocol}"
        case .protocolRun, .answerProtocol: return "/console/runs/{runId}"
        case .affordability, .assessAffordability: return "/console/cases/{id}/affordability"
        case .acceptPlan: return "/console/cases/{id}/plan"
        case .audit: return "/console/audit"
        case .auditCSV: return "/console/audit.csv"
        case .bookPayment: return "/console/payments/{entryRef}/book"
        }
    }

    /// Who may use the page; nil means every signed-in role.
    var roles: Set<StaffRole>? {
        switch self {
        case .resolveEscalation: return [.specialist, .teamLead, .admin]
        case .care: return [.specialist, .teamLead, .compliance, .admin]
        case .audit, .auditCSV: return [.compliance, .admin]
        case .addNote, .startHold, .liftHold, .withdrawConsent, .startProtocol, .answerProtocol,
            .assessAffordability, .acceptPlan, .bookPayment:
            return [.agent, .specialist, .teamLead, .admin]
        default: return nil
        }
    }
}
