import ForbearCore
import ForbearStore

public struct CycleReport: Sendable, Equatable {
    public var date: LocalDate
    public var casesDecided = 0
    public var decisions: [String: Int] = [:]
    public var summary: String {
        let parts = decisions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return "\(date.iso): \(casesDecided) cases decided"
            + (parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")")
    }
}

/// The daily cycle: pages through open cases not yet decided for the date, asks the strategy engine, and stores
/// each decision with its reasons, the fees and interest, and the letters to send, exactly once per case and date.
public struct DailyCycle: Sendable {
    public let cases: CaseStore
    public let packs: RulePackLibrary
    public var engine: StrategyEngine
    public var pageSize: Int

    public init(
        cases: CaseStore, packs: RulePackLibrary, engine: StrategyEngine = StrategyEngine(), pageSize: Int = 500
    ) {
        self.cases = cases
        self.packs = packs
        self.engine = engine
        self.pageSize = pageSize
    }

    public func run(on date: LocalDate, progress: (CycleReport) -> Void = { _ in }) async throws -> CycleReport {
        var report = CycleReport(date: date)
        var after: Int64 = 0
        while true {
            let page = try await cases.openCasesToDecide(on: date, after: after, limit: pageSize)
            guard let last = page.last else { break }
            after = last.record.number
            var results: [CaseStore.DayResult] = []
            results.reserveCapacity(page.count)
            for loaded in page {
                guard
                    let pack = packs.pack(for: loaded.record.country, on: date)
                        ?? packs.latest(for: loaded.record.country)
                else { continue }
                var snapshot = loaded.snapshot
                var planDecisions: [Decision] = []
                var plan = loaded.plan
                if var p = plan, p.state == .active || p.state == .atRisk {
                    planDecisions = Self.monitor(&p, snapshot: snapshot, on: date)
                    try snapshot.apply(planDecisions, on: date)
                    plan = p
                }
                let decisions = planDecisions + engine.decide(snapshot, on: date, pack: pack)
                var after = loaded.snapshot
                try after.apply(decisions, on: date)
                results.append(CaseStore.DayResult(loaded: loaded, after: after, decisions: decisions, plan: plan))
            }
            let written = try await cases.saveDay(results, on: date)
            report.casesDecided += written.count
            for r in results where written.contains(r.loaded.record.id) {
                for d in r.decisions { report.decisions[d.action.name, default: 0] += 1 }
            }
            progress(report)
        }
        return report
    }

    /// Brings a plan up to date with the money received since it was accepted, then reviews it: a nudge for a late
    /// instalment, a review offer when it is at risk, broken only after that, completed when paid.
    static func monitor(_ plan: inout PaymentPlan, snapshot: CaseSnapshot, on date: LocalDate) -> [Decision] {
        let received = snapshot.ledger.payments
            .filter { $0.reversedOn == nil && $0.payment.date >= plan.acceptedOn && $0.payment.date <= date }
            .reduce(Int64(0)) { $0 + $1.payment.amount.minorUnits }
        plan.settle(totalPaid: Money(minorUnits: received, currency: snapshot.ledger.currency))
        return plan.review(on: date).map { event, reason in Decision(.plan(event), reasons: [reason]) }
    }
}
