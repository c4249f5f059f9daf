import ForbearCore
import ForbearLetters

/// How the console writes amounts, decisions and adjustments for staff, in their language.
struct ConsoleFormat: Sendable {
    let language: Language
    let locale: MoneyLocale

    init(language code: String) {
        language = Language(rawValue: code) ?? .en
        locale = MoneyLocale(language: language)
    }

    func money(_ m: Money) -> String { MoneyFormat.format(m, locale: locale) }

    /// A date as letters write it: "1 December 2026", "1.12.2026" …
    func date(_ d: LocalDate) -> String { LetterFormat.date(d, language) }

    /// A decision in a few words; the reasons beside it say why.
    func action(_ a: Action, _ t: [String: String]) -> String {
        func label(_ key: String) -> String { t["action_\(key)"] ?? key }
        switch a {
        case .sendLetter(let step, let n, let channel, let deadline):
            return "\(label("sendLetter")): \(step) #\(n), \(channel.rawValue), → \(deadline.iso)"
        case .chargeFee(let fee, _, _, let amount, _): return "\(label("chargeFee")): \(fee) \(money(amount))"
        case .accrueInterest(_, let amount, let from, let through, _):
            return "\(label("accrueInterest")): \(money(amount)) (\(from.iso) – \(through.iso))"
        case .escalateToSpecialist(let p): return "\(label("escalate")) (\(t["priority_\(p.rawValue)"] ?? p.rawValue))"
        case .reviewDue(let k): return "\(label("reviewDue")): \(k.rawValue)"
        case .referToCreditor: return label("referToCreditor")
        case .stop: return label("stop")
        case .close: return label("close")
        case .wait: return label("wait")
        case .plan(let e):
            switch e {
            case .nudge(let n): return "\(label("plan")): \(label("planNudge")) #\(n)"
            case .reviewOffer: return "\(label("plan")): \(label("planReviewOffer"))"
            case .broken: return "\(label("plan")): \(label("planBroken"))"
            case .completed: return "\(label("plan")): \(label("planCompleted"))"
            }
        }
    }

    /// The adjustments as short lines everyone can act on.
    static func adjustments(_ a: Adjustments, _ t: [String: String]) -> [String] {
        var lines: [String] = []
        if a.largePrint { lines.append(t["adj_largePrint"] ?? "large print") }
        if a.easyRead { lines.append(t["adj_easyRead"] ?? "easy read") }
        if a.noPhone { lines.append(t["adj_noPhone"] ?? "no phone calls") }
        if let l = a.language { lines.append((t["adj_language"] ?? "language") + ": " + l.rawValue) }
        if let r = a.copyToRepresentative { lines.append((t["adj_representative"] ?? "copies to") + ": " + r.name) }
        return lines + a.notes
    }
}

extension ConsoleFormat {
    /// What a protocol answer set in motion, in words staff understand; never the customer's words themselves.
    static func command(_ c: ProtocolCommand, _ t: [String: String]) -> String {
        func l(_ k: String) -> String { t["cmd_\(k)"] ?? k }
        switch c {
        case .markHandleWithCare: return l("handleWithCare")
        case .recordConsent(let granted, _): return l(granted ? "consentYes" : "consentNo")
        case .storeDetail: return l("detailStored")
        case .recordThirdPartyHelp: return l("thirdParty")
        case .addAdjustments(let options):
            return l("adjustments") + ": "
                + options.map { t["adjopt_\($0.rawValue)"] ?? $0.rawValue }.joined(
                    separator: ", ")
        case .setReviewDate(let d): return l("review") + ": " + d.iso
        case .recordImpact(let level, _, _):
            return l("impact") + ": " + (t["impact_\(level.rawValue)"] ?? level.rawValue)
        case .recordDecisionSupport(_, _, _, let decided): return l(decided ? "decisionMade" : "decisionNotYet")
        case .startHold(let k): return l("hold") + ": " + (t["hold_\(k.rawValue)"] ?? k.rawValue)
        case .escalate(let p, _): return l("escalate") + " (" + (t["priority_\(p.rawValue)"] ?? p.rawValue) + ")"
        case .signpost(let needs):
            return l("signpost") + ": " + needs.map { t["need_\($0.rawValue)"] ?? $0.rawValue }.joined(separator: ", ")
        case .emergencyServicesGuidance: return l("emergency")
        case .recordConcernNotification: return l("concern")
        }
    }
}
