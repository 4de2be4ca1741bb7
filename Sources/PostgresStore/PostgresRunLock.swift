import Foundation
import SyncEngine

/// Run locks across hosts: one session-level advisory lock per connector space, held on a
/// pooled connection for the run (no other session uses it meanwhile). PostgreSQL gives them up
/// when that session ends (the process died, or a service taking over ended the previous
/// holder's sessions), so a killed run never leaves a stale lock; a finished run unlocks and
/// hands the connection back (real-time batches do not connect each time). Taken in name
/// order, like the state folder's file locks.
final class PostgresRunLock: SharedRunLock, @unchecked Sendable {
    private let lock = NSLock()
    private let store: PostgresSyncStore
    private var connection: PGConnection?

    private init(store: PostgresSyncStore, connection: PGConnection) {
        self.store = store
        self.connection = connection
    }

    static func acquire(
        _ store: PostgresSyncStore, connectors: [String], waiting: @Sendable (String, String) -> Void
    ) async throws -> PostgresRunLock {
        // On any failure below the connection is closed, not pooled: whatever it took goes with it.
        let connection = try store.takeConnection()
        // A run waits for the one in progress however long it takes, as with `flock`.
        try connection.run("SET lock_timeout = 0")
        for name in Set(connectors).sorted() {
            let key = store.runLockKey(name)
            let taken = try connection.query("SELECT pg_try_advisory_lock($1)", [.integer(key)])
            guard !taken.bool(0, 0) else { continue }
            waiting(name, (try? store.advisoryLockHolder(key)) ?? "another ldapsync")
            let waited = Waiter(connection: connection, key: key)
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Waiting happens on a thread of its own, never on Swift's cooperative pool.
                Thread.detachNewThread {
                    do {
                        try waited.connection.query("SELECT pg_advisory_lock($1)", [.integer(waited.key)])
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        }
        return PostgresRunLock(store: store, connection: connection)
    }

    func release() {
        guard
            let connection = lock.withLock({ () -> PGConnection? in
                defer { connection = nil }
                return connection
            })
        else { return }
        // Unlocked, it goes back to the pool with the pool's settings; if that fails, closing
        // the session gives every lock it holds up.
        do {
            try connection.run("SELECT pg_advisory_unlock_all(); SET lock_timeout = '30s'")
            store.giveConnection(connection)
        } catch {}
    }

    /// A connection handed to the waiting thread (it is used by nothing else meanwhile).
    private struct Waiter: @unchecked Sendable {
        let connection: PGConnection
        let key: Int64
    }
}

extension PostgresSyncStore {
    public func sharedRunLock(connectors: [String], waiting: @Sendable (String, String) -> Void) async throws -> (any SharedRunLock)? {
        try await PostgresRunLock.acquire(self, connectors: connectors, waiting: waiting)
    }

    /// The advisory lock of a connector's runs: "ldru" and a checksum of the schema and the
    /// connector's name (lowercased, as connector names compare).
    func runLockKey(_ connector: String) -> Int64 {
        Self.advisoryLockKey("ldru", settings.schema + "\u{0}" + connector.lowercased())
    }
}
