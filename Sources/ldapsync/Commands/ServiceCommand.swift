import ArgumentParser
import Connectors
import Dispatch
import Foundation
import Logging
import ServiceLifecycle
import SyncEngine
import SyncService

/// `ldapsync service`: the long-running form. Runs the sync cycle every `schedule.interval`
/// (the first one `--initial` when the run history is empty) and password sync every
/// `schedule.passwordSync` (default 2 minutes), keeps bound connections between
/// runs, and flushes them at once when told (SIGHUP, which `connector set-password` sends).
struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Run the sync cycle on a schedule; flush credentials on SIGHUP; stop on SIGTERM.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Override schedule.interval (e.g. 30m, 5s).") var interval: String?
    @Option(help: "Also serve the web console, the admin API (/api/, token in state/admin.token) and /metrics on HOST:PORT (e.g. 127.0.0.1:8787); off the loopback only with --tls-cert/--tls-key.")
    var listen: String?
    @Option(help: "PEM certificate chain for HTTPS on --listen.") var tlsCert: String?
    @Option(help: "PEM private key for HTTPS on --listen (mode 0600).") var tlsKey: String?
    @Option(help: "A name clients use to reach --listen (repeatable); requests for other names are refused (DNS rebinding).")
    var hostName: [String] = []
    @Flag(help: "Serve --listen off the loopback over plain HTTP: the admin token and passwords cross the network in clear. Do not.")
    var insecureHttpOffLoopback = false

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("give both --tls-cert and --tls-key, or neither") }
        if listen == nil, tlsCert != nil || !hostName.isEmpty || insecureHttpOffLoopback {
            throw ValidationError("--tls-cert, --tls-key, --host-name and --insecure-http-off-loopback apply to --listen, which was not given")
        }
    }

    func run() async throws {
        try await guarded {
            if GlobalOptions.liftedLogLevel == nil { GlobalOptions.liftedLogLevel = "info" }
            let workspace = try Workspace.open(global)
            let every = try interval.map { try DurationText.parse($0) } ?? workspace.configuration.schedule.interval
            let pidFile = ServicePIDFile(stateDirectory: workspace.configuration.statePath)
            try pidFile.write()
            defer { pidFile.remove() }
            let pool = ConnectionPool()
            var coordinator = workspace.coordinator()
            coordinator.pool = pool
            let signals = ServiceSignals(pool: pool, logger: workspace.logger, store: workspace.store)
            coordinator.shouldStop = { signals.stopping }
            let planner = CyclePlanner()
            let statePath = workspace.configuration.statePath
            let fingerprint = workspace.configuration.fingerprint
            let queue = RunQueue()
            let servers = try makeServers(workspace, signals, pool, queue, coordinator)
            defer { try? FileManager.default.removeItem(atPath: ServiceEndpoint.socketPath(stateDirectory: statePath)) }
            let passwordEvery = workspace.configuration.schedule.passwordSync
            for connector in workspace.configuration.connectors {
                if let warning = connector.transportWarning { workspace.logger.warning("\(warning)", metadata: ["connector.name": "\(connector.name)"]) }
            }
            workspace.logger.info("service started", metadata: [
                "pid": "\(getpid())", "interval": "\(DurationText.format(every))",
                "passwordSync": "\(passwordEvery.map(DurationText.format) ?? "off")",
            ])
            let fixedInterval = interval != nil
            // The scheduler is one service of the group, the HTTP side (with --listen) another;
            // SIGTERM/SIGINT shut the group down gracefully: the scheduler's current batch ends.
            let scheduler = ClosureService { [coordinator] in
                try await withGracefulShutdownHandler {
                    let clock = ContinuousClock()
                    var lastCycle: ContinuousClock.Instant?
                    var nextPasswordSync = clock.now
                    while !signals.stopping {
                        // The admin's `scheduler` settings are read at every wake-up: no restart needed.
                        let (loaded, damage) = SchedulerState.loadOrRecover(stateDirectory: statePath)
                        var schedule = loaded
                        if let damage {
                            _ = try? workspace.store.write { try $0.insert(damage) }
                            workspace.logger.warning("\(damage.message)", metadata: ["event.id": "\(damage.id)"])
                        }
                        let enabled = schedule.enabled ?? workspace.configuration.schedule.enabled
                        let cycleEvery = fixedInterval ? every : schedule.intervalSeconds.map { Duration.seconds($0) } ?? every
                        // Due an interval after the last start (a changed interval counts at once); while
                        // disabled nothing is due, and enabling starts one at once when it is overdue.
                        let nextCycle = lastCycle.map { $0 + cycleEvery } ?? clock.now
                        let asked = signals.takeCycleRequest()
                        if asked || (enabled && clock.now >= nextCycle) {
                            lastCycle = clock.now
                            let decision = planner.decide(now: Date(), state: schedule, fingerprint: fingerprint)
                            workspace.logger.info("scheduled sync cycle", metadata: ["initial": "\(decision.initial)", "reason": "\(decision.reason)"])
                            planner.record(decision, start: Date(), fingerprint: fingerprint, in: &schedule)
                            do {
                                try schedule.save(stateDirectory: statePath)
                            } catch {
                                workspace.logger.error("the scheduler's state could not be saved: \(error)")
                            }
                            do {
                                _ = try await queue.perform { try await coordinator.cycle(initial: decision.initial) }
                            } catch {
                                workspace.logger.error("sync cycle failed: \(error)")
                            }
                        }
                        if let passwordEvery, clock.now >= nextPasswordSync, !signals.stopping {
                            nextPasswordSync = clock.now + passwordEvery
                            do {
                                _ = try await queue.perform { try await coordinator.run(workspace.configuration.target.name, .passwordSync) }
                            } catch {
                                workspace.logger.error("password sync failed: \(error)")
                            }
                        }
                        // Wake at least every 5 s to see `scheduler` changes.
                        var wake = clock.now + .seconds(signals.cycleRequested ? 0 : 5)
                        if enabled { wake = min(wake, lastCycle.map { $0 + cycleEvery } ?? clock.now) }
                        if passwordEvery != nil { wake = min(wake, nextPasswordSync) }
                        await signals.sleep(max(.zero, wake - clock.now))
                    }
                } onGracefulShutdown: {
                    signals.requestStop()
                }
            }
            let group = ServiceGroup(services: servers + [scheduler],
                                     gracefulShutdownSignals: [.sigterm, .sigint], logger: workspace.logger)
            try await group.run()
            await pool.flush()
            workspace.logger.info("service stopped")
            return 0
        }
    }

    /// The HTTP side: always `state/service.sock` (the command line's way in), and `--listen`
    /// when asked for (the console, remote admins, Prometheus).
    private func makeServers(_ workspace: Workspace, _ signals: ServiceSignals, _ pool: ConnectionPool, _ queue: RunQueue,
                             _ coordinator: RunCoordinator) throws -> [any Service] {
        var listeners = [AdminListener(address: .unixSocket(path: ServiceEndpoint.socketPath(stateDirectory: workspace.configuration.statePath)))]
        if let listen {
            var listener = AdminListener(address: try AdminListener.parse(listen: listen), hostNames: hostName)
            if let tlsCert, let tlsKey { listener.tls = .init(certificate: tlsCert, key: tlsKey) }
            try listener.validate(allowPlaintextOffLoopback: insecureHttpOffLoopback)
            if insecureHttpOffLoopback { workspace.logger.warning("the admin API listens off the loopback over plain HTTP (--insecure-http-off-loopback): the admin token crosses the network in clear") }
            listeners.append(listener)
        }
        let token = try AdminToken.loadOrCreate(stateDirectory: workspace.configuration.statePath)
        var server = AdminServer(configuration: workspace.configuration, store: workspace.store, credentials: workspace.credentials,
                                 token: token, requestCycle: { signals.requestCycle() },
                                 flush: { [pool] in
                                     let closed = await pool.flush()
                                     let event = EventCatalog.cacheFlushed(connections: closed)
                                     _ = try? workspace.store.write { try $0.insert(event) }
                                     return closed
                                 })
        server.runCycle = { initial, options in try await queue.perform { try await coordinator.cycle(initial: initial, options: options) } }
        server.runProfile = { connector, profile, options in try await queue.perform { try await coordinator.run(connector, profile, options: options) } }
        return try listeners.map { listener in
            try server.application(listener: listener, logger: workspace.logger) {
                workspace.logger.info("admin API listening", metadata: ["address": "\(listener.description)"])
            }
        }
    }
}

/// The service's own signal handling and flags: SIGHUP flushes the connection pool at once;
/// the stop flag (set on graceful shutdown by the service group) ends the scheduler's loop
/// after the current batch; the admin API's requests for a cycle.
final class ServiceSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var stop = false
    private var sources: [any DispatchSourceSignal] = []

    init(pool: ConnectionPool, logger: Logger, store: any SyncStore) {
        signal(SIGHUP, SIG_IGN)
        let hup = DispatchSource.makeSignalSource(signal: SIGHUP)
        hup.setEventHandler {
            Task {
                let closed = await pool.flush()
                let event = EventCatalog.cacheFlushed(connections: closed)
                _ = try? store.write { try $0.insert(event) }
                logger.info("\(event.message)", metadata: ["event.id": "\(event.id)"])
            }
        }
        sources = [hup]
        sources.forEach { $0.resume() }
    }

    var stopping: Bool { lock.withLock { stop } }

    private var cycleAsked = false
    /// The admin API asked for a cycle now.
    func requestCycle() { lock.withLock { cycleAsked = true } }
    var cycleRequested: Bool { lock.withLock { cycleAsked } }
    /// Takes (and clears) a pending request for a cycle.
    func takeCycleRequest() -> Bool { lock.withLock { defer { cycleAsked = false }; return cycleAsked } }

    /// Ends the scheduler's loop after the current batch (graceful shutdown: SIGTERM, SIGINT).
    func requestStop() { lock.withLock { stop = true } }

    /// Sleeps for `duration`, waking early when asked to stop.
    func sleep(_ duration: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        while !stopping, clock.now < deadline {
            try? await Task.sleep(for: min(.milliseconds(200), deadline - clock.now))
        }
    }
}

/// `state/service.pid`: how `connector set-password` finds a running service to flush.
struct ServicePIDFile {
    let path: String

    init(stateDirectory: String) {
        path = (stateDirectory as NSString).appendingPathComponent("service.pid")
    }

    func write() throws {
        if let running = runningPID() {
            throw CommandFailure("a service is already running for this state folder (pid \(running))")
        }
        try "\(getpid())\n".write(toFile: path, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// The PID of a live `ldapsync service` for this state folder, if any.
    func runningPID() -> pid_t? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0, pid != getpid(),
              let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
              command.contains("ldapsync"), command.contains("service") else { return nil }
        return pid
    }
}

/// A service whose work is a closure (the scheduler's loop).
struct ClosureService: Service {
    let body: @Sendable () async throws -> Void
    func run() async throws { try await body() }
}
