import ForbearCore
import ForbearStore

/// The API's view of a case. Money is `{"amount": "625.00", "currency": "EUR"}`; no health detail is ever here.
/// The API writes it with `json()`; its `Encodable` form is the reference that `CaseDTOJSONTests` holds `json()` to.
struct CaseDTO: Encodable {
    struct Customer: Encodable {
        var id, customerRef, firstName, lastName, city, country, language: String
    }
    struct ClaimDTO: Encodable {
        var id, claimRef, description, dueDate: String
        var principal: Money
        var interestRate: String?
    }
    struct Balance: Encodable {
        var principal, interest, fee, planFee, total, credit: Money
    }
    struct HoldDTO: Encodable {
        var id, kind, start: String
        var end, liftedOn: String?
        var reason: String
        var active: Bool
    }
    struct DecisionDTO: Encodable {
        var date, action: String
        var details: Action
        var reasons: [Reason]
    }
    struct CommunicationDTO: Encodable {
        var stepId: String
        var occurrence: Int
        var date, channel, status: String
        var deadline: String?
    }
    struct Reference: Encodable { var value, printed: String }

    var id: String
    var number: Int64
    var status: String
    var country: String
    var currency: String
    var creditor: String
    var sector: String?
    var handleWithCare: Bool
    var paymentReference: Reference
    var customer: Customer
    var claims: [ClaimDTO]
    var balance: Balance
    var holds: [HoldDTO]
    var decisions: [DecisionDTO]
    var communications: [CommunicationDTO]

    init(_ d: CaseDetail, today: LocalDate) {
        let r = d.record
        let l = d.snapshot.ledger
        id = r.id
        number = r.number
        status = r.status
        country = r.country.rawValue
        currency = r.currency.rawValue
        creditor = d.creditorName
        sector = r.sector
        handleWithCare = r.handleWithCare
        let ref = PaymentReference(parsing: r.paymentReference)
        paymentReference = Reference(value: r.paymentReference, printed: ref?.printed ?? r.paymentReference)
        customer = Customer(
            id: d.customer.id, customerRef: d.customer.customerRef, firstName: d.customer.firstName,
            lastName: d.customer.lastName, city: d.customer.city, country: d.customer.country.rawValue,
            language: d.customer.language)
        claims = l.claims.map { c in
            let principal = l.entries.filter { $0.claimId == c.id && $0.kind == .charge && $0.component == .principal }
                .reduce(Money.zero(l.currency)) { (try? $0.plus($1.amount)) ?? $0 }
            return ClaimDTO(
                id: c.id, claimRef: c.reference, description: c.description, dueDate: c.dueDate.iso,
                principal: principal,
                interestRate: c.annualInterestBasisPoints.map { Money(minorUnits: $0, currency: .EUR).decimalString })
        }
        balance = Balance(
            principal: l.balance(of: .principal), interest: l.balance(of: .interest), fee: l.balance(of: .fee),
            planFee: l.balance(of: .planFee), total: l.totalBalance, credit: l.credit)
        holds = d.snapshot.holds.map {
            HoldDTO(
                id: $0.id, kind: $0.kind.rawValue, start: $0.start.iso, end: $0.end?.iso, liftedOn: $0.liftedOn?.iso,
                reason: $0.reason, active: $0.isActive(on: today))
        }
        decisions = d.decisions.map { s in
            DecisionDTO(
                date: s.date.iso, action: s.action.name, details: s.action, reasons: s.reasons)
        }
        communications = d.communications.map {
            CommunicationDTO(
                stepId: $0.stepId, occurrence: $0.occurrence, date: $0.date.iso, channel: $0.channel.rawValue,
                status: $0.status, deadline: $0.deadline?.iso)
        }
    }
}

struct CaseListDTO: Encodable {
    struct Item: Encodable {
        var id: String
        var number: Int64
        var status, country, creditor, paymentReference: String
        var balance: Money
    }
    var items: [Item]
    var nextCursor: String?
}
