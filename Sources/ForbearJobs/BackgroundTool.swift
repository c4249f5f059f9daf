import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A tool `ExternalTool.start` left running: a worker a test kills part-way, a mail server it stops at the end.
public final class BackgroundTool: Sendable {
    public let pid: Int32
    /// Its exit status once it has been seen to end (it can be waited for only once).
    private let ended = Mutex<Int32?>(nil)

    init(pid: Int32) { self.pid = pid }

    public var isRunning: Bool {
        ended.withLock { ended in
            if ended == nil { ended = ExternalTool.exitStatus(waitingFor: pid, options: WNOHANG) }
            return ended == nil
        }
    }

    /// Sends `signal` unless it has ended (its process id may then belong to another process).
    public func kill(_ signal: Int32 = SIGKILL) {
        if isRunning { _ = Glibc.kill(pid, signal) }
    }

    /// Waits for it to end and returns its exit status (128 plus the signal when one ended it).
    @discardableResult
    public func waitUntilExit() -> Int32 {
        ended.withLock { ended in
            if ended == nil { ended = ExternalTool.exitStatus(waitingFor: pid, options: 0) }
            return ended ?? -1
        }
    }
}
