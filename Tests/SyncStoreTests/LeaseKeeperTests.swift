import Foundation
import PostgresStore
import Testing

/// The lease is renewed on time even while every thread of Swift's cooperative pool is busy
/// (a service whose runs keep the engine's threads working must not lose its lease to them).
@Suite struct LeaseKeeperTests {
    /// Instants noted from several threads.
    final class Instants: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [ContinuousClock.Instant] = []
        func add(_ value: ContinuousClock.Instant) { lock.withLock { values.append(value) } }
        var all: [ContinuousClock.Instant] { lock.withLock { values } }
    }

    @Test func renewalsGoOnWhileTheCooperativePoolIsBusy() async throws {
        let attempts = Instants()
        // Every 0.3 s.
        let keeper = LeaseKeeper(duration: .milliseconds(900)) {
            attempts.add(.now)
            return .active(token: 1, previous: nil, previousExpiry: nil)
        }
        let keeping = Task { await keeper.run { _ in } }
        // Once its thread runs (starting it takes a thread of the pool, like any task).
        while attempts.all.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        // Twice as many blockers as the pool has threads, 2 s each, as long synchronous runs
        // do; then a probe task. While the probe waits for a thread, the pool serves nobody
        // (whatever else runs in this process meanwhile): that wait is the window observed.
        let width = ProcessInfo.processInfo.activeProcessorCount * 2 + 2
        let probe = Instants()
        let queuedAt = Instants()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<width { group.addTask { usleep(2_000_000) } }
            usleep(200_000)
            queuedAt.add(.now)
            group.addTask { probe.add(.now) }
        }
        keeper.requestStop()
        await keeping.value
        let from = try #require(queuedAt.all.first)
        let until = try #require(probe.all.first)
        // The pool really was blocked: the probe waited for a blocker to finish.
        #expect(until - from >= .seconds(1), "the probe waited only \(until - from)")
        let during = attempts.all.filter { $0 > from && $0 < until }
        #expect(during.count >= 2, "only \(during.count) renewals in \(until - from) while the pool was busy")
    }
}
