import Credentials
import Foundation
import LDAPClient
import Logging
import SyncEngine

/// Runs run profiles and sync cycles: takes the connector's run lock, records the run in the
/// run history with its counters and per-object errors, writes events, and maps every failure
/// to the status admins search for.
public struct RunCoordinator: Sendable {
    public let configuration: Configuration
    public let store: any SyncStore
    public let credentials: CredentialStore
    public let logger: Logger
    /// Told of progress (connector, profile, objects done) for a TTY display.
    public var progress: (@Sendable (String, RunProfile, Int) -> Void)?
    /// Connections kept between runs (the service); nil: every run connects and closes.
    public var pool: ConnectionPool?
    /// Asked at batch boundaries of imports and exports, and between the runs of a cycle: true
    /// (the service got SIGTERM) ends the run as `stopped-shutdown` and the cycle there.
    public var shouldStop: @Sendable () -> Bool = { false }

    /// A coordinator over a configuration, a store and the credential store.
    public init(configuration: Configuration, store: any SyncStore, credentials: CredentialStore, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.credentials = credentials
        self.logger = logger
    }

    /// Runs one profile on one connector and returns its finished run record.
    public func run(_ connectorName: String, _ profile: RunProfile, options: RunOptions = RunOptions()) async throws -> RunRecord {
        try await run(connectorName, profile, options: options, within: nil)
    }

    /// Runs one profile on one connector; `within`: inside a cycle that holds every run lock
    /// (an export there may start beside the syncs, see `CycleExportOverlap`).
    func run(
        _ connectorName: String, _ profile: RunProfile, options: RunOptions = RunOptions(), within cycle: RunLocks?,
        overlap: CycleExportOverlap? = nil
    ) async throws -> RunRecord {
        guard let connector = configuration.connector(named: connectorName) else {
            throw CoordinatorError(
                "no connector is named \"\(connectorName)\" in \(configuration.file); known: "
                    + configuration.connectors.map(\.name).joined(separator: ", "), kind: .notFound)
        }
        if profile == .export, connector.role != .target {
            throw CoordinatorError(
                "\"\(connector.name)\" is a source connector; only target connectors export (\(configuration.targets.map(\.name).joined(separator: ", ")))"
            )
        }
        if profile == .passwordSync, connector.role != .target {
            throw CoordinatorError(
                "\"\(connector.name)\" is a source connector; password sync runs on a target connector (\(configuration.targets.map(\.name).joined(separator: ", ")))"
            )
        }
        if profile == .export, configuration.stagingMode {
            throw CoordinatorError(
                "staging mode is on: exports are not written. See what would be written with `ldapsync export preview \(connector.name)`")
        }
        let trimmedBefore = FreedMemory.spent
        let record = try await perform(connector, profile, within: cycle) { run in try await execute(connector, profile, options, overlap, &run) }
        // What a large run freed goes back to the system before the next run of a cycle or of
        // the service: glibc keeps it per thread arena otherwise, and a cycle's peak became the
        // sum of its runs' (measured: 396 MB for an initial cycle whose largest run peaks at
        // 265 MB). Not after small runs (real-time batches): trimming walks the whole heap.
        if record.counters.changes + record.counters.unchanged >= 10_000 { FreedMemory.release() }
        if let memory = ProcessMemory.current() {
            let trimmed = FreedMemory.spent
            logger.info(
                "run ended",
                metadata: [
                    "connector.name": "\(connector.name)", "run.profile": "\(profile.rawValue)", "run.status": "\(record.status.rawValue)",
                    "memory.residentMB": "\(ProcessMemory.megabytes(memory.resident))", "memory.peakMB": "\(ProcessMemory.megabytes(memory.peak))",
                    "memory.returned": "\(trimmed.calls - trimmedBefore.calls)",
                    "memory.returnSeconds": "\(String(format: "%.3f", trimmed.seconds - trimmedBefore.seconds))",
                ])
        }
        return record
    }

    /// Records one run of `profile` on `connector` around `body`: takes the run lock of the
    /// connector spaces it writes, records the run and its events, and maps every failure to a
    /// status.
    func perform(
        _ connector: ConnectorConfiguration, _ profile: RunProfile, message: String? = nil, within cycle: RunLocks? = nil,
        _ body: (inout RunRecord) async throws -> Void
    ) async throws -> RunRecord {
        // A sync writes every target's connector space too (their pending exports).
        let spaces =
            profile == .fullSync || profile == .deltaSync
            ? [connector.name] + configuration.targets.map(\.name).filter { $0 != connector.name } : [connector.name]
        let locks = cycle == nil ? try await lock(spaces) : nil
        defer { locks?.release() }
        if cycle == nil { try await closeInterruptedRuns(connector.name) }
        var run = RunRecord(connector: connector.name, profile: profile, startedAt: Date())
        run.message = message
        run.id = try await store.write { try $0.insertRun(run) }
        try await emit(EventCatalog.runStarted(run))
        // Every run ends with a status, whatever went wrong: never left `in-progress`, and a
        // failure never reads as success. The events that say why it stopped are committed with
        // its end: whoever reads the event reads the run's final status too.
        var closing: [EventRecord] = []
        do {
            try await body(&run)
        } catch let stop as RunStop {
            run.status = stop.status
            run.message = stop.message
            closing = stop.events
        } catch let error as LDAPError {
            if error.isCredentialRejection {
                run.status = .stoppedCredentials
            } else if error.isConnectionLost || error.isTransient {
                run.status = .stoppedServerDown
                closing = [EventCatalog.connectionFailed(connector: connector.name, reason: error.description, runID: run.id)]
            } else {
                run.status = .stoppedDirectoryError
            }
            run.message = error.description
        } catch is CancellationError {
            run.status = .stoppedShutdown
            run.message = RunStop.shutdown.message
        } catch {
            run.status = .stoppedError
            run.message = "\(error)"
        }
        if profile != .fullSync, profile != .deltaSync, let warning = connector.transportWarning {
            run.message = [run.message, "Warning: \(warning)"].compactMap { $0 }.joined(separator: ". ")
        }
        run.endedAt = Date()
        let finished = run
        try await store.write { [closing] session in
            for event in closing { _ = try session.insert(event) }
            try session.updateRun(finished)
            try session.appendRunErrors(Array(finished.errors.prefix(configuration.errorLimit)), runID: finished.id)
            try session.appendRunResults(finished.results, runID: finished.id)
        }
        for event in closing { log(event) }
        try await emit(EventCatalog.runFinished(run))
        return run
    }

    /// Takes the run locks of `connectors`: this host's, and the store's when the state is in
    /// a database server shared by hosts (their runs exclude each other there).
    func lock(_ connectors: [String]) async throws -> RunLocks {
        let lock = try await RunLock.acquire(stateDirectory: configuration.statePath, connectors: connectors, logger: logger)
        let shared = try await store.sharedRunLock(connectors: connectors) { [logger] name, holder in
            logger.warning("waiting for the run lock of \"\(name)\" in the store, held by \(holder)")
        }
        return RunLocks(local: lock, shared: shared)
    }

    private func execute(
        _ connector: ConnectorConfiguration, _ profile: RunProfile, _ options: RunOptions, _ overlap: CycleExportOverlap?, _ run: inout RunRecord
    ) async throws {
        let report: @Sendable (Int) -> Void = { [progress] done in progress?(connector.name, profile, done) }
        switch profile {
        case .fullSync, .deltaSync:
            var synchronizer = try await Synchronizer(configuration: configuration, store: store)
            synchronizer.runID = run.id
            synchronizer.transactionEnded = { values in if values >= FreedMemory.worthReleasing { FreedMemory.release() } }
            let outcome = try await synchronizer.run(connector: connector, full: profile == .fullSync) { done, _ in report(done) }
            run.counters = outcome.counters
            run.errors = outcome.errors
            run.status = outcome.stoppedAtErrorLimit ? .stoppedErrorLimit : (outcome.errors.isEmpty ? .success : .completedSyncErrors)
        case .fullImport, .deltaImport:
            let login = DirectoryLogin(connector: connector, credentials: credentials, pool: pool)
            let (connection, generation) = try await login.open(runID: run.id)
            let runID = run.id
            let outcome: ImportOutcome
            do {
                // A full import reads the schema afresh (classes, references, syntaxes may change);
                // a delta import uses the stored one, read once if there is none yet.
                var schema = profile == .fullImport ? nil : try await SchemaDiscovery.stored(connector, store: store)
                if schema == nil {
                    let read = try await SchemaDiscovery.refresh(connection, connector: connector, store: store)
                    schema = read.schema
                    for warning in read.warnings.prefix(20) {
                        logger.info("schema description skipped", metadata: ["connector.name": "\(connector.name)", "reason": "\(warning)"])
                    }
                }
                var importer = LDAPImporter(connector: connector, store: store, schema: schema)
                importer.progress = report
                importer.shouldStop = shouldStop
                importer.beforeContainer = { connection in try await login.reauthenticate(connection, generation: generation, runID: runID) }
                importer.shrinkGuard = options.acceptDeletes ? ShrinkGuard(enabled: false) : configuration.shrinkGuard
                importer.scanForDeletions = options.scanForDeletions
                importer.announced = options.announced
                outcome = profile == .fullImport ? try await importer.fullImport(connection) : try await importer.deltaImport(connection)
            } catch {
                await login.release(connection, generation: generation)
                throw error
            }
            await login.release(connection, generation: generation)
            (run.counters, run.errors) = (outcome.counters, outcome.errors)
            run.status = run.errors.isEmpty ? .success : .completedWarnings
            var message = outcome.notes
            if outcome.fellBackToFull { message.insert("\(outcome.reason ?? "no usable delta watermark"): a full import was run instead", at: 0) }
            if !message.isEmpty { run.message = message.joined(separator: "; ") }
            if !outcome.shrinks.isEmpty {
                let event = EventCatalog.shrinkGuardTripped(
                    connector: connector.name, shrinks: outcome.shrinks, guard: configuration.shrinkGuard, runID: run.id)
                run.status = .stoppedShrinkGuard
                run.message = event.message
                try await emit(event)
            }
        case .export:
            let planner = try ExportPlanner(configuration: configuration, target: connector)
            var exporter = LDAPExporter(connector: connector, store: store, planner: planner, errorLimit: configuration.errorLimit)
            exporter.progress = report
            exporter.shouldStop = shouldStop
            exporter.runID = run.id
            var before = ExportOutcome()
            if let overlap {
                if try await exporter.addsComeDuringSyncs(syncsEnded: { await overlap.syncsEnded }) {
                    before = try await withExportConnections(connector, run.id, count: connector.exportConnections) { connections in
                        try await exporter.exportDuringSyncs(connections) { await overlap.syncsEnded }
                    }
                    (run.counters, run.errors) = (before.counters, before.errors)
                }
                if let stop = await overlap.turn() { throw stop }
            }
            let weighed = try await store.read { try PendingDeletes.read($0, target: connector.name, configuration: self.configuration) }
            var accepted = false
            if let reason = weighed.exceeded(configuration.deletionThreshold) {
                if !options.acceptDeletes {
                    let written =
                        before.counters.adds > 0
                        ? "nothing else was exported (the \(before.counters.adds) adds written during the sync stand)" : "nothing was exported"
                    throw RunStop(
                        status: .stoppedDeletionThresholdExceeded, message: "\(reason); \(written)",
                        events: [
                            EventCatalog.deletionThresholdExceeded(
                                connector: connector.name, reason: reason, deletes: weighed.deletes, synced: weighed.synced,
                                threshold: configuration.deletionThreshold, runID: run.id)
                        ])
                }
                run.message = "\(reason); exported anyway: --accept-deletes"
                accepted = true
            }
            // More connections only for an export that can use them (not a real-time batch's few
            // writes).
            let pending = try await store.read { try $0.csPendingExportCounts(connector: connector.name) }.values.reduce(0, +)
            let connections = pending >= 2 * connector.exportWindow ? max(1, connector.exportConnections) : 1
            let outcome = try await withExportConnections(connector, run.id, count: connections) { connections in
                try await exporter.export(connections, after: before)
            }
            run.counters = outcome.counters
            if accepted { run.counters.acceptedDeletes = max(outcome.counters.deletes, 1) }
            run.errors = outcome.errors
            run.status = outcome.stoppedAtErrorLimit ? .stoppedErrorLimit : (outcome.errors.isEmpty ? .success : .completedExportErrors)
            if outcome.stoppedByShutdown {
                run.status = .stoppedShutdown
                run.message = RunStop.shutdown.message
            }
        case .passwordSync:
            var agent = PasswordSync(configuration: configuration, store: store, credentials: credentials, target: connector)
            agent.pool = pool
            let outcome = try await agent.run(runID: run.id)
            run.counters = outcome.counters
            run.errors = outcome.errors
            run.results = outcome.results
            for event in outcome.events { try await emit(event) }
            var message = outcome.notes
            if let stop = outcome.stop {
                run.status = stop.status
                message.insert(stop.message, at: 0)
            } else {
                run.status = outcome.errors.isEmpty ? .success : .completedExportErrors
            }
            run.message = message.isEmpty ? nil : message.joined(separator: ". ")
        }
        let c = run.counters
        if run.status == .success, c.changes + c.unchanged + c.errors == 0 { run.status = .completedNoObjects }
    }

    /// Drops runs and events older than `runHistory.keep` (default 7 days); returns how many runs.
    @discardableResult
    public func pruneHistory(now: Date = Date()) async throws -> Int {
        let keep = TimeInterval(configuration.runHistoryRetention.components.seconds)
        let pruned = try await store.write { try $0.pruneRuns(before: now.addingTimeInterval(-keep)) }
        if pruned > 0 {
            logger.info("run history pruned", metadata: ["runs": "\(pruned)", "keep": "\(DurationText.format(configuration.runHistoryRetention))"])
        }
        return pruned
    }

    /// Runs of this connector still `in-progress` while we hold its lock belong to a process that
    /// died (killed, crashed, power lost): record how they ended.
    func closeInterruptedRuns(_ connector: String) async throws {
        try await store.write { session in
            for var run in try session.interruptedRuns() where run.connector == connector {
                run.status = .stoppedShutdown
                run.endedAt = run.endedAt ?? Date()
                run.message =
                    "the process running it ended before the run finished (killed or crashed); what it had committed is kept and the next run carries on"
                try session.updateRun(run)
            }
        }
    }

    /// Stores an event and writes it to the log.
    func emit(_ event: EventRecord) async throws {
        _ = try await store.write { try $0.insert(event) }
        log(event)
    }

    /// Writes a recorded event to the log.
    private func log(_ event: EventRecord) {
        let level: Logger.Level =
            switch event.level {
            case .information: .info
            case .warning: .warning
            case .error: .error
            }
        var metadata: Logger.Metadata = ["event.id": "\(event.id)"]
        if let connector = event.connector { metadata["connector.name"] = "\(connector)" }
        if let runID = event.runID { metadata["sync.run.id"] = "\(runID)" }
        logger.log(level: level, "\(event.message)", metadata: metadata)
    }
}

/// A run could not be started because of what was asked (not what the directory said).
public struct CoordinatorError: Error, CustomStringConvertible {
    /// Why: something named does not exist, or the action does not apply to it as it is.
    public enum Kind: Sendable { case notFound, conflict }
    public var kind: Kind
    public var description: String
    init(_ description: String, kind: Kind = .conflict) {
        self.description = description
        self.kind = kind
    }
}
