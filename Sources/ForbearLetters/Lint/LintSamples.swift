import ForbearCore

/// Synthetic cases the lint fills every template with, one per country: distinctive values, so a value missing
/// from the page is noticed, and amounts that make every row non-zero.
public enum LintSamples {
    static let people: [Country: (name: String, address: [String])] = [
        .FI: ("Aino Virtanen", ["Koivukuja 7 B 12", "33100 Tampere"]),
        .NL: ("Sanne de Vries", ["Lindenlaan 42", "3521 AB Utrecht"]),
        .BE: ("Lotte Peeters", ["Kerkstraat 18", "9000 Gent"]),
        .DK: ("Mette Nielsen", ["Bøgevej 3, 2. tv.", "8000 Aarhus C"]),
        .IT: ("Giulia Romano", ["Via dei Tigli 9", "40121 Bologna BO"]),
        .GB: ("Emma Clarke", ["14 Rowan Close", "Leeds LS6 2QT"]),
    ]
    static let creditors: [Country: LetterParty] = [
        .FI: LetterParty(name: "Kuusi Sähkö Oy", addressLines: ["Teollisuuskatu 21", "00510 Helsinki"]),
        .NL: LetterParty(name: "Polderwater B.V.", addressLines: ["Havenweg 8", "1013 AA Amsterdam"]),
        .BE: LetterParty(
            name: "Scheldenet NV", addressLines: ["Noorderlaan 120", "2030 Antwerpen"],
            companyNumber: "BE 0412.345.678"),
        .DK: LetterParty(name: "Fjordtele A/S", addressLines: ["Havnegade 10", "5000 Odense C"]),
        .IT: LetterParty(name: "Luce Alpina S.p.A.", addressLines: ["Corso Francia 55", "10138 Torino TO"]),
        .GB: LetterParty(name: "Thames Home Energy Ltd", addressLines: ["2 Wharf Street", "Reading RG1 1AA"]),
    ]

    public static let collector = Collector(
        party: LetterParty(
            name: "Forbear Demo Services", addressLines: ["Postbox 100", "00101 Helsinki"], phone: "+358 9 4000 1000",
            email: "help@forbear.example"),
        windowName: "Forbear Demo Services", portal: "https://forbear.example/portal",
        accounts: [
            "EUR": "FI2112345600000785", "DKK": "DK5000400440116243", "GBP": "GB82WEST12345698765432",
        ])

    /// A sample letter for `templateId` in `country`, written in `language`.
    public static func data(
        templateId: String, country: Country, language: Language, pack: RulePack, signposts: SignpostDirectory,
        easyRead: Bool = false
    ) -> LetterData {
        let currency = pack.primaryCurrency
        let date = LocalDate(year: 2026, month: 11, day: 23)!
        let principal = Money(minorUnits: 48_250, currency: currency)
        let step = pack.steps.first { $0.kind.rawValue == templateId }
        var costs: [LetterCost] = []
        if let feeId = step?.feeId, let quote = try? pack.quote(feeId: feeId, base: principal) {
            costs.append(
                LetterCost(name: LetterFacts.feeName(pack, feeId: feeId, language: language), amount: quote.amount))
        }
        let help = LetterFacts.help(signposts, country: country, language: language)
        let person = people[country] ?? people[.GB]!
        return LetterData(
            templateId: templateId, country: country, language: language, date: date, caseNumber: 104_729,
            customer: LetterParty(name: person.name, addressLines: person.address),
            creditor: creditors[country] ?? creditors[.GB]!, collector: collector,
            claims: [
                LetterClaim(
                    reference: "INV-2026-0917", description: "Electricity 1.7.–30.9.2026",
                    invoiceDate: LocalDate(year: 2026, month: 9, day: 17)!,
                    dueDate: LocalDate(year: 2026, month: 10, day: 1)!, principal: principal)
            ],
            principal: principal, interest: Money(minorUnits: 387, currency: currency), costs: costs,
            paymentReference: PaymentReferenceText(PaymentReference.forCase(number: 104_729, country: country)),
            deadline: date.adding(days: 14), stepName: step?.names[language.rawValue],
            upcomingCost: step.flatMap {
                LetterFacts.upcomingCost(pack, after: $0.id, base: principal, language: language)
            },
            plan: LetterPlan(
                instalment: Money(minorUnits: 5_000, currency: currency), count: 10,
                firstDate: date.adding(days: 10), lastDate: date.adding(days: 10).adding(months: 9)),
            pauseUntil: date.adding(days: 30), debtAdvice: help.advice, crisisLine: help.crisis, easyRead: easyRead)
    }
}
