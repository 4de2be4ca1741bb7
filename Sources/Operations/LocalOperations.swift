import Connectors
import Credentials
import Foundation
import LDAPProtocol
import Logging
import SyncEngine

/// The admin actions done in this process: by the command line when no service runs, and by
/// the service itself (its API routes and its scheduler call these), with the service's pool
/// of connections and its run queue.
public struct LocalOperations: AdminOperations {
    public let configuration: Configuration
    public let store: any SyncStore
    public let credentials: CredentialStore
    public let logger: Logger
    /// Bound connections kept between runs (the service); nil: every run connects and closes.
    public var pool: ConnectionPool?
    /// One run at a time (the service); nil: runs are serialized by their locks only.
    public var queue: RunQueue?
    /// Told of progress (connector, profile, objects done), for a terminal's progress line.
    public var progress: (@Sendable (String, RunProfile, Int) -> Void)?
    /// Asked at batch boundaries: true (the service got SIGTERM) stops runs there.
    public var shouldStop: @Sendable () -> Bool = { false }
    /// Told when the scheduler's settings changed (the service's scheduler wakes up).
    public var schedulerChanged: @Sendable () -> Void = {}
    /// Real-time mode's watches and lags (the service, `schedule.mode: realtime`).
    public var realtimeStatus: RealtimeStatus?
    /// Active or standby (the service on a PostgreSQL state with failover).
    public var serviceRole: ServiceRole?

    public init(configuration: Configuration, store: any SyncStore, credentials: CredentialStore, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.credentials = credentials
        self.logger = logger
    }

    /// The connector called `name`, or `notFound` naming the known ones.
    public func connectorConfiguration(_ name: String) throws(OperationError) -> ConnectorConfiguration {
        try connector(name)
    }

    func connector(_ name: String) throws(OperationError) -> ConnectorConfiguration {
        guard let connector = configuration.connector(named: name) else {
            throw OperationError(
                .notFound,
                "no connector is named \"\(name)\" in \(configuration.file); known: "
                    + configuration.connectors.map(\.name).joined(separator: ", "))
        }
        return connector
    }

    /// The run coordinator with this process's pool, progress and stop flag.
    var coordinator: RunCoordinator {
        var coordinator = RunCoordinator(configuration: configuration, store: store, credentials: credentials, logger: logger)
        coordinator.pool = pool
        coordinator.progress = progress
        coordinator.shouldStop = shouldStop
        return coordinator
    }

    /// Runs `body` in the run queue when there is one.
    func queued<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        guard let queue else { return try await body() }
        return try await queue.perform(body)
    }

    /// Stores events and writes them to the log.
    func record(_ events: [EventRecord]) async throws {
        guard !events.isEmpty else { return }
        try await store.write { session in for event in events { try session.insert(event) } }
        for event in events {
            logger.log(
                level: event.level == .error ? .error : (event.level == .warning ? .warning : .info), "\(event.message)",
                metadata: ["event.id": "\(event.id)", "connector.name": "\(event.connector ?? "")"])
        }
    }
}
