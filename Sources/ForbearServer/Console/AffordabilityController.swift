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
        let currency = detail.record.currency
        let statement: FinancialStatement
        do {
            statement = try Self.statement(f, country: detail.record.country, currency: currency, detail: detail)
        } catch let e as FieldError {
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
        guard let text = f["instalment"], let instalment = try? Money.parse(text, currency: detail.record.currency),
            instalment.isPositive
        else { throw ConsoleError.invalid("errorInstalment") }
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

    struct FieldError: Error { var field: String }

    /// Reads the statement from the form; an amount that cannot be read names its field.
    static func statement(_ f: FormData, country: Country, currency: Currency, detail: CaseDetail) throws
        -> FinancialStatement
    {
        func amount(_ name: String) throws -> Money {
            guard let text = f[name] else { return .zero(currency) }
            guard let m = try? Money.parse(text.replacingOccurrences(of: ",", with: "."), currency: currency),
                m.minorUnits >= 0
            else { throw FieldError(field: name) }
            return m
        }
        func count(_ name: String, _ fallback: Int) throws -> Int {
            guard let text = f[name] else { return fallback }
            guard let n = Int(text), (0...20).contains(n) else { throw FieldError(field: name) }
            return n
        }
        let household = Household(
            adults: max(1, try count("adults", 1)), dependantsUnder16: try count("under16", 0),
            dependants16To18: try count("age16to18", 0), vehicles: try count("vehicles", 0),
            tenure: f["tenure"].flatMap(HousingTenure.init(rawValue:)) ?? .rent,
            employment: f["employment"].flatMap(EmploymentStatus.init(rawValue:)) ?? .employed)
        var priority: [DebtLine] = []
        let priorityPayment = try amount("priorityPayments")
        let priorityBalance = try amount("priorityBalance")
        if priorityPayment.isPositive || priorityBalance.isPositive {
            priority.append(
                DebtLine(creditor: "priority debts", balance: priorityBalance, monthlyPayment: priorityPayment))
        }
        var others = [
            DebtLine(
                creditor: detail.creditorName, balance: detail.snapshot.ledger.totalBalance,
                monthlyPayment: .zero(currency), isThisCreditor: true)
        ]
        let otherBalance = try amount("otherDebts")
        if otherBalance.isPositive {
            others.append(DebtLine(creditor: "other creditors", balance: otherBalance, monthlyPayment: .zero(currency)))
        }
        return FinancialStatement(
            country: country, currency: currency, household: household,
            income: try IncomeCategory.allCases.map { Line($0, try amount("income_\($0.rawValue)")) },
            fixedCosts: try FixedCostCategory.allCases.map { Line($0, try amount("fixed_\($0.rawValue)")) },
            flexibleCosts: try FlexibleCostCategory.allCases.map { Line($0, try amount("flex_\($0.rawValue)")) },
            savingsContribution: try amount("savings"), priorityDebts: priority, nonPriorityDebts: others,
            unanswered: f["incomplete"] != nil ? ["the customer could not give every figure"] : [])
    }

    private func page(_ detail: CaseDetail, form f: FormData, staff: StaffSession, result: [String: Any]?)
        -> Response
    {
        let t = services.views.text(staff.language)
        let fmt = ConsoleFormat(language: staff.language)
        let country = detail.record.country
        let household = Household(
            adults: Int(f["adults"] ?? "") ?? 1, dependantsUnder16: Int(f["under16"] ?? "") ?? 0,
            dependants16To18: Int(f["age16to18"] ?? "") ?? 0)
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
