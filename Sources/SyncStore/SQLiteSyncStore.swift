import Foundation
import GRDB
import SyncEngine

/// The SQLite implementation of `SyncStore` (GRDB, WAL mode): one database file in the state
/// folder holds connector spaces, metaverse, watermarks, run history and events.
public final class SQLiteSyncStore: SyncStore {
    let writer: any DatabaseWriter
    /// The database file (nil in memory), named when it is busy.
    let path: String?
    /// Where sessions run (off the cooperative pool).
    let transactions = TransactionQueue(label: "ldapsync.store.sqlite")

    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // WAL with NORMAL sync is durable against process crashes (the kill -9 tests) and
            // loses at most the last transactions on power loss, which a rerun redoes.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // No mmap or large page cache: measured, neither sped up a 100k import, and mapped
            // pages count against the service's memory.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        writer = try DatabasePool(path: path, configuration: configuration)
        self.path = path
        // Migrating takes the write lock: only when the schema is behind, so read-only commands
        // never wait for a run in another process.
        try Self.busyNamed(path) {
            let current = try writer.read { try SyncSchema.migrator.hasCompletedMigrations($0) }
            if !current { try SyncSchema.migrator.migrate(writer) }
        }
    }

    /// An in-memory store (tests).
    public init() throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        writer = try DatabaseQueue(configuration: configuration)
        path = nil
        try SyncSchema.migrator.migrate(writer)
    }

    public func read<T>(_ body: (any SyncStoreSession) throws -> T) async throws -> T {
        try await transactions.run { try Self.busyNamed(path) { try writer.read { db in try body(SQLiteSession(db: db)) } } }
    }

    public func write<T>(_ body: (any SyncStoreSession) throws -> T) async throws -> T {
        try await transactions.run { try Self.busyNamed(path) { try writer.write { db in try body(SQLiteSession(db: db)) } } }
    }

    public func snapshot(at path: String) async throws -> any SyncStore {
        guard !FileManager.default.fileExists(atPath: path) else { throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: path]) }
        return try await transactions.run {
            let copy = try DatabaseQueue(path: path)
            try Self.busyNamed(self.path) { try writer.backup(to: copy) }
            try copy.close()
            return try SQLiteSyncStore(path: path)
        }
    }

    /// Runs `body`; a database still busy after the busy timeout becomes an error that names
    /// the process holding its write lock.
    private static func busyNamed<T>(_ path: String?, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            guard let path else { throw error }
            throw StoreBusyError(path: path, holder: DatabaseLockHolder.writer(of: path))
        }
    }
}
