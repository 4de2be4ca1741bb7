import ArgumentParser
import Connectors
import Dispatch
import Foundation
import Logging
import Operations
import PostgresStore
import ServiceLifecycle
import SyncEngine
import SyncService

/// `ldapsync service`: the long-running form. A `ServiceGroup` of the scheduler (the sync cycle
/// every `schedule.interval`, password sync every `schedule.passwordSync`) and the HTTP side
/// (always `state/service.sock`; `--listen` adds TCP), all over one `LocalOperations` with the
/// service's connection pool and run queue. SIGTERM/SIGINT stop it after the current batch;
/// SIGHUP flushes the pool (the operators' conventional "reload", the same flush as the API's).
struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Run the sync cycle on a schedule, with the admin API; SIGHUP flushes connections, SIGTERM stops.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Override schedule.interval (e.g. 30m, 5s).") var interval: String?
    @Option(
        help:
            "Also serve the web console, the admin API (/api/, token in state/admin.token) and /metrics on HOST:PORT (e.g. 127.0.0.1:8787); off the loopback only with --tls-cert/--tls-key."
    )
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
            let fixed = try interval.map { text in
                do { return try DurationText.parse(text) } catch { throw CommandFailure("--interval: \(error)") }
            }
            let statePath = workspace.configuration.statePath
            let claim = try ServiceEndpoint.claim(stateDirectory: statePath)
            defer { claim.release() }
            let signal = SchedulerSignal()
            var operations = workspace.localOperations()
            operations.progress = nil
            operations.pool = ConnectionPool()
            operations.queue = RunQueue()
            operations.shouldStop = { signal.stopping }
            operations.schedulerChanged = { signal.settingsChanged() }
            let realtime = workspace.configuration.schedule.mode == .realtime ? RealtimeStatus() : nil
            operations.realtimeStatus = realtime
            // On a PostgreSQL state, services fail over: one active, the others standbys.
            let postgres = workspace.store as? PostgresSyncStore
            let role = postgres.map { _ in ServiceRole(role: .standby(active: nil)) }
            operations.serviceRole = role
            let ops = operations
            let logger = workspace.logger
            for connector in workspace.configuration.connectors {
                if let warning = connector.transportWarning { logger.warning("\(warning)", metadata: ["connector.name": "\(connector.name)"]) }
            }
            let hangup = HangupFlush(operations: ops, logger: logger)
            let events = EventRecorder(store: ops.store, logger: logger)
            let record: @Sendable (EventRecord) -> Void = { event in
                events.record(event)
                let level: Logger.Level = event.level == .error ? .error : (event.level == .warning ? .warning : .info)
                logger.log(level: level, "\(event.message)", metadata: ["event.id": "\(event.id)", "connector.name": "\(event.connector ?? "")"])
            }
            var scheduler = Scheduler(
                configuration: workspace.configuration, clock: ContinuousClock(), signal: signal, logger: logger, record: record,
                runCycle: { initial in
                    guard role?.isActive ?? true else { return logger.info("standby: the cycle is the active service's") }
                    do { _ = try await ops.cycle(initial: initial, options: RunOptions()) } catch { logger.error("sync cycle failed: \(error)") }
                },
                runPasswordSync: {
                    guard role?.isActive ?? true else { return }
                    for target in ops.configuration.connectors where target.role == .target {
                        do { _ = try await ops.run(target.name, .passwordSync, options: RunOptions()) } catch {
                            logger.error("password sync failed: \(error)")
                        }
                    }
                })
            scheduler.fixedInterval = fixed
            if let role { scheduler.isActive = { role.isActive } }
            let servers = try makeServers(ops, signal, logger)
            logger.info(
                "service started",
                metadata: [
                    "pid": "\(getpid())", "interval": "\(DurationText.format(fixed ?? workspace.configuration.schedule.interval))",
                    "passwordSync": "\(workspace.configuration.schedule.passwordSync.map(DurationText.format) ?? "off")",
                    "mode": "\(workspace.configuration.schedule.mode.rawValue)",
                ])
            var services: [any Service] = servers + [scheduler]
            if let postgres, let role {
                // First in the group, so the last to stop: the lease is given up only after the
                // scheduler's and real-time's current batch has committed.
                services.insert(FailoverService(store: postgres, role: role, signal: signal, logger: logger, record: record), at: 0)
            }
            if let realtime { services.append(RealtimeSync(operations: ops, status: realtime, logger: logger, record: record)) }
            let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            do {
                try await group.run()
            } catch {
                await events.finish()
                throw error
            }
            await events.finish()
            withExtendedLifetime(hangup) {}
            _ = try? await ops.flush()
            logger.info("service stopped")
            return 0
        }
    }

    /// The HTTP side: always `state/service.sock` (the command line's way in), and `--listen`
    /// when asked for (the console, remote admins, Prometheus).
    private func makeServers(_ operations: LocalOperations, _ signal: SchedulerSignal, _ logger: Logger) throws -> [any Service] {
        let statePath = operations.configuration.statePath
        var listeners = [AdminListener(address: .unixSocket(path: ServiceEndpoint.socketPath(stateDirectory: statePath)))]
        if let listen {
            var listener = AdminListener(address: try AdminListener.parse(listen: listen), hostNames: hostName)
            if let tlsCert, let tlsKey { listener.tls = .init(certificate: tlsCert, key: tlsKey) }
            try listener.validate(allowPlaintextOffLoopback: insecureHttpOffLoopback)
            if insecureHttpOffLoopback {
                logger.warning(
                    "the admin API listens off the loopback over plain HTTP (--insecure-http-off-loopback): the admin token crosses the network in clear"
                )
            }
            listeners.append(listener)
        }
        let server = AdminServer(
            operations: operations, token: try AdminToken.loadOrCreate(stateDirectory: statePath), requestCycle: { signal.requestCycle() })
        return try listeners.map { listener in
            try server.application(listener: listener, logger: logger) {
                logger.info("admin API listening", metadata: ["address": "\(listener.description)"])
            }
        }
    }
}

/// SIGHUP: the same flush as `POST /api/flush` (and the one after a password change).
final class HangupFlush: @unchecked Sendable {  // the source is only touched in init and deinit
    private let source: any DispatchSourceSignal

    init(operations: LocalOperations, logger: Logger) {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP)
        source.setEventHandler {
            Task {
                do { _ = try await operations.flush() } catch { logger.error("flush failed: \(error)") }
            }
        }
        source.resume()
        self.source = source
    }

    deinit { source.cancel() }
}
