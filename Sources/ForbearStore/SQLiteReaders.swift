import Synchronization

/// The read-only SQLite connections beside the writer. A body takes a free one, or waits its turn in order.
final class SQLiteReaders: Sendable {
    private struct State {
        var free: [SQLiteHandle]
        var waiting: [CheckedContinuation<SQLiteHandle, Never>] = []
    }

    private let all: [SQLiteHandle]
    private let state: Mutex<State>

    init(_ handles: [SQLiteHandle]) {
        all = handles
        state = Mutex(State(free: handles))
    }

    func withHandle<T: Sendable>(_ body: (SQLiteHandle) async throws -> T) async throws -> T {
        let handle = await take()
        defer { give(handle) }
        return try await body(handle)
    }

    var count: Int { all.count }

    /// Statements planned again on any of the readers (`SQLiteHandle.replanned`).
    var replanned: Int { all.reduce(0) { $0 + $1.replanned.load(ordering: .relaxed) } }

    func close() {
        for handle in all { handle.close() }
    }

    private func take() async -> SQLiteHandle {
        if let handle = state.withLock({ $0.free.popLast() }) { return handle }
        return await withCheckedContinuation { continuation in
            let handle = state.withLock { state -> SQLiteHandle? in
                if let handle = state.free.popLast() { return handle }
                state.waiting.append(continuation)
                return nil
            }
            if let handle { continuation.resume(returning: handle) }
        }
    }

    private func give(_ handle: SQLiteHandle) {
        let next = state.withLock { state -> CheckedContinuation<SQLiteHandle, Never>? in
            if state.waiting.isEmpty {
                state.free.append(handle)
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: handle)
    }
}
