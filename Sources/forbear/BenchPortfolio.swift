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

/// Imports a portfolio (a file, or `cases` generated ones) into `db` with the production import; returns the report
/// and seconds taken.
@discardableResult
func importPortfolio(
    file: String? = nil, cases: Int, into db: Database, packs: RulePackLibrary
) async throws -> (ImportReport, Double) {
    var path = file
    var made: String?
    if path == nil {
        let p = NSTemporaryDirectory() + "forbear-portfolio-\(UUID().uuidString.prefix(8)).csv"
        stderr("generating a portfolio of \(cases) cases…")
        _ = try writePortfolio(cases: cases, seed: 1, to: p)
        path = p
        made = p
    }
    defer { if let made { try? FileManager.default.removeItem(atPath: made) } }
    stderr("importing \(path!)…")
    var lastShown = 0
    let result = try await timed {
        try await PortfolioImport(writer: PortfolioWriter(database: db), packs: packs)
            .run(
                try FileByteSource(path: path!), creditor: "Bench",
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
    @Option(help: "The portfolio CSV (default: generate --cases of them).") var file: String?
    @Option(help: "How many cases to generate when no --file is given.") var cases = 100_000
    @OptionGroup var store: BenchDatabaseOptions

    func run() async throws {
        let bench = try await store.open()
        var path = file
        if path == nil {
            let p = NSTemporaryDirectory() + "forbear-portfolio-\(UUID().uuidString.prefix(8)).csv"
            stderr("generating a portfolio of \(cases) cases…")
            _ = try writePortfolio(cases: cases, seed: 1, to: p)
            path = p
        }
        defer { if file == nil, let path { try? FileManager.default.removeItem(atPath: path) } }
        let baseline = try bareLoad(path!, like: bench.database.url)
        resetPeakResidentMemory()
        let (report, seconds) = try await importPortfolio(
            file: path, cases: cases, into: bench.database, packs: try loadPacks())
        try BenchResult(
            workload: "import", database: bench.dialect, items: report.imported, seconds: seconds,
            details: ["rejected": report.rejected], baseline: baseline
        ).print()
        await bench.finish()
    }

    /// Loads the file into a bare table with the database's own bulk loader, timed from outside.
    func bareLoad(_ path: String, like url: DatabaseURL) throws -> (name: String, items: Int, seconds: Double)? {
        let header = (try? String(contentsOfFile: path, encoding: .utf8).prefix { $0 != "\n" }) ?? ""
        let columns = header.split(separator: ",").map { "\($0) TEXT" }.joined(separator: ", ")
        let rows = try countLines(path) - 1
        switch url {
        case .sqlite:
            let scratch = NSTemporaryDirectory() + "forbear-bare-\(UUID().uuidString.prefix(8)).sqlite"
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            stderr("baseline: sqlite3 .import of the same file…")
            let (status, seconds) = try runTimed(
                "sqlite3", [scratch, "CREATE TABLE bare (\(columns));", ".import --csv --skip 1 \(path) bare"])
            guard status == 0 else {
                stderr("sqlite3 is not installed or failed (apt-get install sqlite3): no baseline")
                return nil
            }
            return ("sqlite3 .import", rows, seconds)
        case .postgres(let host, let port, let user, let password, let name):
            stderr("baseline: psql \\copy of the same file…")
            let target = "postgres://\(user)\(password.map { ":" + $0 } ?? "")@\(host):\(port)/\(name)"
            let (status, seconds) = try runTimed(
                "psql",
                [
                    target, "-q", "-c", "CREATE TABLE bare (\(columns))", "-c",
                    "\\copy bare FROM '\(path)' WITH (FORMAT csv, HEADER true)", "-c", "DROP TABLE bare",
                ])
            guard status == 0 else {
                stderr("psql is not installed or failed: no baseline")
                return nil
            }
            return ("psql \\copy", rows, seconds)
        }
    }
}

func countLines(_ path: String) throws -> Int {
    var source = try FileByteSource(path: path)
    var lines = 0
    while let chunk = try source.nextChunk() { lines += chunk.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
    return lines
}

/// Runs a tool to the end and returns its exit status and how long it took (its output goes to standard error).
func runTimed(_ tool: String, _ arguments: [String]) throws -> (Int32, Double) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    process.standardOutput = FileHandle.standardError
    let start = Date()
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, Date().timeIntervalSince(start))
}

struct CycleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycle",
        abstract: "Cases decided per second by the daily cycle (decisions, fees, letters queued), and its memory.",
        discussion: """
            Runs the daily cycle once for today over every open case. The baseline, in the same process and run, \
            reads the same case rows page by page (the cases table alone, no decisions).
            """)
    @OptionGroup var portfolio: BenchPortfolioOptions
    @Option(help: "Cases per page (one transaction each).") var page = DailyCycle.defaultPageSize

    func run() async throws {
        let (bench, packs, _) = try await portfolio.prepare()
        let db = bench.database
        let store = CaseStore(database: db)
        stderr("baseline: reading every open case row…")
        let (scanned, scanSeconds) = try await timed { try await store.scanOpenCases(pageSize: page) }
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
            details: ["decisions": report.decisions, "page": page],
            baseline: ("bare scan of the case rows", scanned, scanSeconds)
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

    /// Opens the bench database and fills it when empty; returns it, the rule packs and how many cases it holds.
    func prepare() async throws -> (BenchDatabase, RulePackLibrary, Int) {
        let bench = try await store.open()
        let packs = try loadPacks()
        let queries = CaseQueries(database: bench.database)
        var total = try await queries.count(table: "cases")
        if total == 0 {
            try await importPortfolio(file: file, cases: cases, into: bench.database, packs: packs)
            total = try await queries.count(table: "cases")
        } else {
            stderr("using the \(total) cases already in the database")
        }
        return (bench, packs, total)
    }
}
