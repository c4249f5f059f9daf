import ArgumentParser
import ForbearCore
import ForbearJobs
import ForbearStore
import Foundation

struct PaymentsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments", abstract: "Bank entries matched and allocated per second.")
    @Option(help: "How many bank entries.") var entries = 100_000
    @Option(help: "How many cases the entries pay (a synthetic portfolio).") var cases = 20_000
    @Option(help: "Entries per transaction.") var batch = PaymentImport.defaultBatchSize
    @OptionGroup var store: BenchDatabaseOptions

    func run() async throws {
        let bench = try await store.open()
        let db = bench.database
        let packs = try loadPacks()
        let csv = try BenchPortfolioOptions.generated(cases: cases)
        defer { csv.remove() }
        _ = try await importPortfolio(csv.path, into: db, packs: packs)
        let refs = try await CaseStore(database: db).openReferences()
        var rng = SplitMix64(seed: 2)
        let today = Clock.today()
        var list: [BankEntry] = []
        list.reserveCapacity(entries)
        for n in 0..<entries {
            let roll = rng.next() % 100
            let (ref, currency) = refs[Int(rng.next() % UInt64(refs.count))]
            list.append(
                BankEntry(
                    entryReference: "BENCH-\(n)",
                    amount: Money(minorUnits: Int64(rng.next() % 5_000) + 100, currency: currency),
                    isReversal: false, bookingDate: today, valueDate: nil,
                    structuredReference: roll < 90 ? ref : roll < 95 ? nil : "RF00 0000",
                    unstructured: roll >= 90 && roll < 95 ? "payment ref \(ref) thanks" : nil, endToEndId: nil,
                    path: ""))
        }
        stderr("receiving \(entries) entries in batches of \(batch)…")
        resetPeakResidentMemory()
        let (report, seconds) = try await timed {
            try await PaymentImport(payments: PaymentStore(database: db, packs: packs))
                .receive(list, source: "bench", batchSize: batch)
        }
        try BenchResult(
            workload: "payments", database: bench.dialect, items: entries, seconds: seconds,
            details: ["cases": refs.count, "booked": report.booked, "unmatched": report.unmatched, "batch": batch]
        ).print()
        await bench.finish()
    }
}
