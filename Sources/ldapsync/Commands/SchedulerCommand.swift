import ArgumentParser
import Foundation
import SyncEngine

/// `ldapsync scheduler show | set --interval D | enable | disable`: the service's scheduler.
/// Settings go to `state/scheduler.json`; a running service reads them within 5 seconds.
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Show or change the service's sync cycle schedule (takes effect without a restart).",
        subcommands: [SchedulerShow.self, SchedulerSet.self, SchedulerEnable.self, SchedulerDisable.self])
}

/// What `scheduler show` prints.
struct SchedulerReport: Encodable {
    var enabled: Bool
    var interval: String
    var lastCycleAt: Date?
    var lastFullCycleAt: Date?
    var nextCycleAt: Date?
    var nextCycle: String
    var reason: String
}

struct SchedulerShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "The schedule, the last cycles and what the next one will be.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await guarded {
            let workspace = try Workspace.open(global)
            let state = try SchedulerState.load(stateDirectory: workspace.configuration.statePath)
            let enabled = state.enabled ?? workspace.configuration.schedule.enabled
            let interval = state.intervalSeconds.map { Duration.seconds($0) } ?? workspace.configuration.schedule.interval
            let planner = CyclePlanner()
            let decision = planner.decide(now: Date(), state: state, fingerprint: workspace.configuration.fingerprint)
            let seconds = TimeInterval(interval.components.seconds)
            let report = SchedulerReport(
                enabled: enabled, interval: DurationText.format(interval), lastCycleAt: state.lastCycleAt, lastFullCycleAt: state.lastFullCycleAt,
                nextCycleAt: enabled ? planner.nextCycle(after: state.lastCycleAt, interval: seconds, now: Date()) : nil,
                nextCycle: decision.initial ? "full" : "delta", reason: decision.reason)
            if output.json { try printJSON(report); return 0 }
            print("enabled: \(enabled ? "yes" : "no")\(state.enabled == nil ? " (configuration)" : " (scheduler enable/disable)")")
            print("interval: \(report.interval)\(state.intervalSeconds == nil ? " (configuration)" : " (scheduler set)")")
            print("last cycle: \(state.lastCycleAt.map(humanDate) ?? "never")")
            print("last full cycle: \(state.lastFullCycleAt.map(humanDate) ?? "never")")
            print("next cycle: \(report.nextCycleAt.map(humanDate) ?? "none (disabled)"), \(report.nextCycle): \(report.reason)")
            return 0
        }
    }
}

/// Loads the scheduler's state, changes it and saves it: what `set`, `enable` and `disable` share.
private func updateScheduler(_ global: GlobalOptions, _ change: (inout SchedulerState) throws -> Void) throws {
    let workspace = try Workspace.open(global)
    var state = try SchedulerState.load(stateDirectory: workspace.configuration.statePath)
    try change(&state)
    try state.save(stateDirectory: workspace.configuration.statePath)
}

struct SchedulerSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Change the time between sync cycles.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Time between the starts of two cycles (e.g. 30m, 1h, 90s; at least 1s).") var interval: String

    func run() async throws {
        try await guarded {
            let duration: Duration
            do {
                duration = try DurationText.parse(interval)
            } catch {
                throw CommandFailure("--interval: \(error)")
            }
            guard duration >= .seconds(1) else { throw CommandFailure("--interval must be at least 1s, not \(interval)") }
            try updateScheduler(global) { $0.intervalSeconds = duration.components.seconds }
            print("Sync cycles every \(DurationText.format(duration)) from the next one on (a running service reads it within 5 seconds).")
            return 0
        }
    }
}

struct SchedulerEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Let the service start sync cycles.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await guarded {
            try updateScheduler(global) { $0.enabled = true }
            print("The scheduler is enabled.")
            return 0
        }
    }
}

struct SchedulerDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Stop the service from starting sync cycles (a cycle in progress finishes; manual runs still work).")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await guarded {
            try updateScheduler(global) { $0.enabled = false }
            print("The scheduler is disabled: no new sync cycles until `ldapsync scheduler enable`.")
            return 0
        }
    }
}
