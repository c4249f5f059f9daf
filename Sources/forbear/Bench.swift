import ArgumentParser
import ForbearCore
import ForbearJobs
import ForbearStore
import Foundation
import Logging

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure a workload on a fresh database and print one JSON line per result (use a release build).",
        discussion: """
            Every workload prints one JSON line on standard output: workload, database, items, seconds, items per \
            second, peak resident memory, and the baseline measured in the same run with the ratio to it. Progress \
            goes to standard error. A typical run: forbear bench generate --cases 1000000 --out portfolio.csv, then \
            forbear bench import|cycle|http --file portfolio.csv.
            """,
        subcommands: [
            GenerateBench.self, ImportBench.self, CycleBench.self, HTTPBench.self, PaymentsBench.self,
            LettersBench.self,
        ])
}

/// Where a benchmark runs: a new SQLite file in the temporary folder (the default), a SQLite file of your choice, or
/// a new database on a PostgreSQL server (dropped afterwards unless --keep).
struct BenchDatabaseOptions: ParsableArguments {
    @Option(
        help:
            "sqlite:PATH (kept, and reused when it already holds cases) or postgres://user@host:port/db (a new database is made on that server). Default: a new SQLite file in the temporary folder."
    )
    var database: String?
    @Flag(help: "Keep the database made for the run and print where it is.") var keep = false

    /// Opens and migrates the bench database; `finish` removes what was made for the run.
    func open() async throws -> BenchDatabase {
        var logger = Logger(label: "forbear.bench")
        logger.logLevel = .error
        guard let text = database else {
            let path = NSTemporaryDirectory() + "forbear-bench-\(UUID().uuidString.prefix(8)).sqlite"
            let db = try await Database.open(.sqlite(path: path), logger: logger)
            try await Migrator.migrate(db)
            return BenchDatabase(database: db, made: .file(path), keep: keep)
        }
        let url: DatabaseURL
        do { url = try DatabaseURL(parsing: text) } catch { throw ValidationError(error.description) }
        if case .sqlite = url {
            let db = try await Database.open(url, logger: logger)
            try await Migrator.migrate(db)
            return BenchDatabase(database: db, made: nil, keep: true)
        }
        let db = try await ScratchDatabase.create(on: url, prefix: "forbear_bench_", logger: logger)
        try await Migrator.migrate(db)
        return BenchDatabase(database: db, made: .server(url), keep: keep)
    }
}

struct BenchDatabase {
    enum Made {
        case file(String)
        case server(DatabaseURL)
    }
    private(set) var database: Database
    let made: Made?
    let keep: Bool

    var dialect: String { database.dialect.rawValue }

    /// Closes the database and opens it again, so nothing a baseline read left mapped or cached counts towards the
    /// measured workload's memory.
    mutating func reopen() async throws {
        let url = database.url
        await database.close()
        var logger = Logger(label: "forbear.bench")
        logger.logLevel = .error
        database = try await Database.open(url, logger: logger)
    }

    func finish() async {
        if keep {
            if made != nil { stderr("kept the database: \(database.url)") }
            await database.close()
            return
        }
        switch made {
        case .file(let path):
            await database.close()
            Database.removeSQLiteFiles(at: path)
        case .server(let server):
            await ScratchDatabase.drop(database, server: server)
        case nil:
            await database.close()
        }
    }
}

/// One measured result, printed as one JSON line; the baseline is the same kind of work done by a tool built for
/// exactly that, measured in the same run.
struct BenchResult {
    var workload: String
    var database: String?
    var items: Int
    var seconds: Double
    var details: [String: Any] = [:]
    var baseline: (name: String, items: Int, seconds: Double)?

    var rate: Double { Double(items) / max(seconds, 1e-9) }

    func print() throws {
        var line = details
        line["workload"] = workload
        if let database { line["database"] = database }
        line["items"] = items
        line["seconds"] = (seconds * 1000).rounded() / 1000
        line["items_per_second"] = Int(rate)
        line["peak_rss_mb"] = peakResidentMegabytes()
        if let baseline {
            let rate = Double(baseline.items) / max(baseline.seconds, 1e-9)
            line["baseline"] = baseline.name
            line["baseline_seconds"] = (baseline.seconds * 1000).rounded() / 1000
            line["baseline_items_per_second"] = Int(rate)
            line["ratio"] = (self.rate / rate * 1000).rounded() / 1000
        }
        let json = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        say(String(decoding: json, as: UTF8.self))
    }
}

/// Seconds `body` takes.
func timed<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = Date()
    let value = try await body()
    return (value, Date().timeIntervalSince(start))
}

/// Peak resident memory of this process (Linux VmHWM), in MB.
func peakResidentMegabytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? "")
    else { return 0 }
    return kb / 1024
}

/// Starts measuring peak memory afresh (Linux: writing 5 to clear_refs resets VmHWM), so a workload's peak is its
/// own and not the setup's.
func resetPeakResidentMemory() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}
