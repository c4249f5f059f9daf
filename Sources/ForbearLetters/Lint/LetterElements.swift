import ForbearCore

/// The mandatory letter elements the rule packs name (`mandatoryLetterElements`), each with how the lint sees it
/// on a rendered letter: the values it must show, and for wording (consequences, the right to object, options) the
/// `@ element` mark the template puts before the text that gives it.
public struct LetterElement: Sendable {
    public var id: String
    /// What is missing, said to the person fixing the template.
    public var missing: String
    public var fix: String
    /// Needs the template's `@ id` mark (elements made of wording rather than values).
    public var needsMark: Bool
    /// The values that must appear, from the letter's data, formatted as the letter prints them.
    public var values: @Sendable (LetterData) -> [String]

    public static let all: [String: LetterElement] = Dictionary(
        uniqueKeysWithValues: catalogue.map { ($0.id, $0) })

    /// Notices (plan, pause, dispute, paid in full) must say who writes and where free help is.
    public static let noticeElements = ["collector_name_address", "free_help"]

    static let catalogue: [LetterElement] = {
        // Data the law requires but the case lacks can never appear on the page, so the check fails and says so.
        @Sendable func needed(_ value: String?, _ what: String) -> String { value ?? "\u{1}(no \(what) on file)" }
        @Sendable func m(_ d: LetterData, _ money: Money) -> String { LetterFormat.money(money, d.language) }
        @Sendable func date(_ d: LetterData, _ day: LocalDate?) -> [String] {
            [needed(day.map { LetterFormat.date($0, d.language) }, "deadline")]
        }
        let claims: @Sendable (LetterData) -> [String] = { d in d.claims.map(\.description) }
        let costs: @Sendable (LetterData) -> [String] = { d in d.costs.flatMap { [$0.name, m(d, $0.amount)] } }
        return [
            LetterElement(
                id: "creditor_name_address", missing: "the creditor's name and address are missing",
                fix: "print {{creditor.name}} and {{creditor.address}}", needsMark: false,
                values: { [$0.creditor.name, needed($0.creditor.addressLines.first, "creditor address")] }),
            LetterElement(
                id: "creditor_company_number", missing: "the creditor's company number is missing",
                fix: "print {{creditor.companyNumber}} next to the creditor's name", needsMark: false,
                values: { [needed($0.creditor.companyNumber, "company number")] }),
            LetterElement(
                id: "collector_name_address", missing: "the collector's name and address are missing",
                fix: "print {{collector.name}} and {{collector.address}}", needsMark: false,
                values: {
                    [$0.collector.party.name, needed($0.collector.party.addressLines.first, "collector address")]
                }),
            LetterElement(
                id: "basis_of_claim", missing: "the letter does not say what the claim is based on",
                fix: "list each claim with {{#claims}}{{description}} {{reference}}{{/claims}}", needsMark: false,
                values: claims),
            LetterElement(
                id: "claim_description", missing: "the claim's description is missing",
                fix: "list each claim with {{#claims}}{{description}}{{/claims}}", needsMark: false, values: claims),
            LetterElement(
                id: "claim_information", missing: "the customer cannot assess the claim: its description is missing",
                fix: "list each claim with {{#claims}}{{description}}, {{dueDate}}{{/claims}}", needsMark: false,
                values: claims),
            LetterElement(
                id: "due_date", missing: "the claim's original due date is missing",
                fix: "print {{dueDate}} inside {{#claims}}…{{/claims}}", needsMark: false,
                values: { d in d.claims.map { LetterFormat.date($0.dueDate, d.language) } }),
            LetterElement(
                id: "principal", missing: "the principal is not shown", fix: "add a row | … | {{principal}}",
                needsMark: false, values: { [m($0, $0.principal)] }),
            LetterElement(
                id: "interest", missing: "the interest is not shown", fix: "add a row | … | {{interest}}",
                needsMark: false, values: { [m($0, $0.interest)] }),
            LetterElement(
                id: "late_interest", missing: "the late-payment interest is not shown",
                fix: "add a row | … | {{interest}} naming it late-payment interest", needsMark: false,
                values: { [m($0, $0.interest)] }),
            LetterElement(
                id: "costs_itemised", missing: "the costs are not itemised",
                fix: "add {{#costs}}| {{name}} | {{amount}}{{/costs}}", needsMark: false, values: costs),
            LetterElement(
                id: "damages_claimed", missing: "the damages (costs) claimed are not shown",
                fix: "add {{#costs}}| {{name}} | {{amount}}{{/costs}}", needsMark: false, values: costs),
            LetterElement(
                id: "exact_costs", missing: "the exact amount of the collection costs is not stated",
                fix: "state {{upcomingCost.amount}} (what is charged if not paid) or the costs rows",
                needsMark: false,
                values: { d in d.upcomingCost.map { [m(d, $0.amount)] } ?? costs(d) }),
            LetterElement(
                id: "total_due", missing: "the total is not shown", fix: "end the amounts with | … | {{total}}",
                needsMark: false, values: { [m($0, $0.total)] }),
            LetterElement(
                id: "payee", missing: "the letter does not say to whom to pay",
                fix: "name {{collector.name}} with the account {{iban}}", needsMark: false,
                values: {
                    [$0.collector.party.name, needed($0.iban.map(LetterFormat.iban), "account for \($0.currency)")]
                }),
            LetterElement(
                id: "how_to_pay", missing: "the letter does not say how to pay",
                fix: "print the account {{iban}} and the payment reference {{reference}}", needsMark: false,
                values: {
                    ($0.iban.map { [LetterFormat.iban($0)] } ?? []) + [
                        LetterFormat.unbreakable($0.paymentReference.printed)
                    ]
                }),
            LetterElement(
                id: "pay_by_date", missing: "the letter does not say by when to pay",
                fix: "print {{deadline}}", needsMark: false,
                values: { date($0, $0.deadline) }),
            LetterElement(
                id: "term", missing: "the term to pay is not stated", fix: "print {{deadline}}", needsMark: false,
                values: { date($0, $0.deadline) }),
            LetterElement(
                id: "right_to_object", missing: "the right to object (how, to whom, by when) is missing",
                fix: "add a paragraph after \"@ right_to_object\" with {{deadline}} and {{collector.phone}}",
                needsMark: true,
                values: {
                    date($0, $0.deadline) + ($0.collector.party.phone.map { [LetterFormat.unbreakable($0)] } ?? [])
                }),
            LetterElement(
                id: "consequences_of_non_payment", missing: "the consequences of not paying are not stated",
                fix: "add a plain paragraph after \"@ consequences_of_non_payment\"", needsMark: true,
                values: { _ in [] }),
            LetterElement(
                id: "customer_options", missing: "the customer's options (pay, plan, pause, dispute, ask) are missing",
                fix: "add the options after \"@ customer_options\" with {{collector.portal}}", needsMark: true,
                values: { [$0.collector.portal] }),
            LetterElement(
                id: "free_help", missing: "free debt advice is not signposted",
                fix: "add {{#debtAdvice}}{{name}} {{contact}}{{/debtAdvice}}", needsMark: false,
                values: { d in
                    // Where no free debt advice is verified (IT), the crisis line is the free help printed.
                    [d.debtAdvice.first?.name ?? d.crisisLine?.name ?? "free help for \(d.country.rawValue)"]
                }),
        ]
    }()
}
