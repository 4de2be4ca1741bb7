import Foundation
import Logging
import SyncEngine
import SyncService
import Synchronization
import TestSupport
import Testing

/// The scheduler as a service over a clock the test moves: cycles when due (full, then delta),
/// at once when asked, none while disabled; time passes without anyone sleeping.
@Suite struct SchedulerTests {
    final class Calls: Sendable {
        let cycles = Mutex<[Bool]>([])
        var count: Int { cycles.withLock { $0.count } }
    }

    /// Waits (briefly, without moving time) until the scheduler is asleep again.
    private func settle(_ clock: ManualClock) async throws {
        for _ in 0..<2000 where clock.sleepers == 0 { try await Task.sleep(for: .milliseconds(1)) }
        try await Task.sleep(for: .milliseconds(5))
    }

    @Test func cyclesComeWhenDueWhenAskedAndNotWhileDisabled() async throws {
        let folder = NSTemporaryDirectory() + "ldapsync-scheduler-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder + "/state", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var builder = ConfigurationBuilder(connectors: [
            .init(name: "src", role: "source", uri: "ldap://127.0.0.1:1", bindDN: "cn=a,dc=x", baseDN: "dc=x"),
            .init(name: "dst", role: "target", uri: "ldap://127.0.0.1:2", bindDN: "cn=a,dc=y", baseDN: "dc=y"),
        ])
        builder.settings["schedule"] = "{ interval: 10m, passwordSync: off }"
        try builder.yaml.write(toFile: folder + "/ldapsync.yaml", atomically: true, encoding: .utf8)
        let configuration = try Configuration.load(path: folder + "/ldapsync.yaml")

        let clock = ManualClock()
        let signal = SchedulerSignal()
        let calls = Calls()
        let scheduler = Scheduler(
            configuration: configuration, clock: clock, signal: signal,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), record: { _ in },
            runCycle: { initial in calls.cycles.withLock { $0.append(initial) } }, runPasswordSync: {})
        let running = Task { try await scheduler.run() }

        try await settle(clock)
        #expect(calls.cycles.withLock { $0 } == [true], "the first cycle is full and starts at once")
        clock.advance(by: .seconds(9 * 60))
        try await settle(clock)
        #expect(calls.count == 1, "not due yet")
        clock.advance(by: .seconds(60))
        try await settle(clock)
        #expect(calls.cycles.withLock { $0 } == [true, false], "due after the interval, and a delta cycle")
        signal.requestCycle()
        try await settle(clock)
        #expect(calls.count == 3, "asked for: at once")

        // Disabled (as `scheduler disable` does through the operations): nothing is due.
        var state = try SchedulerState.load(stateDirectory: configuration.statePath)
        state.enabled = false
        try state.save(stateDirectory: configuration.statePath)
        signal.settingsChanged()
        try await settle(clock)
        clock.advance(by: .seconds(3600))
        try await settle(clock)
        #expect(calls.count == 3)
        // Enabled again: overdue, so at once.
        state.enabled = true
        try state.save(stateDirectory: configuration.statePath)
        signal.settingsChanged()
        try await settle(clock)
        #expect(calls.count == 4)

        signal.stop()
        try await running.value
    }
}
