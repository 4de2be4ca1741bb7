import Foundation
import SyncEngine

extension LocalOperations {
    public func scheduler() async throws -> SchedulerReport {
        Self.schedulerReport(
            configuration: configuration, state: SchedulerState.loadOrRecover(stateDirectory: configuration.statePath).state, now: Date())
    }

    public func changeScheduler(_ change: SchedulerChange) async throws -> SchedulerReport {
        var state = SchedulerState.loadOrRecover(stateDirectory: configuration.statePath).state
        if let seconds = change.intervalSeconds {
            guard seconds >= 1, seconds <= DurationText.maximumSeconds else {
                throw OperationError(.invalid, "the interval must be from 1s to \(DurationText.maximumSeconds)s (100 years), not \(seconds)s")
            }
            state.intervalSeconds = seconds
        }
        if let enabled = change.enabled { state.enabled = enabled }
        try state.save(stateDirectory: configuration.statePath)
        schedulerChanged()
        return Self.schedulerReport(configuration: configuration, state: state, now: Date())
    }

    /// What the scheduler's settings and state say (pure: the service's scheduler uses it too).
    public static func schedulerReport(configuration: Configuration, state: SchedulerState, now: Date) -> SchedulerReport {
        let enabled = state.enabled ?? configuration.schedule.enabled
        let interval = state.intervalSeconds.map { Duration.seconds($0) } ?? configuration.schedule.interval
        let planner = CyclePlanner()
        let decision = planner.decide(now: now, state: state, fingerprint: configuration.fingerprint)
        return SchedulerReport(
            enabled: enabled, enabledOverridden: state.enabled != nil, interval: DurationText.format(interval),
            intervalOverridden: state.intervalSeconds != nil, lastCycleAt: state.lastCycleAt, lastFullCycleAt: state.lastFullCycleAt,
            nextCycleAt: enabled ? planner.nextCycle(after: state.lastCycleAt, interval: TimeInterval(interval.components.seconds), now: now) : nil,
            nextCycle: decision.initial ? "full" : "delta", reason: decision.reason)
    }
}
