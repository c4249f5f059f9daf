public enum HousingTenure: String, CaseIterable, Sendable, Codable, Hashable {
    case rent, mortgage, ownOutright, livingWithFamily, other
}

public enum EmploymentStatus: String, CaseIterable, Sendable, Codable, Hashable {
    case employed, selfEmployed, unemployed, retired, unableToWork, carer, student, other
}

/// Who lives in the household (Standard Financial Statement).
public struct Household: Sendable, Hashable, Codable {
    public var adults: Int
    public var dependantsUnder16: Int
    public var dependants16To18: Int
    public var otherMembers: Int
    public var vehicles: Int
    public var tenure: HousingTenure
    public var employment: EmploymentStatus

    public init(
        adults: Int = 1, dependantsUnder16: Int = 0, dependants16To18: Int = 0, otherMembers: Int = 0,
        vehicles: Int = 0, tenure: HousingTenure = .rent, employment: EmploymentStatus = .employed
    ) {
        self.adults = adults
        self.dependantsUnder16 = dependantsUnder16
        self.dependants16To18 = dependants16To18
        self.otherMembers = otherMembers
        self.vehicles = vehicles
        self.tenure = tenure
        self.employment = employment
    }

    public var dependants: Int { dependantsUnder16 + dependants16To18 }

    /// The key spending guidelines are listed by: `1A0C` … `2A3C` (adults capped at 2, children at 3).
    public var makeUpKey: String { "\(min(max(adults, 1), 2))A\(min(dependants, 3))C" }
}

public enum IncomeCategory: String, CaseIterable, Sendable, Codable, Hashable {
    case earnings, benefits, pensions, other
}

public enum FixedCostCategory: String, CaseIterable, Sendable, Codable, Hashable {
    case home, utilities, water, careAndHealth, transport, school, pensionsAndInsurance, professional, otherEssential
}

public enum FlexibleCostCategory: String, CaseIterable, Sendable, Codable, Hashable {
    case communicationsAndLeisure, foodAndHousekeeping, personal
}

public struct Line<Category: Sendable & Codable & Hashable>: Sendable, Hashable, Codable {
    public var category: Category
    public var monthly: Money

    public init(_ category: Category, _ monthly: Money) {
        self.category = category
        self.monthly = monthly
    }
}

/// A debt the customer owes. Priority debts (rent, tax, energy, council tax) carry a monthly payment that comes first.
public struct DebtLine: Sendable, Hashable, Codable {
    public var creditor: String
    public var balance: Money
    public var monthlyPayment: Money
    /// True for the debt this assessment is for.
    public var isThisCreditor: Bool

    public init(creditor: String, balance: Money, monthlyPayment: Money, isThisCreditor: Bool = false) {
        self.creditor = creditor
        self.balance = balance
        self.monthlyPayment = monthlyPayment
        self.isThisCreditor = isThisCreditor
    }
}

/// An income and expenditure statement in Standard Financial Statement structure. All amounts are monthly.
public struct FinancialStatement: Sendable, Hashable, Codable {
    public var country: Country
    public var currency: Currency
    public var household: Household
    public var income: [Line<IncomeCategory>]
    public var fixedCosts: [Line<FixedCostCategory>]
    public var flexibleCosts: [Line<FlexibleCostCategory>]
    public var savingsContribution: Money
    public var priorityDebts: [DebtLine]
    public var nonPriorityDebts: [DebtLine]
    /// Questions the customer could not or would not answer; any makes the statement incomplete.
    public var unanswered: [String]

    public init(
        country: Country, currency: Currency, household: Household = Household(),
        income: [Line<IncomeCategory>] = [], fixedCosts: [Line<FixedCostCategory>] = [],
        flexibleCosts: [Line<FlexibleCostCategory>] = [], savingsContribution: Money? = nil,
        priorityDebts: [DebtLine] = [], nonPriorityDebts: [DebtLine] = [], unanswered: [String] = []
    ) {
        self.country = country
        self.currency = currency
        self.household = household
        self.income = income
        self.fixedCosts = fixedCosts
        self.flexibleCosts = flexibleCosts
        self.savingsContribution = savingsContribution ?? .zero(currency)
        self.priorityDebts = priorityDebts
        self.nonPriorityDebts = nonPriorityDebts
        self.unanswered = unanswered
    }
}
