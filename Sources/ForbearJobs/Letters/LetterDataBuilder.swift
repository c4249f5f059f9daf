import ForbearCore
import ForbearLetters
import ForbearStore

/// Turns a queued message and its case into the plain values a letter prints.
struct LetterDataBuilder: Sendable {
    var collector: Collector
    var signposts: SignpostDirectory

    /// The template a message uses: a step's kind (`FI.demand` → `demand`), or the message's own id for notices.
    static func templateId(_ stepId: String, pack: RulePack) -> String {
        pack.step(stepId)?.kind.rawValue ?? stepId
    }

    func data(_ message: PendingCommunication, _ d: LetterCaseDetails, pack: RulePack) -> LetterData {
        let snapshot = d.loaded.snapshot
        let ledger = snapshot.ledger
        let language =
            d.adjustments.language ?? Language(rawValue: d.customerLanguage) ?? pack.primaryLanguage
        let principal = ledger.balance(of: .principal)
        let help = LetterFacts.help(signposts, country: snapshot.country, language: language)
        let plan = d.loaded.plan.flatMap { p -> LetterPlan? in
            guard let first = p.instalments.first, let last = p.instalments.last else { return nil }
            return LetterPlan(
                instalment: first.amount, count: p.instalments.count, firstDate: first.due, lastDate: last.due)
        }
        let pauseUntil = snapshot.holds.filter { $0.liftedOn == nil }.compactMap(\.effectiveEnd).max()
        return LetterData(
            templateId: Self.templateId(message.stepId, pack: pack), country: snapshot.country, language: language,
            date: message.date, caseNumber: d.loaded.record.number,
            customer: LetterParty(name: d.customerName, addressLines: d.customerAddress),
            creditor: LetterParty(
                name: d.creditorName,
                addressLines: d.creditorAddress.map { $0.split(separator: ",").map { $0.trimmingWhitespace() } } ?? [],
                companyNumber: d.creditorCompanyNumber),
            collector: collector,
            claims: ledger.claimsOldestFirst.map { claim in
                let extra = d.claimExtras[claim.id]
                return LetterClaim(
                    reference: claim.reference, description: claim.description, invoiceDate: extra?.invoiceDate,
                    dueDate: claim.dueDate, originalCreditor: extra?.originalCreditor ?? nil,
                    principal: ledger.balance(claimId: claim.id, component: .principal))
            },
            principal: principal, interest: ledger.balance(of: .interest), costs: Self.costs(ledger, pack, language),
            paymentReference: PaymentReferenceText(
                value: d.loaded.record.paymentReference,
                printed: PaymentReference(parsing: d.loaded.record.paymentReference)?.printed
                    ?? d.loaded.record.paymentReference),
            deadline: message.deadline ?? message.date.adding(days: 14),
            stepName: pack.step(message.stepId)?.names[language.rawValue],
            upcomingCost: LetterFacts.upcomingCost(pack, after: message.stepId, base: principal, language: language),
            plan: plan, pauseUntil: pauseUntil, debtAdvice: help.advice, crisisLine: help.crisis,
            easyRead: d.adjustments.easyRead, largePrint: d.adjustments.largePrint)
    }

    static func costs(_ ledger: Ledger, _ pack: RulePack, _ language: Language) -> [LetterCost] {
        ledger.unpaidCosts.map {
            LetterCost(name: LetterFacts.feeName(pack, feeId: $0.ruleId, language: language), amount: $0.amount)
        }
    }
}
