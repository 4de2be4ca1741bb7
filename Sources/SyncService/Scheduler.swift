import Foundation
import Logging
import ServiceLifecycle
import SyncEngine
import Synchronization

/// What wakes the scheduler before its next due time: the admin asked for a cycle now, the
/// schedule's settings changed (`scheduler set/enable/disable`), or the service is stopping.
public final class SchedulerSignal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let state = Mutex(SignalState())

    struct SignalState {
        var cycleRequested = false
        var stopping = false
    }

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// A cycle now (`POST /api/cycle`, the console's button).
    public func requestCycle() {
        state.withLock { $0.cycleRequested = true }
        continuation.yield()
    }

    /// The settings changed: look at them again.
    public func settingsChanged() { continuation.yield() }

    /// Graceful shutdown: end the loop after the current run.
    public func stop() {
        state.withLock { $0.stopping = true }
        continuation.yield()
    }

    public var stopping: Bool { state.withLock { $0.stopping } }

    /// Takes (and clears) a pending request for a cycle.
    func takeCycleRequest() -> Bool {
        state.withLock { state in
            defer { state.cycleRequested = false }
            return state.cycleRequested
        }
    }

    /// Waits for the next signal.
    func next() async {
        var iterator = stream.makeAsyncIterator()
        _ = await iterator.next()
    }
}

/// The service's scheduler: a sync cycle every `schedule.interval` (full or delta as
/// `CyclePlanner` decides), password sync every `schedule.passwordSync`, the admin's settings
/// (`state/scheduler.json`) read at every wake-up. Time comes from an injected clock, so tests
/// advance it without sleeping; it sleeps until the next due time or a signal, never polls.
public struct Scheduler<C: Clock>: Service where C.Duration == Duration {
    public let configuration: Configuration
    public let clock: C
    public let signal: SchedulerSignal
    /// `--interval`: overrides the configuration and `scheduler set`.
    public var fixedInterval: Duration?
    /// Wall-clock time, for the planner (how old the last full cycle is).
    public var now: @Sendable () -> Date = { Date() }
    public let runCycle: @Sendable (_ initial: Bool) async -> Void
    public let runPasswordSync: @Sendable () async -> Void
    /// Records an event (a damaged state file).
    public let record: @Sendable (EventRecord) -> Void
    /// Whether this service runs the cycles (failover: a standby waits, and is woken through
    /// `signal` when it becomes active; the cycle due then runs at once).
    public var isActive: @Sendable () -> Bool = { true }
    public let logger: Logger

    public init(
        configuration: Configuration, clock: C, signal: SchedulerSignal, logger: Logger,
        record: @escaping @Sendable (EventRecord) -> Void,
        runCycle: @escaping @Sendable (_ initial: Bool) async -> Void, runPasswordSync: @escaping @Sendable () async -> Void
    ) {
        self.configuration = configuration
        self.clock = clock
        self.signal = signal
        self.logger = logger
        self.record = record
        self.runCycle = runCycle
        self.runPasswordSync = runPasswordSync
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await loop()
        } onGracefulShutdown: {
            signal.stop()
        }
    }

    private func loop() async throws {
        let planner = CyclePlanner()
        let statePath = configuration.statePath
        let fingerprint = configuration.fingerprint
        let passwordEvery = configuration.schedule.passwordSync
        var lastCycle: C.Instant?
        var nextPasswordSync = clock.now
        while !signal.stopping {
            guard isActive() else {
                await sleep(until: nil)
                continue
            }
            // The admin's settings are read at every wake-up: no restart needed.
            let (loaded, damage) = SchedulerState.loadOrRecover(stateDirectory: statePath, now: now())
            var state = loaded
            if let damage { record(damage) }
            let enabled = state.enabled ?? configuration.schedule.enabled
            let every = fixedInterval ?? state.intervalSeconds.map { Duration.seconds($0) } ?? configuration.schedule.interval
            // Due an interval after the last start (a changed interval counts at once); while
            // disabled nothing is due, and enabling starts one at once when it is overdue.
            let dueCycle = lastCycle.map { $0.advanced(by: every) } ?? clock.now
            if signal.takeCycleRequest() || (enabled && clock.now >= dueCycle) {
                lastCycle = clock.now
                let decision = planner.decide(now: now(), state: state, fingerprint: fingerprint)
                logger.info("scheduled sync cycle", metadata: ["initial": "\(decision.initial)", "reason": "\(decision.reason)"])
                planner.record(decision, start: now(), fingerprint: fingerprint, in: &state)
                do {
                    try state.save(stateDirectory: statePath)
                } catch {
                    logger.error("the scheduler's state could not be saved: \(error)")
                }
                await runCycle(decision.initial)
                continue
            }
            if let passwordEvery, clock.now >= nextPasswordSync {
                nextPasswordSync = clock.now.advanced(by: passwordEvery)
                await runPasswordSync()
                continue
            }
            var wake: C.Instant?
            if enabled { wake = lastCycle.map { $0.advanced(by: every) } ?? clock.now }
            if passwordEvery != nil { wake = wake.map { min($0, nextPasswordSync) } ?? nextPasswordSync }
            await sleep(until: wake)
        }
    }

    /// Sleeps until `deadline` (forever when nil) or until a signal, whichever comes first.
    private func sleep(until deadline: C.Instant?) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await signal.next() }
            if let deadline {
                group.addTask { try? await clock.sleep(until: deadline, tolerance: nil) }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
