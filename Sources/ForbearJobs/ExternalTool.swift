import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Another program on the PATH (sqlite3, psql, wrk, qpdf…), run to its end, or left running in the background.
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
        let pid: pid_t
        do {
            pid = try spawn(tool, arguments, output: fds[1])
            close(fds[1])
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
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
        return (exitStatus(waitingFor: pid, options: 0) ?? -1, String(decoding: output, as: UTF8.self))
    }

    /// Starts `tool` and leaves it running, its output and errors discarded.
    public static func start(_ tool: String, _ arguments: [String]) throws -> BackgroundTool {
        BackgroundTool(pid: try spawn(tool, arguments, output: nil))
    }

    /// `/usr/bin/env tool arguments…`, printing to `output` (nil: nowhere).
    private static func spawn(_ tool: String, _ arguments: [String], output: Int32?) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target: Int32 in [1, 2] {
            if let output {
                posix_spawn_file_actions_adddup2(&actions, output, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        let argv = (["/usr/bin/env", tool] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        let started = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, envp)
        guard started == 0 else { throw POSIXError(.init(rawValue: started) ?? .EIO) }
        return pid
    }

    /// The exit code of `pid` (128 plus the signal when one ended it), once it has ended; nil if `options` has
    /// `WNOHANG` and it is still running.
    static func exitStatus(waitingFor pid: pid_t, options: Int32) -> Int32? {
        var status: Int32 = 0
        var reaped = waitpid(pid, &status, options)
        while reaped == -1 && errno == EINTR { reaped = waitpid(pid, &status, options) }
        guard reaped == pid else { return nil }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
