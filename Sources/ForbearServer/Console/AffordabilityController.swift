import ForbearCore
import ForbearStore
import Foundation
import Hummingbird

/// The income and expenditure form in Standard Financial Statement order, with the spending guidelines beside the
/// flexible costs; the outcome; and a plan that is only ever agreed at or below what the customer can afford.
struct AffordabilityController: Sendable {
    let services: Services

    func form(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let detail = try await caseDetail(context)
        return page(detail, form: FormData(""), staff: staff, result: nil)
    }

    func assess(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let detail = try await caseDetail(context)
        let f = context.form
        let t = services.views.text(staff.language)
        let statement: FinancialStatement
        do {
            statement = try StatementForm.statement(f, detail: detail)
        } catch let e as StatementForm.FieldError {
            return page(
                detail, form: f, staff: staff,
                result: [
                    "hasError": true,
                    "error": (t["errorAmount"] ?? "").replacingOccurrences(of: "{field}", with: t[e.field] ?? e.field),
                ])
        }
        let (a, proposal) = try await AffordabilityService(services: services).assess(
            statement, detail: detail, actor: staff.username, auditActor: "staff:\(staff.username)")
        let fmt = ConsoleFormat(language: staff.language)
        let w = a.waterfall
        var result: [String: Any] = [
            "verdict": t["verdict_\(a.outcome.verdict.rawValue)"] ?? a.outcome.verdict.rawValue,
            "waterfall": [
                ["label": t["wf_income"] ?? "", "value": fmt.money(w.income)],
                ["label": t["wf_fixed"] ?? "", "value": fmt.money(w.fixedCosts)],
                ["label": t["wf_flexible"] ?? "", "value": fmt.money(w.flexibleCosts)],
                ["label": t["wf_savings"] ?? "", "value": fmt.money(w.savings)],
                ["label": t["wf_priority"] ?? "", "value": fmt.money(w.priorityDebtPayments)],
                ["label": t["wf_available"] ?? "", "value": fmt.money(w.availableForNonPriorityDebts)],
                ["label": t["wf_share"] ?? "", "value": fmt.money(w.thisCreditorShare)],
            ],
            "reasons": a.reasons.map { ["text": $0.text, "basis": $0.legalBasis] },
            "recommendations": a.recommendations.map { t["rec_\($0.rawValue)"] ?? $0.rawValue },
            "hasRecommendations": !a.recommendations.isEmpty, "hasNotes": !a.guidelineNotes.isEmpty,
            "notes": a.guidelineNotes.map {
                "\(t["flex_\($0.category.rawValue)"] ?? $0.category.rawValue): \(fmt.money($0.amount)) > \(fmt.money($0.guideline))"
            },
        ]
        if case .affordable(let monthly) = a.outcome, let p = proposal {
            result["proposal"] =
                [
                    "instalment": p.instalment.decimalString, "count": p.count, "start": p.start.iso,
                    "monthly": fmt.money(monthly), "total": fmt.money(p.total),
                    "planLink": ConsoleRoute.acceptPlan.link(["id": detail.record.id]),
                ] as [String: Any]
        }
        return page(detail, form: f, staff: staff, result: result)
    }

    /// Agrees a plan. The affordable amount is the one stored by the last check, never one sent with the form.
    func acceptPlan(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let detail = try await caseDetail(context)
        let f = context.form
        guard let instalment = f.money("instalment", currency: detail.record.currency), instalment.isPositive else {
            throw ConsoleError.invalid("errorInstalment")
        }
        do {
            _ = try await AffordabilityService(services: services).agree(
                detail: detail, instalment: instalment,
                frequency: f["frequency"].flatMap(PlanFrequency.init(rawValue:)) ?? .monthly,
                start: f["start"].flatMap { LocalDate(iso: $0) } ?? services.today().adding(days: 7),
                actor: staff.username, auditActor: "staff:\(staff.username)")
        } catch AffordabilityService.AgreeError.assessFirst {
            throw ConsoleError.invalid("errorAssessFirst")
        } catch AffordabilityService.AgreeError.refused(let refusal) {
            throw ConsoleError.invalid("errorPlanRefused", refusal.description)
        }
        return .redirect(to: ConsoleRoute.caseView.link(["id": detail.record.id]))
    }

    private func caseDetail(_ context: AppContext) async throws -> CaseDetail {
        let id = try context.parameters.require("id")
        guard let d = try await services.queries.detail(caseId: id, creditorId: nil) else {
            throw ConsoleError.notFound
        }
        return d
    }

    private func page(_ detail: CaseDetail, form f: FormData, staff: StaffSession, result: [String: Any]?)
        -> Response
    {
        let t = services.views.text(staff.language)
        let fmt = ConsoleFormat(language: staff.language)
        let country = detail.record.country
        let household = (try? StatementForm.household(f)) ?? Household()
        func field(_ name: String, _ labelKey: String, guideline: Money? = nil) -> [String: Any] {
            var d: [String: Any] = ["name": name, "label": t[labelKey] ?? labelKey, "value": f[name] ?? ""]
            if let guideline { d["guideline"] = ["amount": fmt.money(guideline)] }
            return d
        }
        func options<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ name: String, prefix: String)
            -> [[String: Any]] where E.RawValue == String
        {
            E.allCases.map {
                [
                    "value": $0.rawValue, "label": t["\(prefix)_\($0.rawValue)"] ?? $0.rawValue,
                    "selected": f[name] == $0.rawValue,
                ]
            }
        }
        var data: [String: Any] = [
            "caseLink": ConsoleRoute.caseView.link(["id": detail.record.id]),
            "caseNumber": String(detail.record.number),
            "action": ConsoleRoute.assessAffordability.link(["id": detail.record.id]),
            "currency": detail.record.currency.rawValue, "balance": fmt.money(detail.snapshot.ledger.totalBalance),
            "household": [
                field("adults", "adults"), field("under16", "under16"), field("age16to18", "age16to18"),
                field("vehicles", "vehicles"),
            ],
            "tenures": options(HousingTenure.self, "tenure", prefix: "tenure"),
            "employments": options(EmploymentStatus.self, "employment", prefix: "employment"),
            "income": IncomeCategory.allCases.map { field("income_\($0.rawValue)", "income_\($0.rawValue)") },
            "fixed": FixedCostCategory.allCases.map { field("fixed_\($0.rawValue)", "fixed_\($0.rawValue)") },
            "flexible": FlexibleCostCategory.allCases.map {
                field(
                    "flex_\($0.rawValue)", "flex_\($0.rawValue)",
                    guideline: services.guidelines.guideline(country: country, household: household, category: $0))
            },
            "debts": [
                field("savings", "savings"), field("priorityPayments", "priorityPayments"),
                field("priorityBalance", "priorityBalance"), field("otherDebts", "otherDebts"),
            ],
            "incomplete": f["incomplete"] != nil, "guidelineLabel": services.guidelines.label,
        ]
        if let result { data["result"] = result }
        return services.views.page("affordability", title: "affordabilityTitle", data: data, staff: staff)
    }
}
