import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Another program on the PATH (sqlite3, psql, wrk, qpdf…), run to its end.
///
/// Started with `posix_spawn` rather than Foundation's `Process`: on Linux, `Process.run()` reads `/proc/self/fd`
/// with a copy that can run past the end of its buffer (swift-corelibs-foundation #5472), and crashed a test run here
/// that had many database files open while tools were started.
public enum ExternalTool {
    /// Runs `tool` and returns its exit status and what it printed (output and errors together), waiting on a thread
    /// of its own. Swift's cooperative pool has one thread per core, two here: `bench http` waited for wrk on one of
    /// them, so the server it loaded answered from the other alone, with a core standing idle.
    public static func run(_ tool: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runBlocking(tool, arguments) }) }.start()
        }
    }

    /// The same, on the caller's thread. The status is the tool's exit code, or 128 plus the signal that ended it.
    public static func runBlocking(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        // Close-on-exec, so a tool another thread starts does not hold this pipe open (the copies on 1 and 2 stay).
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        let argv = (["/usr/bin/env", tool] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        let started = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, envp)
        close(fds[1])
        guard started == 0 else {
            close(fds[0])
            throw POSIXError(.init(rawValue: started) ?? .EIO)
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n > 0 {
                output.append(contentsOf: buffer[0..<n])
            } else if n == 0 || errno != EINTR {
                break
            }
        }
        close(fds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signal = status & 0x7f
        return (signal == 0 ? (status >> 8) & 0xff : 128 + signal, String(decoding: output, as: UTF8.self))
    }
}
