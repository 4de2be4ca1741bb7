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
        // Every thread of the pool (and more) blocked for 2 s, as long synchronous runs do.
        let width = ProcessInfo.processInfo.activeProcessorCount + 2
        let starts = Instants()
        let ends = Instants()
        let probe = Instants()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<width {
                group.addTask {
                    starts.add(.now)
                    usleep(2_000_000)
                    ends.add(.now)
                }
            }
            // Scheduled once the blockers hold the pool: it can only start after one ends.
            usleep(200_000)
            group.addTask { probe.add(.now) }
        }
        keeper.requestStop()
        await keeping.value
        // The pool is saturated once as many blockers started as it has threads.
        let blockedFrom = try #require(starts.all.sorted().dropLast(2).last)
        let blockedUntil = try #require(ends.all.min())
        // The pool really was blocked: a task made meanwhile waited for it.
        let probed = try #require(probe.all.first)
        #expect(probed >= blockedUntil - .milliseconds(100))
        let during = attempts.all.filter { $0 > blockedFrom && $0 < blockedUntil }
        #expect(during.count >= 3, "only \(during.count) renewals in \(blockedUntil - blockedFrom) of a busy pool")
    }
}
