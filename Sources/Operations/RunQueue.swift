/// One run (or cycle) at a time inside the service, whoever asks: the scheduler or the admin
/// API (the CLI's `cycle`, `run`, and the console). Waiting happens here, in async code, never
/// on a run lock's blocking `flock`.
public actor RunQueue {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    /// Runs `body` when nothing else runs.
    public func perform<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        while busy { await withCheckedContinuation { waiters.append($0) } }
        busy = true
        defer {
            busy = false
            if !waiters.isEmpty { waiters.removeFirst().resume() }
        }
        return try await body()
    }
}
