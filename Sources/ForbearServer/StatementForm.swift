import ForbearCore
import ForbearStore

/// The income and expenditure form as the console and the portal both name its fields (`adults`, `income_earnings`,
/// `fixed_home`, `flex_personal`, `priorityPayments`, `otherDebts` …), read into a Standard Financial Statement.
enum StatementForm {
    /// A figure that cannot be read, by the name of its field.
    struct FieldError: Error { var field: String }

    static func household(_ f: FormData) throws -> Household {
        func count(_ name: String, _ fallback: Int) throws -> Int {
            guard let text = f[name] else { return fallback }
            guard let n = Int(text), (0...20).contains(n) else { throw FieldError(field: name) }
            return n
        }
        return Household(
            adults: max(1, try count("adults", 1)), dependantsUnder16: try count("under16", 0),
            dependants16To18: try count("age16to18", 0), vehicles: try count("vehicles", 0),
            tenure: f["tenure"].flatMap(HousingTenure.init(rawValue:)) ?? .rent,
            employment: f["employment"].flatMap(EmploymentStatus.init(rawValue:)) ?? .employed)
    }

    /// The statement for `detail`'s case; a blank figure is zero, one that cannot be read names its field.
    static func statement(_ f: FormData, detail: CaseDetail) throws -> FinancialStatement {
        let currency = detail.record.currency
        func amount(_ name: String) throws -> Money {
            guard f[name] != nil else { return .zero(currency) }
            guard let m = f.money(name, currency: currency), m.minorUnits >= 0 else { throw FieldError(field: name) }
            return m
        }
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
            country: detail.record.country, currency: currency, household: try household(f),
            income: try IncomeCategory.allCases.map { Line($0, try amount("income_\($0.rawValue)")) },
            fixedCosts: try FixedCostCategory.allCases.map { Line($0, try amount("fixed_\($0.rawValue)")) },
            flexibleCosts: try FlexibleCostCategory.allCases.map { Line($0, try amount("flex_\($0.rawValue)")) },
            savingsContribution: try amount("savings"), priorityDebts: priority, nonPriorityDebts: others,
            unanswered: f["incomplete"] != nil ? ["the customer could not give every figure"] : [])
    }
}
