import ForbearCore
import ForbearStore
import Foundation
import Hummingbird

/// Renders portal pages in the visitor's language and view (easy read, larger text), inside the portal layout.
struct PortalPage {
    let services: Services
    let context: AppContext

    /// The chosen language, else the customer's own, else English.
    var language: String {
        context.view.chosenLanguage
            ?? context.customer.map(\.language).flatMap { PageViews.supports($0) ? $0 : nil }
            ?? "en"
    }

    /// The interface text, with the policy figures it names (how long a pause lasts …) filled in from their rules.
    var text: [String: String] {
        let policy = [
            "pauseDays": HoldKind.paymentPause.defaultDays.map(String.init) ?? "",
            "adviceDays": HoldKind.adviceHold.defaultDays.map(String.init) ?? "",
            "reviewDays": Self.reviewDays(services).map(String.init) ?? "",
        ]
        return services.portalViews.text(language, easyRead: context.view.easyRead).mapValues { fill($0, policy) }
    }

    /// What the customer tells us in the portal is reviewed when a TEXAS conversation's disclosure would be.
    static func reviewDays(_ services: Services) -> Int? { services.protocols("TEXAS")?.reviewDays }
    var format: ConsoleFormat { ConsoleFormat(language: language) }

    func render(
        _ template: String, title: String, data: [String: Any] = [:], path: String = PortalRoute.overview.path,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let t = text
        var d = data
        let signedIn = context.customer.map { !$0.codePending } ?? false
        d["t"] = t
        d["lang"] = language
        d["pageTitle"] = t[title] ?? title
        d["largeText"] = context.view.largeText
        d["easyRead"] = context.view.easyRead
        d["signedIn"] = signedIn
        d["csrf"] = context.customer?.csrf ?? ""
        d["back"] = path
        d["phone"] = services.collector.party.phone ?? ""
        d["agency"] = services.collector.party.name
        d["languages"] = PageViews.languages.map {
            ["code": $0.code, "name": $0.name, "selected": $0.code == language]
        }
        return services.portalViews.render(template, data: d, status: status)
    }

    func error(_ e: PortalError) -> Response {
        let t = text
        return render(
            "error", title: "errorTitle",
            data: [
                "message": t[e.key] ?? e.key,
                "phoneLine": fill(t["callUs"] ?? "", ["phone": services.collector.party.phone ?? ""]),
            ],
            status: e.status)
    }

    /// Crisis lines and free debt advice for the customer's country, in their language's order.
    func support(country: Country) -> [String: Any] {
        let lang = Language(rawValue: language) ?? .en
        func entries(_ need: SupportNeed) -> [[String: Any]] {
            services.signposts.select(country: country, need: need, language: lang).prefix(3).map { e in
                [
                    "name": e.name, "contact": e.contact ?? "", "hasContact": e.contact != nil,
                    "hours": e.open24h == true ? (text["open24h"] ?? "") : (e.hours ?? ""),
                ]
            }
        }
        let crisis = entries(.crisis)
        let advice = entries(.debtAdvice)
        return [
            "emergency": services.signposts.emergencyNumber(for: country)?.number ?? "112",
            "crisis": crisis, "advice": advice, "hasCrisis": !crisis.isEmpty, "hasAdvice": !advice.isEmpty,
        ]
    }

    /// Puts values into "{name}" placeholders.
    func fill(_ template: String, _ values: [String: String]) -> String {
        values.reduce(template) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
}
