import ArgumentParser
import ForbearCore
import ForbearJobs
import ForbearServer
import ForbearStore
import Foundation
import Logging

struct HTTPBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "GET /api/v1/cases/{id} per second and its latency under load (wrk), beside Hummingbird's plaintext.",
        discussion: """
            Serves the API from this process, then loads it with wrk (apt-get install wrk) from 64 connections, \
            each request a different case spread over the whole portfolio, with an admin token. The baseline, in \
            the same run, is a Hummingbird server with one plaintext route loaded the same way.
            """)
    @OptionGroup var portfolio: BenchPortfolioOptions
    @Option(help: "Seconds of load per measurement.") var duration = 10
    @Option(help: "Open connections.") var connections = 64
    @Option(help: "The port to serve on while measuring.") var port = 18_080

    func run() async throws {
        let (bench, packs, total) = try await portfolio.prepare()
        let db = bench.database
        let ids = try await CaseQueries(database: db).sampleCaseIds(count: 20_000)
        let token = try await AccessStore(database: db).createToken(role: .admin, creditorId: nil)
        let script = NSTemporaryDirectory() + "forbear-wrk-\(UUID().uuidString.prefix(8)).lua"
        defer { try? FileManager.default.removeItem(atPath: script) }
        try wrkScript(paths: ids.map { "/api/v1/cases/\($0)" }, token: token).write(
            toFile: script, atomically: true, encoding: .utf8)

        let quiet = {
            var logger = Logger(label: "forbear.bench.http")
            // Stopping a server under load logs the connections it cuts; only real failures matter here.
            logger.logLevel = .critical
            return logger
        }()
        let services = try Services(database: db, packs: packs, today: { Clock.today() })
        stderr("serving the API on port \(port) and loading it for \(duration) s (\(total) cases)…")
        resetPeakResidentMemory()
        let api = try await measure(path: "/", script: script) { onRunning in
            try await buildApplication(
                services, config: ServerConfig(port: port), logger: quiet, onRunning: onRunning
            ).runService()
        }
        let apiMemory = peakResidentMegabytes()
        stderr("baseline: Hummingbird plaintext on the same port…")
        let plain = try await measure(path: "/plaintext", script: nil) { onRunning in
            try await buildPlaintextApplication(config: ServerConfig(port: port), logger: quiet, onRunning: onRunning)
                .runService()
        }
        var details: [String: Any] = [
            "cases": total, "connections": connections, "p50_ms": api.p50, "p99_ms": api.p99,
            "non_2xx": api.errors, "baseline_p99_ms": plain.p99, "path": "/api/v1/cases/{id}",
        ]
        details["server_peak_rss_mb"] = apiMemory
        try BenchResult(
            workload: "http", database: bench.dialect, items: api.requests, seconds: api.seconds, details: details,
            baseline: ("hummingbird plaintext", plain.requests, plain.seconds)
        ).print()
        await bench.finish()
    }

    struct WrkResult {
        var requests: Int
        var seconds: Double
        var p50: Double
        var p99: Double
        var errors: Int
    }

    /// Starts a server with `serve`, waits until it runs, loads `path` (or what `script` asks for) with wrk, and stops
    /// it.
    func measure(
        path: String, script: String?,
        serve: @escaping @Sendable (@escaping @Sendable () async -> Void) async throws -> Void
    ) async throws -> WrkResult {
        let (ready, signal) = AsyncStream.makeStream(of: Void.self)
        let server = Task { try await serve { signal.yield() } }
        for await _ in ready { break }
        let url = "http://127.0.0.1:\(port)" + path
        var arguments = ["-t2", "-c\(connections)", "-d\(duration)s", "--latency"]
        if let script { arguments += ["-s", script] }
        let output = try? await ExternalTool.run("wrk", arguments + [url]).output
        server.cancel()
        _ = await server.result
        guard let output, let result = Self.parse(wrk: output) else {
            throw ValidationError("wrk did not run (apt-get install wrk); it said: \(output?.prefix(300) ?? "")")
        }
        return result
    }

    func wrkScript(paths: [String], token: String) -> String {
        let list = paths.map { "\"\($0)\"" }.joined(separator: ",\n")
        return """
            local paths = {
            \(list)
            }
            local n = 0
            request = function()
              n = n + 1
              return wrk.format("GET", paths[(n % #paths) + 1], { ["Authorization"] = "Bearer \(token)" })
            end
            """
    }

    /// Reads requests, duration, the 50th and 99th percentile and non-2xx answers from wrk's report.
    static func parse(wrk output: String) -> WrkResult? {
        func milliseconds(_ text: Substring) -> Double? {
            for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(unit) {
                if let v = Double(text.dropLast(unit.count)) { return (v * factor * 1000).rounded() / 1000 }
            }
            return nil
        }
        var requests: Int?
        var seconds: Double?
        var p50: Double?
        var p99: Double?
        var errors = 0
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ")
            if let i = words.firstIndex(of: "requests"), i > 0, words.count > i + 2, let n = Int(words[i - 1]) {
                requests = n
                seconds = milliseconds(words[i + 2].trimmingCharacters(in: [","])[...]).map { $0 / 1000 }
            }
            if words.first == "50%" { p50 = words.dropFirst().first.flatMap(milliseconds) }
            if words.first == "99%" { p99 = words.dropFirst().first.flatMap(milliseconds) }
            if line.contains("Non-2xx or 3xx responses:") { errors = Int(words.last ?? "") ?? 0 }
        }
        guard let requests, let seconds, let p50, let p99 else { return nil }
        return WrkResult(requests: requests, seconds: seconds, p50: p50, p99: p99, errors: errors)
    }
}
