import Foundation
import Testing

@testable import ForbearCore

/// Property tests over random cases and event sequences: whatever happens, no payment request, fee or interest on
/// a day a hold forbids it; balances equal charges minus allocations; no fee above its cap; no step twice; every
/// payment fully allocated. Replay a failure with FORBEAR_PROPERTY_SEED.
@Suite struct NoHarmPropertyTests {
    static let shards = 4
    static let casesPerShard = 2_500
    static let days = 90
    static let seed: UInt64 =
        ProcessInfo.processInfo.environment["FORBEAR_PROPERTY_SEED"].flatMap(UInt64.init) ?? 20_261_123

    struct Tally {
        var cases = 0, events = 0, decisions = 0, letters = 0, fees = 0, accruals = 0, holdDays = 0, payments = 0
    }

    @Test(arguments: 0..<shards)
    func invariantsHoldForRandomCasesAndEvents(shard: Int) throws {
        var rng = SplitMix64(seed: Self.seed &+ UInt64(shard) &* 0x1000_0000)
        var tally = Tally()
        for n in 0..<Self.casesPerShard {
            try runCase(id: "s\(shard)-\(n)", rng: &rng, tally: &tally)
        }
        print(
            "no-harm property (shard \(shard + 1)/\(Self.shards), seed \(Self.seed)): \(tally.cases) cases, \(tally.events) events over \(Self.days) days each, \(tally.decisions) decisions checked (\(tally.letters) letters, \(tally.fees) fees, \(tally.accruals) interest accruals, \(tally.payments) payments, \(tally.holdDays) case-days under a hold)"
        )
        #expect(tally.cases == Self.casesPerShard)
        #expect(
            tally.letters > 0 && tally.fees > 0 && tally.accruals > 0 && tally.holdDays > 0,
            "the generator exercises every path")
    }

    func runCase(id: String, rng: inout SplitMix64, tally: inout Tally) throws {
        let countries: [Country] = [.FI, .NL, .BE, .DK, .IT, .GB]
        let country = countries[Int(rng.next() % 6)]
        let p = pack(country)
        let currency = p.primaryCurrency
        let start = day("2025-01-01").adding(days: Int(rng.next() % 60))
        var ledger = Ledger(currency: currency)
        var charged: Int64 = 0
        for c in 0..<Int(rng.next() % 3) + 1 {
            let principal = Int64(rng.next() % 2_000_000) + 100
            let rate: Int64? = rng.next() % 2 == 0 ? Int64(rng.next() % 2_000) + 100 : nil
            let claim = Claim(
                id: "\(id)-c\(c)", reference: "R\(c)", description: "Claim \(c)",
                dueDate: start.adding(days: Int(rng.next() % 20)), currency: currency, annualInterestBasisPoints: rate)
            try ledger.add(claim, principal: Money(minorUnits: principal, currency: currency), on: claim.dueDate)
            charged += principal
        }
        var snapshot = CaseSnapshot(caseId: id, country: country, ledger: ledger)
        snapshot.handleWithCare = rng.next() % 10 == 0
        var allocated: Int64 = 0
        var holdSeq = 0
        var paySeq = 0
        let engine = StrategyEngine()
        tally.cases += 1

        for offset in 0..<Self.days {
            let date = start.adding(days: offset)
            // events of the day
            let roll = rng.next() % 100
            switch roll {
            case 0..<5 where snapshot.ledger.totalBalance.isPositive:
                let amount = Int64(rng.next() % UInt64(snapshot.ledger.totalBalance.minorUnits + 5_000)) + 1
                paySeq += 1
                let record = try snapshot.ledger.apply(
                    Payment(id: "\(id)-p\(paySeq)", date: date, amount: Money(minorUnits: amount, currency: currency)),
                    order: p.componentOrder)
                #expect(record.allocated.minorUnits + record.credit.minorUnits == amount, "payment fully allocated")
                allocated += record.allocated.minorUnits
                tally.payments += 1
            case 5..<7 where !snapshot.ledger.payments.isEmpty:
                let candidates = snapshot.ledger.payments.filter { $0.reversedOn == nil }
                if let r = candidates.randomElement(using: &rng) {
                    try snapshot.ledger.reverse(paymentId: r.payment.id, on: date)
                    allocated -= r.allocated.minorUnits
                }
            case 7..<11:
                holdSeq += 1
                let kind = HoldKind.allCases[Int(rng.next() % UInt64(HoldKind.allCases.count))]
                let end: LocalDate? = rng.next() % 3 == 0 ? nil : date.adding(days: Int(rng.next() % 40) + 1)
                let hold = Hold(id: "\(id)-h\(holdSeq)", kind: kind, start: date, end: end)
                if (try? HoldRules.check(hold, existing: snapshot.holds)) != nil { snapshot.holds.append(hold) }
            case 11..<14:
                if let i = snapshot.holds.indices.filter({ snapshot.holds[$0].isActive(on: date) }).randomElement(
                    using: &rng)
                {
                    snapshot.holds[i].liftedOn = date
                }
            case 14:
                holdSeq += 1
                snapshot.holds.append(
                    Hold(id: "\(id)-d\(holdSeq)", kind: .dispute, start: date, reason: "customer disputes"))
            case 15:
                let states: [PlanSummary.State] = [.proposed, .active, .atRisk, .broken, .completed]
                snapshot.plan = PlanSummary(state: states[Int(rng.next() % 5)], since: date)
            case 16:
                let verdicts: [AffordabilitySummary.Verdict] = [
                    .affordable, .noCapacity, .incomplete, .noRealisticAbility,
                ]
                snapshot.affordability = AffordabilitySummary(assessedOn: date, verdict: verdicts[Int(rng.next() % 4)])
            default:
                break
            }
            tally.events += roll < 17 ? 1 : 0

            let decisions = engine.decide(snapshot, on: date, pack: p)
            try check(decisions, snapshot: snapshot, on: date, pack: p, tally: &tally)
            for d in decisions {
                switch d.action {
                case .chargeFee(_, _, _, let amount, _), .accrueInterest(_, let amount, _, _, _):
                    charged += amount.minorUnits
                default: break
                }
            }
            try snapshot.apply(decisions, on: date)
            if !snapshot.holds.active(on: date).isEmpty { tally.holdDays += 1 }

            // money invariants after every day
            let l = snapshot.ledger
            #expect(l.totalBalance.minorUnits == charged - allocated, "balance = charges − allocations")
            for claim in l.claims {
                for component in Component.allCases {
                    #expect(!l.balance(claimId: claim.id, component: component).isNegative, "no component below zero")
                }
            }
            let keys = snapshot.steps.map { "\($0.stepId)#\($0.occurrence)" }
            #expect(Set(keys).count == keys.count, "no step twice")
        }
    }

    func check(
        _ decisions: [Decision], snapshot: CaseSnapshot, on date: LocalDate, pack p: RulePack, tally: inout Tally
    ) throws {
        tally.decisions += decisions.count
        let holds = snapshot.holds
        for d in decisions {
            #expect(!d.reasons.isEmpty && d.reasons.allSatisfy { !$0.legalBasis.isEmpty })
            switch d.action {
            case .sendLetter(let stepId, let occurrence, _, _):
                tally.letters += 1
                #expect(holds.stopping(\.stopsPaymentRequests, on: date).isEmpty, "no payment request under a hold")
                #expect(snapshot.isOpen)
                #expect(occurrence <= p.step(stepId)!.occurrences)
            case .chargeFee(let feeId, _, _, let amount, _):
                tally.fees += 1
                #expect(holds.stopping(\.stopsFees, on: date).isEmpty, "no fee under a hold")
                let rule = p.fee(feeId)!
                #expect(rule.isChargeable)
                let base = snapshot.ledger.balance(of: .principal)
                #expect(amount.minorUnits <= (try rule.schedule!.cap(for: base)).minorUnits, "fee within its cap")
                if let max = rule.maxCharges { #expect(snapshot.ledger.feeCharges(ruleId: feeId).count < max) }
                #expect(!snapshot.handleWithCare, "no costs on handle-with-care cases by default")
            case .accrueInterest(let claimId, let amount, let from, let through, let days):
                tally.accruals += 1
                #expect(through == date)
                var open = 0
                var d = from
                while d <= through {
                    if holds.stopping(\.stopsInterest, on: d).isEmpty { open += 1 }
                    d = d.adding(days: 1)
                }
                #expect(days == open, "interest only for days no hold froze")
                let claim = snapshot.ledger.claims.first { $0.id == claimId }!
                let expected = InterestAccrual.amount(
                    on: snapshot.ledger.balance(claimId: claimId, component: .principal),
                    annualBasisPoints: claim.annualInterestBasisPoints ?? 0, days: open)
                #expect(amount == expected)
            case .close:
                #expect(snapshot.ledger.totalBalance.minorUnits <= 0)
            case .stop, .referToCreditor, .escalateToSpecialist, .reviewDue, .wait, .plan:
                break
            }
        }
    }
}
