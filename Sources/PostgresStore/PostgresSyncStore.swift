import Foundation
import SyncEngine
import SyncStore

#if canImport(Glibc)
    import Glibc
#endif

/// Ids taken from a table's identity sequence 500 at a time, so that an INSERT can name its id
/// and go into the pipeline. Sequence values are never given out twice (a rolled-back
/// transaction leaves a gap), so ids are never reused.
final class IdentityBlocks: @unchecked Sendable {
    private let lock = NSLock()
    private var available: [String: [Int64]] = [:]
    static let blockSize: Int64 = 500

    func next(_ table: String, on connection: PGConnection) throws -> Int64 {
        if let id = lock.withLock({ available[table]?.popLast() }) { return id }
        // The block's last id: the sequence moves 500 at once. Only write transactions take
        // ids, and they hold the store's write lock, so no other session moves it meanwhile.
        let block = try connection.query(
            "SELECT setval(q.s, nextval(q.s) + $2 - 1) FROM (SELECT pg_get_serial_sequence($1, 'id')::regclass AS s) q",
            [.text(table), .integer(Self.blockSize)])
        guard let last = block.int64(0, 0) else { throw PostgresError(message: "the \(table) id sequence gave no value", connectionLost: false) }
        let first = last - Self.blockSize + 1
        lock.withLock { available[table, default: []].insert(contentsOf: ((first + 1)...last).reversed(), at: 0) }
        return first
    }
}

/// The PostgreSQL implementation of `SyncStore` (libpq): the same state as the SQLite file,
/// in a database server that several hosts can reach.
///
/// Sessions keep SQLite's semantics: `read` is one snapshot (`REPEATABLE READ READ ONLY`);
/// `write` is one transaction that first takes the store's write lock (a transaction-scoped
/// advisory lock), so writers follow each other across processes and hosts as SQLite's single
/// writer does, and a writer still waiting after 30 s gets `StoreBusyError`. Connections are
/// pooled, one per concurrent session.
public final class PostgresSyncStore: SyncStore, @unchecked Sendable {
    /// The advisory lock every write transaction takes: "ldps" and the schema's checksum, so
    /// that stores in different schemas do not wait for each other.
    public let writeLockKey: Int64
    /// The advisory lock writers of the sealed credentials take (`PostgresCredentialDocument`):
    /// "ldcr" and the schema's checksum.
    let credentialLockKey: Int64

    public let settings: PostgresSettings
    private let password: String
    private let lock = NSLock()
    private var idle: [PGConnection] = []
    private var currentFence = Fence.none
    private var writePlan: WriteBatchPlan?
    /// Ids handed out in blocks from the identity sequences (inserts then need no round trip).
    let identities = IdentityBlocks()
    /// Where sessions run (off the cooperative pool).
    let transactions = TransactionQueue(label: "ldapsync.store.postgres")
    /// This process, as PostgreSQL sees it (`application_name`) and as the lease names it.
    public let instanceName: String

    /// What every write transaction checks from now on (the failover service sets it).
    public var fence: Fence {
        get { lock.withLock { currentFence } }
        set { lock.withLock { currentFence = newValue } }
    }

    /// Connects (checking the password and TLS now) and migrates the schema when it is behind.
    public init(settings: PostgresSettings) throws {
        self.settings = settings
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        instanceName = String("ldapsync \(host.prefix(32)):\(getpid()):\(UInt16.random(in: 0...UInt16.max))".prefix(63))
        writeLockKey = Self.advisoryLockKey("ldps", settings.schema)
        credentialLockKey = Self.advisoryLockKey("ldcr", settings.schema)
        password = try Self.readPassword(settings.passwordFile)
        try withConnection { connection in try migrate(connection) }
        // Which table references which: what may reorder queued writes (`WriteBatchPlan`).
        let references = try withConnection { connection in
            let rows = try connection.query(
                """
                SELECT upper(t.relname), upper(r.relname) FROM pg_constraint c
                JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
                JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE c.contype = 'f' AND n.nspname = $1
                """, [.text(settings.schema)])
            var found: [String: Set<String>] = [:]
            for row in 0..<rows.count { found[rows.string(row, 0) ?? "", default: []].insert(rows.string(row, 1) ?? "") }
            return found
        }
        lock.withLock {
            writePlan = WriteBatchPlan(references: references)
            for connection in idle { connection.writePlan = writePlan }
        }
    }

    public func read<T>(_ body: (any SyncStoreSession) throws -> T) async throws -> T {
        try await transactions.run { try transaction(writing: false) { try body(PostgresSession(connection: $0, identities: nil)) } }
    }

    public func write<T>(_ body: (any SyncStoreSession) throws -> T) async throws -> T {
        try await transactions.run { try transaction(writing: true) { try body(PostgresSession(connection: $0, identities: identities)) } }
    }

    /// A simulation's copy: the whole state, from one snapshot, into a new SQLite file.
    public func snapshot(at path: String) async throws -> any SyncStore {
        guard !FileManager.default.fileExists(atPath: path) else { throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: path]) }
        let copy = try SQLiteSyncStore(path: path)
        _ = try await StoreCopy.copy(from: self, to: copy)
        return copy
    }

    /// One transaction on a pooled connection: a read-only snapshot, or a write that first
    /// takes the store's write lock and checks the fence. An error rolls everything back.
    func transaction<T>(writing: Bool, _ body: (PGConnection) throws -> T) throws -> T {
        try withConnection { connection in
            connection.discardQueued()
            try connection.run(writing ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                if writing {
                    try takeWriteLock(connection)
                    try checkFence(connection)
                }
                let result = try body(connection)
                try connection.run("COMMIT")
                return result
            } catch {
                connection.discardQueued()
                if connection.isHealthy { try? connection.run("ROLLBACK") }
                throw error
            }
        }
    }

    /// Inside a write transaction: refuses it unless this process may write (see `Fence`).
    func checkFence(_ connection: PGConnection) throws {
        switch fence {
        case .none: return
        case .standby(let active):
            throw FencedError(description: "this service is a standby" + (active.map { " (\($0) is active)" } ?? "") + ": nothing written")
        case .active(let token):
            let lease = try connection.query(
                "SELECT holder, token, expires_at > clock_timestamp() FROM service_lease WHERE name = 'active'")
            guard lease.count == 1, lease.string(0, 0) == instanceName, lease.int64(0, 1) == token, lease.bool(0, 2) else {
                let holder = lease.count == 1 ? lease.string(0, 0) ?? "?" : "nobody"
                throw FencedError(
                    description: "this service lost the active role (its lease, token \(token), is gone; \(holder) holds it now): nothing written")
            }
        }
    }

    func takeWriteLock(_ connection: PGConnection) throws {
        do {
            try connection.query("SELECT pg_advisory_xact_lock($1)", [.integer(writeLockKey)])
        } catch let error as PostgresError where error.sqlState == "55P03" {
            throw StoreBusyError(path: settings.url, holder: try? lockHolder())
        }
    }

    /// An advisory lock's key: four ASCII letters saying whose it is, and a checksum (FNV-1a)
    /// of the text it is for.
    static func advisoryLockKey(_ tag: StaticString, _ text: String) -> Int64 {
        let tagValue = tag.withUTF8Buffer { $0.reduce(Int64(0)) { $0 << 8 | Int64($1) } }
        return tagValue << 32 | Int64(text.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 })
    }

    /// Who holds the write lock: `pid 1234 (ldapsync pid 99 on host)`, from pg_locks.
    private func lockHolder() throws -> String? { try advisoryLockHolder(writeLockKey) }

    /// Who holds an advisory lock (its server process, application and address), from pg_locks.
    func advisoryLockHolder(_ key: Int64) throws -> String? {
        try withConnection { connection in
            let result = try connection.query(
                """
                SELECT a.pid, a.application_name, COALESCE(host(a.client_addr), 'local') FROM pg_locks l
                JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2
                """, [.integer(key >> 32), .integer(key & 0xFFFF_FFFF)])
            guard result.count > 0 else { return nil }
            return "server process \(result.int64(0, 0) ?? 0) (\(result.string(0, 1) ?? "?") from \(result.string(0, 2) ?? "?"))"
        }
    }

    /// Runs `body` with a pooled connection; a connection that broke is dropped, not reused.
    func withConnection<T>(_ body: (PGConnection) throws -> T) throws -> T {
        let connection = try takeConnection()
        defer { giveConnection(connection) }
        return try body(connection)
    }

    /// A pooled connection (a new one when none is idle); `giveConnection` returns it.
    func takeConnection() throws -> PGConnection {
        lock.lock()
        let pooled = idle.popLast()
        lock.unlock()
        if let pooled, pooled.isHealthy { return pooled }
        return try connect()
    }

    func giveConnection(_ connection: PGConnection) {
        guard connection.isHealthy else { return }
        lock.lock()
        defer { lock.unlock() }
        if idle.count < 8 { idle.append(connection) }
    }

    /// A new connection with the settings' TLS, and the session settings every one has.
    func connect() throws -> PGConnection {
        var parameters: [(String, String)] = [
            ("host", settings.host), ("port", String(settings.port)), ("dbname", settings.database), ("user", settings.user),
            ("password", password), ("connect_timeout", "10"), ("application_name", instanceName),
            ("sslmode", settings.tls == .verifyFull ? "verify-full" : "disable"),
            // Dead peers are noticed within a minute, not the kernel's two hours.
            ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
        ]
        if settings.tls == .verifyFull {
            parameters.append(("sslrootcert", settings.caFile ?? "/etc/ssl/certs/ca-certificates.crt"))
        }
        let connection: PGConnection
        do {
            connection = try PGConnection(parameters: parameters)
        } catch let error as PostgresError {
            throw PostgresError(
                message: "cannot connect to \(settings.url) as \(settings.user): \(error.message)", sqlState: error.sqlState, connectionLost: true)
        }
        try connection.run("SET lock_timeout = '30s'")
        try connection.run("SET search_path = \"\(settings.schema)\"")
        connection.writePlan = lock.withLock { writePlan }
        return connection
    }

    private static func readPassword(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PostgresError(message: "cannot read the password file \(path)", connectionLost: false)
        }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { throw PostgresError(message: "the password file \(path) is empty", connectionLost: false) }
        return text
    }

    /// Migrates when the schema is behind: only then is the write lock taken, so read-only
    /// commands never wait for a run in another process.
    private func migrate(_ connection: PGConnection) throws {
        if try appliedMigrations(connection).isSuperset(of: PostgresSchema.migrations.map(\.name)) { return }
        try connection.run("BEGIN")
        do {
            try takeWriteLock(connection)
            try connection.run("CREATE SCHEMA IF NOT EXISTS \"\(settings.schema)\"")
            try connection.run("CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            let applied = try appliedMigrations(connection)
            for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
                try connection.run(migration.sql)
                try connection.query("INSERT INTO schema_migration (name) VALUES ($1)", [.text(migration.name)])
            }
            try connection.run("COMMIT")
        } catch {
            if connection.isHealthy { try? connection.run("ROLLBACK") }
            throw error
        }
    }

    private func appliedMigrations(_ connection: PGConnection) throws -> Set<String> {
        guard try connection.query("SELECT to_regclass('schema_migration') IS NOT NULL").bool(0, 0) else { return [] }
        let done = try connection.query("SELECT name FROM schema_migration")
        return Set((0..<done.count).compactMap { done.string($0, 0) })
    }
}
