import ArgumentParser
import Foundation
import Operations
import SyncEngine

/// `ldapsync scheduler show | set --interval D | enable | disable`: the service's scheduler.
/// Settings go to `state/scheduler.json`; a running service takes them at once.
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Show or change the service's sync cycle schedule (takes effect without a restart).",
        subcommands: [SchedulerShow.self, SchedulerSet.self, SchedulerEnable.self, SchedulerDisable.self])
}

/// Prints what `scheduler show` and every change report.
private func printSchedule(_ report: SchedulerReport) {
    print("enabled: \(report.enabled ? "yes" : "no")\(report.enabledOverridden ? " (scheduler enable/disable)" : " (configuration)")")
    print("interval: \(report.interval)\(report.intervalOverridden ? " (scheduler set)" : " (configuration)")")
    print("last cycle: \(report.lastCycleAt.map(humanDate) ?? "never")")
    print("last full cycle: \(report.lastFullCycleAt.map(humanDate) ?? "never")")
    print("next cycle: \(report.nextCycleAt.map(humanDate) ?? "none (disabled)"), \(report.nextCycle): \(report.reason)")
}

struct SchedulerShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "The schedule, the last cycles and what the next one will be.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await guarded {
            let workspace = try Workspace.open(global)
            let operations = workspace.operations()
            let report = try await operations.scheduler()
            if output.json {
                try printJSON(report)
                return 0
            }
            printSchedule(report)
            let schedule = workspace.configuration.schedule
            guard schedule.mode == .realtime else { return 0 }
            print(
                "mode: realtime (batch window \(DurationText.format(schedule.batchWindow)), poll interval \(DurationText.format(schedule.pollInterval)))"
            )
            guard let realtime = try? await operations.realtime() else {
                print("  no service runs: nothing is watched")
                return 0
            }
            for source in realtime.sources {
                let lag = source.p50Seconds.map { String(format: "lag p50 %.2f s, p99 %.2f s", $0, source.p99Seconds ?? $0) } ?? "no batch yet"
                print("  \(source.connector): \(source.watch), \(source.batches) batches, \(lag)")
            }
            return 0
        }
    }
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
            _ = try await Workspace.open(global).operations().changeScheduler(SchedulerChange(intervalSeconds: duration.components.seconds))
            print("Sync cycles every \(DurationText.format(duration)) from the next one on.")
            return 0
        }
    }
}

struct SchedulerEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Let the service start sync cycles.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await guarded {
            _ = try await Workspace.open(global).operations().changeScheduler(SchedulerChange(enabled: true))
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
            _ = try await Workspace.open(global).operations().changeScheduler(SchedulerChange(enabled: false))
            print("The scheduler is disabled: no new sync cycles until `ldapsync scheduler enable`.")
            return 0
        }
    }
}
