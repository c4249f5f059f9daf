import ForbearCore
import ForbearStore
import Foundation

/// Builds the demo: a fresh database with a synthetic portfolio for two creditors, some holds, payments, plans and
/// customers who told us they need extra care, and the daily cycle run over past dates so cases stand at
/// different stages.
public struct DemoSetup: Sendable {
    public var customers: Int
    public var today: LocalDate
    public var days: Int
    public var everyDays: Int

    public init(customers: Int = 2_000, today: LocalDate, days: Int = 90, everyDays: Int = 5) {
        self.customers = customers
        self.today = today
        self.days = days
        self.everyDays = everyDays
    }

    public struct Report: Sendable {
        public var imported: Int
        public var cases: Int
        public var holds: Int
        public var payments: Int
        public var vulnerable: Int
        public var plans: Int
        public var cycleRuns: Int
    }

    public func run(database: Database, cipher: FieldCipher, packs: RulePackLibrary, log: (String) -> Void) async throws
        -> Report
    {
        try await Migrator.migrate(database)
        let writer = PortfolioWriter(database: database)
        let importer = PortfolioImport(writer: writer, packs: packs)
        let start = today.adding(days: -days)
        var imported = 0
        for (name, share, seed) in [("Northwind Utilities", 60, UInt64(7)), ("Bluebell Finance", 40, UInt64(11))] {
            var lines: [String] = []
            DemoPortfolio(customers: customers * share / 100, seed: seed, today: start.adding(days: 30)).write {
                lines.append($0)
            }
            let data = Data(lines.joined(separator: "\n").utf8)
            let report = try await importer.run(MemoryByteSource(data), creditor: name)
            imported += report.imported
            log("imported \(report.imported) claims for \(name)")
        }

        // Letters must name the creditor's address (and in Belgium its company number).
        let letters = LetterStore(database: database)
        _ = try await letters.setCreditorDetails(
            name: "Northwind Utilities", address: "Harbour Road 12, 00180 Helsinki", companyNumber: "BE 0999.123.456")
        _ = try await letters.setCreditorDetails(
            name: "Bluebell Finance", address: "Canal Street 4, 1017 AB Amsterdam", companyNumber: "BE 0888.654.321")
        let cases = CaseStore(database: database)
        let holds = HoldStore(database: database)
        let care = CareStore(database: database, cipher: cipher)
        var rng = SplitMix64(seed: 2026)
        var counts = (holds: 0, payments: 0, vulnerable: 0, plans: 0, cases: 0)
        var after: Int64 = 0
        while true {
            let page = try await cases.caseIds(after: after, limit: 500)
            guard let last = page.last else { break }
            after = last.number
            for (id, _, country) in page {
                counts.cases += 1
                let roll = rng.next() % 100
                let day = start.adding(days: 20 + Int(rng.next() % UInt64(max(1, days - 25))))
                switch roll {
                case 0..<4:
                    let kinds: [HoldKind] =
                        country == .GB
                        ? [.breathingSpace, .adviceHold, .dispute, .paymentPause]
                        : [.adviceHold, .dispute, .paymentPause]
                    let kind = kinds[Int(rng.next() % UInt64(kinds.count))]
                    try await holds.start(
                        Hold(
                            id: UUID().uuidString.lowercased(), kind: kind, start: day, reason: "Demo: customer asked",
                            startedBy: "demo"),
                        caseId: id)
                    counts.holds += 1
                case 4..<10:
                    guard let loaded = try await cases.load(caseId: id) else { continue }
                    let owed = loaded.snapshot.ledger.totalBalance
                    let amount = Money(
                        minorUnits: max(100, owed.minorUnits * Int64(20 + rng.next() % 100) / 100),
                        currency: owed.currency)
                    let pack = packs.latest(for: country)!
                    _ = try await LedgerStore.bookPayment(
                        Payment(id: "demo-\(id)", date: day, amount: amount), caseId: id, order: pack.componentOrder,
                        database: database)
                    counts.payments += 1
                case 10..<13:
                    try await cases.setAffordability(
                        AffordabilitySummary(assessedOn: day, verdict: .affordable), caseId: id)
                    try await cases.setPlan(PlanSummary(state: .active, since: day), caseId: id)
                    counts.plans += 1
                case 13..<17:
                    let consent = ExplicitConsent(
                        wordingVersion: "texas-consent-2025-1", givenAt: Date(), takenBy: "demo-agent")
                    let detail = VulnerabilityDetail(
                        characteristics: [
                            [.mentalHealthCondition, .bereavement, .incomeShock, .longTermIllness][Int(rng.next() % 4)]
                        ],
                        healthCondition: "Synthetic demo detail: customer described a difficult period.")
                    try await care.record(
                        Disclosure(
                            id: UUID().uuidString.lowercased(), recordedOn: day, source: .customer,
                            recordedBy: "demo-agent",
                            reviewOn: day.adding(days: 90), adjustments: Adjustments(largePrint: rng.next() % 2 == 0),
                            consent: rng.next() % 3 == 0 ? nil : consent, detail: detail),
                        caseId: id)
                    counts.vulnerable += 1
                default:
                    break
                }
            }
        }
        log(
            "added \(counts.holds) holds, \(counts.payments) payments, \(counts.plans) plans, \(counts.vulnerable) customers needing extra care"
        )

        let cycle = DailyCycle(cases: cases, packs: packs)
        var runs = 0
        var date = start
        while date <= today {
            let r = try await cycle.run(on: date)
            runs += 1
            if runs % 10 == 0 || date == today { log("cycle \(r.summary)") }
            date = date.adding(
                days: date.adding(days: everyDays) > today && date < today
                    ? today.daysSinceEpoch - date.daysSinceEpoch : everyDays)
        }
        return Report(
            imported: imported, cases: counts.cases, holds: counts.holds, payments: counts.payments,
            vulnerable: counts.vulnerable, plans: counts.plans, cycleRuns: runs)
    }
}
