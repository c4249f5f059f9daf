import ArgumentParser
import ForbearCore
import ForbearJobs
import ForbearStore
import Foundation

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure a workload on a fresh database and print one JSON line per result (use a release build).",
        subcommands: [PaymentsBench.self, LettersBench.self])

    struct PaymentsBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "payments", abstract: "Bank entries matched and allocated per second.")
        @Option(help: "How many bank entries.") var entries = 100_000
        @Option(help: "How many cases the entries pay (a synthetic portfolio).") var cases = 20_000
        @Option(help: "Entries per transaction.") var batch = PaymentImport.defaultBatchSize
        @Option(help: "The database (default: a new SQLite file in the temporary folder).") var database: String?

        func run() async throws {
            let path = NSTemporaryDirectory() + "forbear-bench-\(UUID().uuidString.prefix(8)).sqlite"
            let url = try DatabaseURL(parsing: database ?? "sqlite:\(path)")
            let db = try await Database.open(url)
            try await Migrator.migrate(db)
            let packs = try loadPacks()
            stderr("generating a portfolio of \(cases) customers…")
            var lines: [String] = []
            DemoPortfolio(customers: cases, seed: 1, today: Clock.today()).write { lines.append($0) }
            let t0 = Date()
            let imported = try await PortfolioImport(writer: PortfolioWriter(database: db), packs: packs)
                .run(MemoryByteSource(Data(lines.joined(separator: "\n").utf8)), creditor: "Bench")
            stderr("imported \(imported.imported) claims in \(String(format: "%.1f", Date().timeIntervalSince(t0))) s")
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
            let start = Date()
            let report = try await PaymentImport(payments: PaymentStore(database: db, packs: packs))
                .receive(list, source: "bench", batchSize: batch)
            let seconds = Date().timeIntervalSince(start)
            let line: [String: Any] = [
                "workload": "payments", "database": db.dialect.rawValue, "items": entries, "cases": refs.count,
                "seconds": (seconds * 1000).rounded() / 1000, "items_per_second": Int(Double(entries) / seconds),
                "peak_rss_mb": peakResidentMegabytes(), "booked": report.booked, "unmatched": report.unmatched,
                "batch": batch,
            ]
            let json = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
            say(String(decoding: json, as: UTF8.self))
            await db.close()
            if database == nil {
                for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) }
            }
        }
    }
}

/// Peak resident memory of this process (Linux VmHWM), in MB.
func peakResidentMegabytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? "")
    else { return 0 }
    return kb / 1024
}
