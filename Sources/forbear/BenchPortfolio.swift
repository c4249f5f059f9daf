import ArgumentParser
import ForbearCore
import ForbearJobs
import ForbearStore
import Foundation

struct GenerateBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic portfolio CSV in the import format (countries, languages, sectors, amounts, dues)."
    )
    @Option(help: "How many cases (customers); about one in five has two claims.") var cases = 1_000_000
    @Option(help: "The file to write.") var out = "portfolio.csv"
    @Option(help: "Seed for the generator: the same seed writes the same file.") var seed: UInt64 = 1

    func run() async throws {
        let claims = try writePortfolio(cases: cases, seed: seed, to: out)
        stderr("wrote \(claims) claims for \(cases) cases to \(out)")
    }
}

/// Writes a synthetic portfolio to `path`, streaming, and returns how many claims it holds.
func writePortfolio(cases: Int, seed: UInt64, to path: String) throws -> Int {
    guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path)
    else { throw ValidationError("cannot write \(path)") }
    var buffer = ""
    var lines = -1
    DemoPortfolio(customers: cases, seed: seed, today: Clock.today()).write { line in
        buffer += line
        buffer += "\n"
        lines += 1
        if buffer.utf8.count > 1 << 20 {
            file.write(Data(buffer.utf8))
            buffer = ""
            if lines % 200_000 < 20 { stderr("… \(lines) claims written") }
        }
    }
    file.write(Data(buffer.utf8))
    try file.close()
    return lines
}

/// Imports the portfolio CSV at `path` into `db` with the production import; returns the report and seconds taken.
func importPortfolio(
    _ path: String, into db: Database, packs: RulePackLibrary, batchSize: Int = PortfolioImport.defaultBatchSize
) async throws -> (ImportReport, Double) {
    stderr("importing \(path)…")
    var lastShown = 0
    var importer = PortfolioImport(writer: PortfolioWriter(database: db), packs: packs)
    importer.batchSize = batchSize
    let result = try await timed {
        try await importer
            .run(
                try FileByteSource(path: path), creditor: "Bench",
                progress: { p in
                    if p.rows - lastShown >= 100_000 {
                        lastShown = p.rows
                        stderr("… \(p.rows) rows imported")
                    }
                })
    }
    stderr("imported \(result.0.imported) claims in \(String(format: "%.1f", result.1)) s")
    return result
}

struct ImportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Claims imported per second (validated, stored as customers, cases, claims and charges).",
        discussion: """
            The baseline, in the same run, loads the same file into a bare table of text columns with the \
            database's own loader: sqlite3's .import (apt-get install sqlite3) or psql's \\copy.
            """)
    @OptionGroup var portfolio: BenchPortfolioOptions
    @Option(help: "Rows per transaction.") var batch = PortfolioImport.defaultBatchSize

    func run() async throws {
        let bench = try await portfolio.store.open()
        let csv = try portfolio.csv()
        defer { csv.remove() }
        let baseline = try await bareLoad(csv.path, like: bench.database.url)
        resetPeakResidentMemory()
        let (report, seconds) = try await importPortfolio(
            csv.path, into: bench.database, packs: try loadPacks(), batchSize: batch)
        try BenchResult(
            workload: "import", database: bench.dialect, items: report.imported, seconds: seconds,
            details: ["rejected": report.rejected, "batches_redone": report.batchesRedone, "batch": batch],
            baseline: baseline.map { ($0.name, report.rows, $0.seconds) }
        ).print()
        await bench.finish()
    }

    /// Loads the file into a bare table with the database's own bulk loader, timed from outside.
    func bareLoad(_ path: String, like url: DatabaseURL) async throws -> (name: String, seconds: Double)? {
        var source = try FileByteSource(path: path)
        let header = String(decoding: (try source.nextChunk() ?? []).prefix { $0 != 10 }, as: UTF8.self)
        let columns = header.split(separator: ",").map { "\($0) TEXT" }.joined(separator: ", ")
        let (name, tool, arguments): (String, String, [String])
        let scratch = NSTemporaryDirectory() + "forbear-bare-\(UUID().uuidString.prefix(8)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        switch url {
        case .sqlite:
            (name, tool) = ("sqlite3 .import", "sqlite3")
            arguments = [scratch, "CREATE TABLE bare (\(columns));", ".import --csv --skip 1 \(path) bare"]
        case .postgres(let host, let port, let user, let password, let database):
            (name, tool) = ("psql \\copy", "psql")
            arguments = [
                "postgres://\(user)\(password.map { ":" + $0 } ?? "")@\(host):\(port)/\(database)", "-q", "-c",
                "CREATE TABLE bare (\(columns))", "-c", "\\copy bare FROM '\(path)' WITH (FORMAT csv, HEADER true)",
                "-c", "DROP TABLE bare",
            ]
        }
        stderr("baseline: \(name) of the same file…")
        let start = Date()
        let (status, output) = try await ExternalTool.run(tool, arguments)
        let seconds = Date().timeIntervalSince(start)
        guard status == 0 else {
            stderr("\(tool) is not installed or failed (apt-get install \(tool)): no baseline. \(output.prefix(200))")
            return nil
        }
        return (name, seconds)
    }
}

struct CycleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycle",
        abstract: "Cases decided per second by the daily cycle (decisions, fees, letters queued), and its memory.",
        discussion: """
            Runs the daily cycle once for today over every open case. Two baselines run first in the same process, \
            page by page on one connection, deciding and writing nothing: a read of every row the cycle reads for \
            each case (its case row, claims, ledger lines, payments, holds, letters, plan and contact, made into the \
            cases the engine decides), which is the baseline the ratio is to; and a scan of the case rows alone.
            """)
    @OptionGroup var portfolio: BenchPortfolioOptions
    @Option(help: "Cases per page (one transaction each).") var page = DailyCycle.defaultPageSize

    func run() async throws {
        var (bench, packs, _) = try await portfolio.prepare()
        stderr("baseline: reading every open case row…")
        let (scanned, scanSeconds) = try await timed {
            try await CaseStore(database: bench.database).scanOpenCases(pageSize: page)
        }
        try await bench.reopen()
        stderr("baseline: reading every open case with all the rows the cycle reads for it…")
        let (read, readSeconds) = try await timed {
            try await CaseStore(database: bench.database).scanOpenCases(pageSize: page, theirRows: true)
        }
        try await bench.reopen()
        let db = bench.database
        let store = CaseStore(database: db)
        stderr("running the daily cycle…")
        resetPeakResidentMemory()
        var shown = 0
        let (report, seconds) = try await timed {
            try await DailyCycle(cases: store, packs: packs, pageSize: page).run(on: Clock.today()) { r in
                if r.casesDecided - shown >= 100_000 {
                    shown = r.casesDecided
                    stderr("… \(r.casesDecided) cases decided")
                }
            }
        }
        try BenchResult(
            workload: "cycle", database: db.dialect.rawValue, items: report.casesDecided, seconds: seconds,
            details: [
                "decisions": report.decisions, "page": page, "pages_redone": report.pagesRedone,
                "case_rows_scan_seconds": (scanSeconds * 1000).rounded() / 1000, "case_rows_scanned": scanned,
                "times_case_rows_scan": (seconds / max(scanSeconds, 1e-9) * 100).rounded() / 100,
                "times_read": (seconds / max(readSeconds, 1e-9) * 100).rounded() / 100,
            ],
            baseline: ("bare read of every row the cycle reads", read, readSeconds)
        ).print()
        await bench.finish()
    }
}

/// The portfolio a workload runs on: the cases already in a kept SQLite file, else a CSV imported first, else
/// generated cases.
struct BenchPortfolioOptions: ParsableArguments {
    @Option(help: "The portfolio CSV to import first (default: generate --cases of them).") var file: String?
    @Option(help: "How many cases to generate when no --file is given.") var cases = 100_000
    @OptionGroup var store: BenchDatabaseOptions

    /// The portfolio file to use: --file, or a generated one that `remove` deletes afterwards.
    func csv() throws -> (path: String, remove: () -> Void) {
        if let file { return (file, {}) }
        return try Self.generated(cases: cases)
    }

    static func generated(cases: Int) throws -> (path: String, remove: () -> Void) {
        let path = NSTemporaryDirectory() + "forbear-portfolio-\(UUID().uuidString.prefix(8)).csv"
        stderr("generating a portfolio of \(cases) cases…")
        _ = try writePortfolio(cases: cases, seed: 1, to: path)
        return (path, { try? FileManager.default.removeItem(atPath: path) })
    }

    /// Opens the bench database and fills it when empty; returns it, the rule packs and how many cases it holds.
    func prepare() async throws -> (BenchDatabase, RulePackLibrary, Int) {
        let bench = try await store.open()
        let packs = try loadPacks()
        let queries = CaseQueries(database: bench.database)
        var total = try await queries.count(table: "cases")
        if total == 0 {
            let csv = try csv()
            defer { csv.remove() }
            _ = try await importPortfolio(csv.path, into: bench.database, packs: packs)
            total = try await queries.count(table: "cases")
        } else {
            stderr("using the \(total) cases already in the database")
        }
        return (bench, packs, total)
    }
}
