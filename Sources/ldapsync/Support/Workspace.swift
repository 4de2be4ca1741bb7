import Connectors
import Credentials
import Foundation
import Logging
import Operations
import PostgresStore
import SyncEngine
import SyncStore

/// What a command works with: the loaded configuration, the store and the credential store.
struct Workspace {
    let configuration: Configuration
    let store: any SyncStore
    let credentials: CredentialStore
    let logger: Logger

    /// Loads the configuration and opens the state folder it names (which `init` created).
    static func open(_ options: GlobalOptions) throws -> Workspace {
        try LoggingSetup.bootstrap(level: options.logLevel)
        let configuration = try Configuration.load(path: options.configPath)
        guard FileManager.default.fileExists(atPath: configuration.statePath) else {
            throw CommandFailure(
                "the state folder \(configuration.statePath) does not exist: run `ldapsync --config \(options.configPath) init` first")
        }
        try StateFolder.secure(configuration.statePath)
        let key = try CredentialKey.load(from: configuration.keyFile)
        let store = try openStore(configuration)
        let logger = Logger(label: "ldapsync")
        return Workspace(
            configuration: configuration,
            store: store,
            credentials: try CredentialStore(directory: configuration.statePath, key: key, document: credentialDocument(of: store, configuration)),
            logger: logger)
    }

    /// The credential document of a store: in a store that hosts share (PostgreSQL), so that a
    /// password set on any host is the one every host binds with; the state folder's
    /// `credentials.json` for SQLite.
    static func credentialDocument(of store: Any, _ configuration: Configuration) -> any CredentialDocument {
        PostgresCredentialDocument.shared(by: store, stateDirectory: configuration.statePath)
            ?? CredentialFileDocument(directory: configuration.statePath)
    }

    /// The store the configuration names (`store:`): the SQLite file in the state folder, or
    /// PostgreSQL. Either is migrated to the current schema on opening.
    static func openStore(_ configuration: Configuration) throws -> any SyncStore {
        switch configuration.store {
        case .sqlite: return try SQLiteSyncStore(path: databasePath(configuration))
        case .postgres(let settings): return try PostgresSyncStore(settings: settings)
        }
    }

    /// The database file in the state folder.
    static func databasePath(_ configuration: Configuration) -> String {
        (configuration.statePath as NSString).appendingPathComponent("ldapsync.db")
    }

    /// The admin actions done in this process, with a progress line on a terminal.
    func localOperations() -> LocalOperations {
        var operations = LocalOperations(configuration: configuration, store: store, credentials: credentials, logger: logger)
        if isatty(STDERR_FILENO) != 0 {
            let line = ProgressLine()
            operations.progress = { connector, profile, done in line.report(connector, profile, done) }
        }
        return operations
    }

    /// The admin actions: through the service when one runs on this state folder (its run
    /// queue, its pooled connections; it says so on stderr), else in this process.
    func operations() -> any AdminOperations {
        let local = localOperations()
        guard let endpoint = ServiceEndpoint.current(stateDirectory: configuration.statePath) else { return local }
        var service = ServiceOperations(endpoint: endpoint, local: local)
        service.announce = { endpoint in
            FileHandle.standardError.write(
                Data("ldapsync: through the running service (pid \(endpoint.pid)), after any run it has in progress\n".utf8))
        }
        return service
    }
}

/// Logging to stderr, once per process.
enum LoggingSetup {
    nonisolated(unsafe) private static var done = false

    static func bootstrap(level: String?) throws {
        guard !done else { return }
        let chosen = level ?? ProcessInfo.processInfo.environment["LDAPSYNC_LOG_LEVEL"] ?? "warning"
        guard Logger.Level(rawValue: chosen) != nil else {
            let from = level == nil ? "LDAPSYNC_LOG_LEVEL" : "--log-level"
            throw CommandFailure("\(from) must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(chosen)\"")
        }
        done = true
        let environment = ProcessInfo.processInfo.environment
        let json = environment["LDAPSYNC_LOG_FORMAT"] == "json"
        let syslog = environment["LDAPSYNC_SYSLOG"] == "1" ? environment["LDAPSYNC_SYSLOG_SOCKET"] ?? "/dev/log" : nil
        LoggingSystem.bootstrap { label in
            let level = Logger.Level(rawValue: chosen) ?? .warning
            var stderr: any LogHandler
            if json {
                stderr = JSONLogHandler(label: label)
            } else {
                stderr = StreamLogHandler.standardError(label: label)
            }
            stderr.logLevel = level
            guard let syslog else { return stderr }
            // Events reach syslog whatever the stderr level (they are what operators alert on).
            return MultiplexLogHandler([stderr, SyslogLogHandler(socketPath: syslog, logLevel: .info)])
        }
    }
}
