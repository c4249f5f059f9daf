import Foundation

/// Another program on the PATH (sqlite3, psql, wrk, qpdf…), run to its end.
public enum ExternalTool {
    /// Runs `tool` and returns its exit status and what it printed (output and errors together), waiting on a thread
    /// of its own. Swift's cooperative pool has one thread per core, two here: `bench http` waited for wrk on one of
    /// them, so the server it loaded answered from the other alone, with a core standing idle.
    public static func run(_ tool: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runBlocking(tool, arguments) }) }.start()
        }
    }

    /// The same, on the caller's thread.
    public static func runBlocking(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
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
}
