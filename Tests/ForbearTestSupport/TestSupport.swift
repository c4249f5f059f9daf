import ForbearStore
import Foundation

/// Runs a command-line tool (qpdf, pdftotext …) and returns its exit status and its output.
public func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
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
