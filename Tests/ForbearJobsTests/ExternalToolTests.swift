import ForbearJobs
import Foundation
import Testing

/// `bench http` runs wrk beside the server it loads, in the same process. Swift runs tasks on one thread per core, so
/// a tool waited for on one of them leaves the server a core short.
@Suite struct ExternalToolTests {
    @Test func waitingForToolsLeavesTheThreadsForTasksFree() async throws {
        // given as many tools running, for a second each, as Swift has threads for tasks
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let finished = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<cores {
                group.addTask {
                    let (status, _) = try await ExternalTool.run("sleep", ["1"])
                    return status == 0 ? "tool" : "failed tool"
                }
            }
            // when a task has other work to do meanwhile
            group.addTask {
                try await Task.sleep(for: .milliseconds(100))
                return "work"
            }
            var order: [String] = []
            for try await name in group { order.append(name) }
            return order
        }
        // then it is done before any tool
        #expect(finished == ["work"] + Array(repeating: "tool", count: cores))
    }

    @Test func aToolsStatusAndOutputAreReturned() async throws {
        let (status, output) = try await ExternalTool.run("sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(status == 3)
        #expect(output.contains("out") && output.contains("err"))
        // and a tool that is not installed says so, as the shell would
        let missing = try await ExternalTool.run("forbear-no-such-tool", [])
        #expect(missing.status == 127 && missing.output.contains("forbear-no-such-tool"))
    }

    @Test func aToolLeftRunningIsSeenRunningUntilItIsKilled() throws {
        // given a tool left running
        let tool = try ExternalTool.start("sleep", ["30"])
        #expect(tool.isRunning)
        // when it is killed
        tool.kill(SIGKILL)
        // then it ended by that signal, and is no longer running
        #expect(tool.waitUntilExit() == 128 + SIGKILL)
        #expect(!tool.isRunning)
        // and one that ends by itself gives its exit code
        let quick = try ExternalTool.start("sh", ["-c", "exit 4"])
        #expect(quick.waitUntilExit() == 4)
        #expect(!quick.isRunning)
    }
}
