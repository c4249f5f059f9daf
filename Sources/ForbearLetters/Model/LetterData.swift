import ForbearCore

/// A person or organisation a letter names: the customer, the creditor, or the collector.
public struct LetterParty: Sendable, Hashable, Codable {
    public var name: String
    public var addressLines: [String]
    /// The trade register number (BE letters must carry the creditor's company number).
    public var companyNumber: String?
    public var phone: String?
    public var email: String?

    public init(
        name: String, addressLines: [String], companyNumber: String? = nil, phone: String? = nil, email: String? = nil
    ) {
        self.name = name
        self.addressLines = addressLines
        self.companyNumber = companyNumber
        self.phone = phone
        self.email = email
    }
}

/// The organisation that collects and signs the letters, with where the customer pays and gets in touch.
public struct Collector: Sendable, Hashable, Codable {
    public var party: LetterParty
    /// The sender line shown in the envelope window: in BE and IT it must not hint at debt collection.
    public var windowName: String
    /// The self-service portal, where the customer can pay, plan, pause, dispute or ask.
    public var portal: String
    /// Where to pay, per currency (EUR → a euro account, DKK → a Danish one …).
    public var accounts: [String: String]
    public var bic: String?

    public init(party: LetterParty, windowName: String, portal: String, accounts: [String: String], bic: String? = nil)
    {
        self.party = party
        self.windowName = windowName
        self.portal = portal
        self.accounts = accounts
        self.bic = bic
    }
}

/// One claim the letter is about: what it is based on.
public struct LetterClaim: Sendable, Hashable, Codable {
    public var reference: String
    public var description: String
    public var invoiceDate: LocalDate?
    public var dueDate: LocalDate
    public var originalCreditor: String?
    public var principal: Money

    public init(
        reference: String, description: String, invoiceDate: LocalDate? = nil, dueDate: LocalDate,
        originalCreditor: String? = nil, principal: Money
    ) {
        self.reference = reference
        self.description = description
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
        self.originalCreditor = originalCreditor
        self.principal = principal
    }
}

/// A cost charged to the customer, with its name in the letter's language.
public struct LetterCost: Sendable, Hashable, Codable {
    public var name: String
    public var amount: Money

    public init(name: String, amount: Money) {
        self.name = name
        self.amount = amount
    }
}

/// A payment plan as a confirmation letter states it.
public struct LetterPlan: Sendable, Hashable, Codable {
    public var instalment: Money
    public var count: Int
    public var firstDate: LocalDate
    public var lastDate: LocalDate

    public init(instalment: Money, count: Int, firstDate: LocalDate, lastDate: LocalDate) {
        self.instalment = instalment
        self.count = count
        self.firstDate = firstDate
        self.lastDate = lastDate
    }
}

/// A free service the letter points to.
public struct LetterHelp: Sendable, Hashable, Codable {
    public var name: String
    public var contact: String

    public init(name: String, contact: String) {
        self.name = name
        self.contact = contact
    }
}

/// Everything one letter says about one case, in plain values. The templates turn it into words; nothing here is
/// formatted yet, so the same data gives a letter in any language.
public struct LetterData: Sendable, Hashable, Codable {
    public var templateId: String
    public var country: Country
    public var language: Language
    public var date: LocalDate
    public var caseNumber: Int64
    public var customer: LetterParty
    public var creditor: LetterParty
    public var collector: Collector
    public var claims: [LetterClaim]
    public var principal: Money
    public var interest: Money
    public var costs: [LetterCost]
    public var paymentReference: PaymentReferenceText
    /// The last day to pay or object, computed by the rule pack for this step and channel.
    public var deadline: LocalDate?
    /// The step's own name in the country (for step letters).
    public var stepName: String?
    /// What the next step would cost if nothing is paid by the deadline (NL: the exact collection costs).
    public var upcomingCost: LetterCost?
    public var plan: LetterPlan?
    /// The day a pause or breathing space ends.
    public var pauseUntil: LocalDate?
    public var debtAdvice: [LetterHelp]
    public var crisisLine: LetterHelp?
    public var easyRead: Bool
    public var largePrint: Bool
    /// Set on the copy sent to a representative: who receives it.
    public var copyFor: LetterParty?

    public init(
        templateId: String, country: Country, language: Language, date: LocalDate, caseNumber: Int64,
        customer: LetterParty, creditor: LetterParty, collector: Collector, claims: [LetterClaim], principal: Money,
        interest: Money, costs: [LetterCost], paymentReference: PaymentReferenceText, deadline: LocalDate? = nil,
        stepName: String? = nil, upcomingCost: LetterCost? = nil, plan: LetterPlan? = nil, pauseUntil: LocalDate? = nil,
        debtAdvice: [LetterHelp] = [], crisisLine: LetterHelp? = nil, easyRead: Bool = false, largePrint: Bool = false,
        copyFor: LetterParty? = nil
    ) {
        self.templateId = templateId
        self.country = country
        self.language = language
        self.date = date
        self.caseNumber = caseNumber
        self.customer = customer
        self.creditor = creditor
        self.collector = collector
        self.claims = claims
        self.principal = principal
        self.interest = interest
        self.costs = costs
        self.paymentReference = paymentReference
        self.deadline = deadline
        self.stepName = stepName
        self.upcomingCost = upcomingCost
        self.plan = plan
        self.pauseUntil = pauseUntil
        self.debtAdvice = debtAdvice
        self.crisisLine = crisisLine
        self.easyRead = easyRead
        self.largePrint = largePrint
        self.copyFor = copyFor
    }

    public var currency: Currency { principal.currency }

    /// Principal, interest and costs: what the customer owes today.
    public var total: Money {
        Money(
            minorUnits: principal.minorUnits + interest.minorUnits + costs.reduce(0) { $0 + $1.amount.minorUnits },
            currency: currency)
    }

    /// The account the customer pays into, for the case's currency.
    public var iban: String? { collector.accounts[currency.rawValue] }
}

/// A payment reference as stored (electronic form) and as printed (in groups).
public struct PaymentReferenceText: Sendable, Hashable, Codable {
    public var value: String
    public var printed: String

    public init(value: String, printed: String) {
        self.value = value
        self.printed = printed
    }

    public init(_ reference: PaymentReference) {
        self.init(value: reference.value, printed: reference.printed)
    }
}
