import ForbearCore
import ForbearStore
import Foundation

/// The affordability check and agreeing a plan, as the console and the portal both do it: the check is stored on
/// the case with a timeline event and an audit entry, and a plan is only ever agreed against the affordable amount
/// that check stored, never an amount sent with a form.
struct AffordabilityService: Sendable {
    let services: Services

    /// Assesses the statement, stores the summary, and proposes a plan when one is affordable.
    func assess(_ statement: FinancialStatement, detail: CaseDetail, actor: String, auditActor: String) async throws
        -> (assessment: AffordabilityAssessment, proposal: PlanProposal?)
    {
        let today = services.today()
        guard let pack = services.packs.pack(for: detail.record.country, on: today) else {
            throw ConsoleError.invalid("errorNoPack")
        }
        let policy = CreditorPolicy.standard(detail.record.currency)
        let a = try services.affordability.assess(statement, pack: pack, policy: policy, on: today)
        try await services.cases.setAffordability(a.summary, caseId: detail.record.id)
        try await services.events.add(
            caseId: detail.record.id, actor: actor, kind: "affordability",
            text: "Verdict \(a.outcome.verdict.rawValue)"
                + (a.summary.affordableMonthly.map { ", \($0.decimalString) a month" } ?? "")
                + ". " + a.reasons.map(\.text).joined(separator: " "))
        try await services.access.audit(
            actor: auditActor, action: "affordability.assess", subjectType: "case", subjectId: detail.record.id)
        let proposal = try? PaymentPlanner(policy: policy).propose(
            balance: detail.snapshot.ledger.totalBalance, assessment: a, frequency: .monthly,
            start: today.adding(days: 7), pack: pack)
        return (a, proposal)
    }

    enum AgreeError: Error {
        /// No affordable amount is stored: the check comes first.
        case assessFirst
        case refused(PlanRefusal)
    }

    /// Agrees a plan at `instalment` against the stored affordable amount, and stores it.
    func agree(
        detail: CaseDetail, instalment: Money, frequency: PlanFrequency, start: LocalDate, actor: String,
        auditActor: String
    ) async throws -> PlanProposal {
        let today = services.today()
        guard let summary = detail.snapshot.affordability, let affordable = summary.affordableMonthly,
            summary.verdict == .affordable
        else { throw AgreeError.assessFirst }
        guard let pack = services.packs.pack(for: detail.record.country, on: today) else {
            throw ConsoleError.invalid("errorNoPack")
        }
        let policy = CreditorPolicy.standard(detail.record.currency)
        let proposal: PlanProposal
        do {
            proposal = try PaymentPlanner(policy: policy).plan(
                balance: detail.snapshot.ledger.totalBalance, instalment: instalment, frequency: frequency,
                start: start, affordableMonthly: affordable, pack: pack)
        } catch {
            throw AgreeError.refused(error)
        }
        let plan = PaymentPlan(
            id: UUID().uuidString.lowercased(), proposal: proposal, policy: policy, acceptedOn: today)
        try await services.cases.setPlan(plan, caseId: detail.record.id)
        try await services.cases.queueNotice("planConfirmation", caseId: detail.record.id, on: today)
        try await services.events.add(
            caseId: detail.record.id, actor: actor, kind: "planAccepted",
            text: proposal.reasons.map(\.text).joined(separator: " "))
        try await services.access.audit(
            actor: auditActor, action: "plan.accept", subjectType: "case", subjectId: detail.record.id)
        return proposal
    }
}
