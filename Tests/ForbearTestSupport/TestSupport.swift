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
