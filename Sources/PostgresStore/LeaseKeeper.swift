import Foundation

/// Takes or renews the lease every third of its time, on a thread of its own.
///
/// The engine's runs do their store and directory work synchronously on Swift's cooperative
/// pool (as wide as the machine has cores); a renewal scheduled there with `Task.sleep` waits
/// behind them, and a busy active service on 2 cores once let its lease run out while it was
/// working. Here the wait and the renewal never touch that pool (and the store's pool opens a
/// connection when none is idle), so a busy engine does not delay them.
public final class LeaseKeeper: Sendable {
    public typealias Attempt = @Sendable () throws -> PostgresLease.Outcome
    public let duration: Duration
    private let attempt: Attempt
    private let stop = StopSignal()

    /// Keeps `lease`, taken or renewed for `duration` at each attempt.
    public convenience init(lease: PostgresLease, duration: Duration) {
        self.init(duration: duration) { try lease.acquireOrRenew(for: duration) }
    }

    /// Makes `attempt` every third of `duration`.
    public init(duration: Duration, attempt: @escaping Attempt) {
        self.duration = duration
        self.attempt = attempt
    }

    /// Attempts at once and then every third of the lease time, handing each outcome (or why
    /// the database did not answer) to `outcome`, on the keeper's thread; returns once
    /// `requestStop` was called (or the task was cancelled) and the last attempt is over.
    public func run(_ outcome: @escaping @Sendable (Result<PostgresLease.Outcome, any Error>) -> Void) async {
        let every = duration / 3
        let (attempt, stop) = (attempt, stop)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let thread = Thread {
                    while !stop.isRequested {
                        outcome(Result { try attempt() })
                        stop.wait(every)
                    }
                    continuation.resume()
                }
                thread.name = "ldapsync lease"
                thread.start()
            }
        } onCancel: {
            stop.request()
        }
    }

    /// Ends `run` within moments (a wait in progress is cut short).
    public func requestStop() { stop.request() }
}

/// A stop request a thread can wait on with a time limit (measured on the monotonic clock).
private final class StopSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var requested = false

    var isRequested: Bool {
        condition.lock()
        defer { condition.unlock() }
        return requested
    }

    func request() {
        condition.lock()
        requested = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until `duration` has passed or a stop is requested.
    func wait(_ duration: Duration) {
        let end = ContinuousClock.now + duration
        condition.lock()
        defer { condition.unlock() }
        while !requested {
            let left = end - ContinuousClock.now
            guard left > .zero else { return }
            // In steps of at most a second, so a change of the wall clock cannot stretch it.
            let step = min(left, .seconds(1))
            let seconds = Double(step.components.seconds) + Double(step.components.attoseconds) / 1e18
            _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
        }
    }
}
