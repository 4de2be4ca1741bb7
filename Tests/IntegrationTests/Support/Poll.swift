/// Asks `condition` every `interval` until it holds or `seconds` have passed; true when it held.
/// It asks once more after the deadline, so a poller that was starved of threads past the
/// deadline (dozens of suites at once on two cores) still sees a condition that came in time.
func poll(seconds: Int, interval: Duration = .milliseconds(200), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while true {
        if try await condition() { return true }
        guard ContinuousClock.now < deadline else { return false }
        try await Task.sleep(for: interval)
    }
}
