import ForbearCore

extension LetterData {
    /// The named fields a template can use, every value already formatted for the letter's language.
    /// Sections (`{{#claims}}…{{/claims}}`) iterate arrays; a missing optional value is simply absent.
    public var context: [String: Any] {
        let lang = language
        func money(_ m: Money) -> String { LetterFormat.money(m, lang) }
        func date(_ d: LocalDate) -> String { LetterFormat.date(d, lang) }
        func party(_ p: LetterParty) -> [String: Any] {
            var out: [String: Any] = [
                "name": p.name, "address": p.addressLines.joined(separator: ", "), "addressLines": p.addressLines,
            ]
            out["companyNumber"] = p.companyNumber
            out["phone"] = p.phone.map(LetterFormat.unbreakable)
            out["email"] = p.email
            return out
        }
        var collectorFields = party(collector.party)
        collectorFields["windowName"] = collector.windowName
        collectorFields["portal"] = collector.portal
        collectorFields["bic"] = collector.bic
        var c: [String: Any] = [
            "date": date(self.date),
            "caseNumber": String(caseNumber),
            "customer": party(customer),
            "creditor": party(creditor),
            "collector": collectorFields,
            "claims": claims.map { claim -> [String: Any] in
                var out: [String: Any] = [
                    "reference": claim.reference, "description": claim.description, "dueDate": date(claim.dueDate),
                    "principal": money(claim.principal),
                ]
                out["invoiceDate"] = claim.invoiceDate.map(date)
                out["originalCreditor"] = claim.originalCreditor
                return out
            },
            "principal": money(principal),
            "interest": money(interest),
            "costs": costs.map { ["name": $0.name, "amount": money($0.amount)] },
            "total": money(total),
            "reference": LetterFormat.unbreakable(paymentReference.printed),
            "easyRead": easyRead,
        ]
        c["iban"] = iban.map(LetterFormat.iban)
        c["deadline"] = deadline.map(date)
        c["stepName"] = stepName
        c["upcomingCost"] = upcomingCost.map { ["name": $0.name, "amount": money($0.amount)] }
        c["plan"] = plan.map {
            [
                "instalment": money($0.instalment), "count": String($0.count), "firstDate": date($0.firstDate),
                "lastDate": date($0.lastDate),
            ]
        }
        c["pauseUntil"] = pauseUntil.map(date)
        c["hasDebtAdvice"] = !debtAdvice.isEmpty
        // An empty contact is left out, so `{{#contact}}` is false for a service known only by name.
        c["debtAdvice"] = debtAdvice.map {
            $0.contact.isEmpty ? ["name": $0.name] : ["name": $0.name, "contact": $0.contact]
        }
        c["crisisLine"] = crisisLine.map { ["name": $0.name, "contact": $0.contact] }
        c["copyFor"] = copyFor.map(party)
        return c
    }
}
