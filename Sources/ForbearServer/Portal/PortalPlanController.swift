import ForbearCore
import ForbearStore
import Foundation
import Hummingbird

/// A plan made by the customer: a short income and expenditure check asked one question per page (answers so far
/// travel with the form, so nothing needs JavaScript and nothing is stored until the end), then the affordability
/// engine's answer, and a plan never above what it found affordable.
struct PortalPlanController: Sendable {
    let services: Services
    var cases: PortalCasesController { PortalCasesController(services: services) }

    /// The questions in order: each is one topic, with the form fields the console's statement reader knows.
    static let questions: [(key: String, fields: [String])] = [
        ("household", ["adults", "under16", "age16to18", "employment"]),
        ("income", IncomeCategory.allCases.map { "income_\($0.rawValue)" }),
        ("home", ["fixed_home"]),
        ("bills", ["fixed_utilities", "fixed_water"]),
        (
            "regular",
            [
                "fixed_transport", "fixed_careAndHealth", "fixed_school", "fixed_pensionsAndInsurance",
                "fixed_otherEssential",
            ]
        ),
        ("everyday", FlexibleCostCategory.allCases.map { "flex_\($0.rawValue)" }),
        ("debts", ["priorityPayments", "otherDebts"]),
    ]
    static let counts: Set<String> = ["adults", "under16", "age16to18"]

    func start(_ request: Request, context: AppContext) async throws -> Response {
        let detail = try await cases.ownedCase(context)
        return question(0, detail: detail, form: FormData(""), context: context, error: nil)
    }

    func answer(_ request: Request, context: AppContext) async throws -> Response {
        let detail = try await cases.ownedCase(context)
        let f = context.form
        let step = min(max(Int(f["step"] ?? "") ?? 0, 0), Self.questions.count - 1)
        if f["back"] != nil { return question(max(step - 1, 0), detail: detail, form: f, context: context, error: nil) }
        // The answers so far are read as the statement they make; a figure that cannot be read sends the customer
        // back to its question.
        let statement: FinancialStatement
        do {
            statement = try StatementForm.statement(f, detail: detail)
        } catch let e as StatementForm.FieldError {
            let at = Self.questions.firstIndex { $0.fields.contains(e.field) } ?? step
            return question(at, detail: detail, form: f, context: context, error: e.field)
        }
        if step + 1 < Self.questions.count {
            return question(step + 1, detail: detail, form: f, context: context, error: nil)
        }
        let session = try PortalCasesController.session(context)
        let (a, proposal) = try await AffordabilityService(services: services).assess(
            statement, detail: detail, actor: "customer (portal)", auditActor: "customer:\(session.customerId)")
        return result(a.outcome, proposal: proposal, detail: detail, context: context, refusal: nil)
    }

    func accept(_ request: Request, context: AppContext) async throws -> Response {
        let detail = try await cases.ownedCase(context)
        let session = try PortalCasesController.session(context)
        let page = PortalPage(services: services, context: context)
        let currency = detail.record.currency
        guard let instalment = context.form.money("instalment", currency: currency), instalment.isPositive else {
            throw PortalError.invalid("errorAmount")
        }
        do {
            _ = try await AffordabilityService(services: services).agree(
                detail: detail, instalment: instalment, frequency: .monthly,
                start: services.today().adding(days: 7), actor: "customer (portal)",
                auditActor: "customer:\(session.customerId)")
        } catch AffordabilityService.AgreeError.assessFirst {
            return .redirect(to: PortalRoute.plan.link(["id": detail.record.id]))
        } catch AffordabilityService.AgreeError.refused(let refusal) {
            guard let affordable = detail.snapshot.affordability?.affordableMonthly else { throw PortalError.internal }
            return result(
                .affordable(monthly: affordable), proposal: nil, detail: detail, context: context,
                refusal: Self.kindReason(refusal, page: page))
        }
        return .redirect(to: PortalRoute.done.path + "?what=plan&case=\(detail.record.id)")
    }

    /// The refusal in the customer's language, kindly: what we cannot agree, and why.
    static func kindReason(_ r: PlanRefusal, page: PortalPage) -> String {
        let t = page.text
        let fmt = page.format
        switch r {
        case .aboveAffordable(let monthly, let affordable):
            return page.fill(
                t["refuse_aboveAffordable"] ?? "", ["monthly": fmt.money(monthly), "affordable": fmt.money(affordable)])
        case .belowMinimum(let monthly, let minimum):
            return page.fill(
                t["refuse_belowMinimum"] ?? "", ["monthly": fmt.money(monthly), "minimum": fmt.money(minimum)])
        case .tooLong(let months, let max):
            return page.fill(t["refuse_tooLong"] ?? "", ["months": String(months), "max": String(max)])
        case .notAffordable: return t["refuse_notAffordable"] ?? ""
        case .nothingOwed: return t["refuse_nothingOwed"] ?? ""
        }
    }

    private func question(_ step: Int, detail: CaseDetail, form f: FormData, context: AppContext, error: String?)
        -> Response
    {
        let page = PortalPage(services: services, context: context)
        let t = page.text
        let q = Self.questions[step]
        let household = (try? StatementForm.household(f)) ?? Household()
        let fields: [[String: Any]] = q.fields.map { name in
            var d: [String: Any] = [
                "name": name, "label": t["f_\(name)"] ?? name, "value": f[name] ?? (name == "adults" ? "1" : ""),
                "isCount": Self.counts.contains(name), "invalid": name == error,
                "isSelect": name == "employment",
            ]
            if name == "employment" {
                d["options"] = EmploymentStatus.allCases.map {
                    [
                        "value": $0.rawValue, "label": t["employment_\($0.rawValue)"] ?? $0.rawValue,
                        "selected": (f[name] ?? "employed") == $0.rawValue,
                    ]
                }
            }
            if name.hasPrefix("flex_"), let c = FlexibleCostCategory(rawValue: String(name.dropFirst(5))),
                let g = services.guidelines.guideline(
                    country: detail.record.country, household: household, category: c)
            {
                d["hint"] = page.fill(t["guidelineHint"] ?? "", ["amount": page.format.money(g)])
            }
            return d
        }
        let others = Self.questions.enumerated().filter { $0.offset != step }.flatMap(\.element.fields)
        var data: [String: Any] = [
            "action": PortalRoute.planAnswer.link(["id": detail.record.id]),
            "caseLink": PortalRoute.caseView.link(["id": detail.record.id]), "step": String(step),
            "progress": page.fill(t["stepOf"] ?? "", ["n": String(step + 1), "of": String(Self.questions.count)]),
            "question": t["q_\(q.key)"] ?? q.key, "help": t["qhelp_\(q.key)"] ?? "",
            "fields": fields, "canGoBack": step > 0, "currency": detail.record.currency.rawValue,
            "hidden": others.compactMap { n in f[n].map { ["name": n, "value": $0] } },
            "isLast": step == Self.questions.count - 1,
        ]
        if let error {
            data["error"] = page.fill(t["errorField"] ?? "", ["field": t["f_\(error)"] ?? error])
        }
        return page.render(
            "plan", title: "planTitle", data: data, path: PortalRoute.plan.link(["id": detail.record.id]),
            status: error == nil ? .ok : .unprocessableContent)
    }

    private func result(
        _ outcome: AffordabilityOutcome, proposal: PlanProposal?, detail: CaseDetail, context: AppContext,
        refusal: String?
    ) -> Response {
        let page = PortalPage(services: services, context: context)
        let t = page.text
        let fmt = page.format
        let id = detail.record.id
        var data: [String: Any] = [
            "caseLink": PortalRoute.caseView.link(["id": id]), "acceptAction": PortalRoute.acceptPlan.link(["id": id]),
            "adviceAction": PortalRoute.advice.link(["id": id]), "pauseAction": PortalRoute.pause.link(["id": id]),
            "currency": detail.record.currency.rawValue, "total": fmt.money(detail.snapshot.ledger.totalBalance),
            "support": page.support(country: detail.record.country),
        ]
        switch outcome {
        case .affordable(let monthly):
            data["affordable"] = true
            data["headline"] = page.fill(t["result_affordable"] ?? "", ["monthly": fmt.money(monthly)])
            data["instalment"] = (proposal?.instalment ?? monthly).decimalString
            if let p = proposal {
                data["proposal"] = page.fill(
                    t["result_proposal"] ?? "",
                    ["count": String(p.count), "instalment": fmt.money(p.instalment), "start": fmt.date(p.start)])
            }
        case .noCapacity: data["headline"] = t["result_noCapacity"] ?? ""
        case .incomplete: data["headline"] = t["result_incomplete"] ?? ""
        case .noRealisticAbility: data["headline"] = t["result_noRealisticAbility"] ?? ""
        }
        if let refusal { data["refusal"] = refusal }
        return page.render(
            "planResult", title: "planResultTitle", data: data, path: PortalRoute.caseView.link(["id": id]),
            status: refusal == nil ? .ok : .unprocessableContent)
    }
}
