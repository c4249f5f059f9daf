import ForbearCore
import ForbearJobs
import ForbearStore
import Foundation

/// Runs a command-line tool (qpdf, pdftotext …) and returns its exit status and its output.
public func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    try ExternalTool.runBlocking(tool, arguments)
}

/// Runs `body` and then closes the database (dropping it on PostgreSQL), whether or not `body` throws.
public func closing<T>(_ database: Database, _ value: T, _ body: (T) async throws -> Void) async throws {
    do {
        try await body(value)
    } catch {
        await TestDatabases.drop(database)
        throw error
    }
    await TestDatabases.drop(database)
}

/// The synthetic demo portfolio of `customers` (as `forbear demo` makes it) imported into `database` for `creditor`.
@discardableResult
public func importDemoPortfolio(
    customers: Int, seed: UInt64, today: LocalDate, creditor: String, into database: Database, packs: RulePackLibrary
) async throws -> ImportReport {
    var lines: [String] = []
    DemoPortfolio(customers: customers, seed: seed, today: today).write { lines.append($0) }
    return try await PortfolioImport(writer: PortfolioWriter(database: database), packs: packs)
        .run(MemoryByteSource(Data(lines.joined(separator: "\n").utf8)), creditor: creditor)
}
