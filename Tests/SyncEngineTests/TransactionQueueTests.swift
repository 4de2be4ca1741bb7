import Foundation
import Testing

@testable import SyncEngine

@Suite struct TransactionQueueTests {
    private struct Refused: Error, Equatable {}

    @Test func theBodyChangesTheCallersStateAndItsResultComesBack() async throws {
        let queue = TransactionQueue(label: "test")
        var seen: [Int] = []
        for round in 1...50 {
            let doubled = try await queue.run {
                seen.append(round)
                return round * 2
            }
            #expect(doubled == round * 2)
        }
        #expect(seen == Array(1...50))
    }

    @Test func theBodysErrorReachesTheCaller() async {
        let queue = TransactionQueue(label: "test")
        var ran = false
        await #expect(throws: Refused.self) {
            try await queue.run {
                ran = true
                throw Refused()
            }
        }
        #expect(ran)
    }

    /// The body runs on the queue's thread, outside every task (so outside the cooperative
    /// pool), while the caller is a task.
    @Test func theBodyRunsOutsideTheCallersTask() async throws {
        let queue = TransactionQueue(label: "test")
        #expect(withUnsafeCurrentTask { $0 != nil })
        let inTask = try await queue.run { withUnsafeCurrentTask { $0 != nil } }
        #expect(!inTask)
    }
}
