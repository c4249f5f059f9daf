import ForbearCore

/// The shipped rule packs, loaded once for all tests (loading validates them).
let library: RulePackLibrary = try! RulePackLibrary.bundled()

func pack(_ country: Country) -> RulePack { library.latest(for: country)! }

func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

func money(_ text: String, _ currency: Currency = .EUR) -> Money { try! Money.parse(text, currency: currency) }

/// A one-claim case in `country`'s currency.
func makeCase(
    _ country: Country, principal: String, due: String, rateBasisPoints: Int64? = nil, id: String = "case-1"
) -> CaseSnapshot {
    let currency = pack(country).primaryCurrency
    let claim = Claim(
        id: "\(id)-c1", reference: "INV-1", description: "Electricity bill", dueDate: day(due), currency: currency,
        annualInterestBasisPoints: rateBasisPoints)
    var ledger = Ledger(currency: currency)
    try! ledger.add(claim, principal: money(principal, currency), on: day(due))
    return CaseSnapshot(caseId: id, country: country, ledger: ledger)
}

/// Runs the engine every day from `from` through `to`, applying what it decides, and returns each day's decisions.
@discardableResult
func walk(
    _ snapshot: inout CaseSnapshot, from: LocalDate, through: LocalDate, engine: StrategyEngine = StrategyEngine(),
    before: (LocalDate, inout CaseSnapshot) -> Void = { _, _ in }
) -> [(LocalDate, [Decision])] {
    var log: [(LocalDate, [Decision])] = []
    var d = from
    let p = pack(snapshot.country)
    while d <= through {
        before(d, &snapshot)
        let decisions = engine.decide(snapshot, on: d, pack: p)
        try! snapshot.apply(decisions, on: d)
        log.append((d, decisions))
        d = d.adding(days: 1)
    }
    return log
}

extension Array where Element == Decision {
    var letters: [(stepId: String, occurrence: Int, deadline: LocalDate)] {
        compactMap {
            if case .sendLetter(let s, let o, _, let dl) = $0.action { return (s, o, dl) }
            return nil
        }
    }

    var fees: [(feeId: String, amount: Money)] {
        compactMap {
            if case .chargeFee(let f, _, _, let a, _) = $0.action { return (f, a) }
            return nil
        }
    }

    var waits: [Decision] { filter { $0.action == .wait } }
}
