import Foundation

/// The lease that makes one of several services on a PostgreSQL state the active one.
///
/// One row in `service_lease`. A service takes the lease when nobody holds it or it ran out
/// (server time, so the hosts' clocks do not matter), and renews it while it holds it; every
/// change of holder raises the fencing token. The active service's write transactions check,
/// inside the transaction, that the lease is still theirs with that token (`Fence`), so a
/// service that was paused past its lease writes nothing when it wakes; and whoever takes the
/// lease over ends the previous holder's database sessions, so a transaction the old holder
/// had open when it froze can never commit.
public struct PostgresLease: Sendable {
    /// What an attempt found.
    public enum Outcome: Sendable, Equatable {
        /// We hold the lease with this token; `previous` is the holder we took it over from
        /// (nil when we renewed ours or nobody held it), `previousExpiry` when theirs ran out.
        case active(token: Int64, previous: String?, previousExpiry: Date?)
        /// Another service holds it until `until`.
        case standby(active: String, until: Date)
    }

    public let store: PostgresSyncStore
    /// Who we are: also the `application_name` of our store's connections.
    public var holder: String { store.instanceName }

    public init(store: PostgresSyncStore) { self.store = store }

    /// Takes the lease when it is free or ran out, renews it when it is ours; for `duration`.
    public func acquireOrRenew(for duration: Duration) throws -> Outcome {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return try store.withConnection { connection in
            try connection.run("BEGIN")
            do {
                let current = try connection.query(
                    "SELECT holder, token, extract(epoch FROM expires_at)::float8, expires_at < clock_timestamp() FROM service_lease WHERE name = 'active' FOR UPDATE"
                )
                let outcome: Outcome
                if current.count == 0 {
                    try connection.query(
                        """
                        INSERT INTO service_lease (name, holder, token, acquired_at, expires_at)
                        VALUES ('active', $1, 1, clock_timestamp(), clock_timestamp() + $2 * interval '1 millisecond')
                        """, [.text(holder), .integer(milliseconds)])
                    outcome = .active(token: 1, previous: nil, previousExpiry: nil)
                } else {
                    let owner = current.string(0, 0) ?? ""
                    let token = current.int64(0, 1) ?? 0
                    let expiry = Date(timeIntervalSince1970: current.double(0, 2) ?? 0)
                    if owner == holder {
                        try connection.query(
                            "UPDATE service_lease SET expires_at = clock_timestamp() + $1 * interval '1 millisecond' WHERE name = 'active'",
                            [.integer(milliseconds)])
                        outcome = .active(token: token, previous: nil, previousExpiry: nil)
                    } else if current.bool(0, 3) {
                        try connection.query(
                            """
                            UPDATE service_lease SET holder = $1, token = token + 1, acquired_at = clock_timestamp(),
                                expires_at = clock_timestamp() + $2 * interval '1 millisecond' WHERE name = 'active'
                            """, [.text(holder), .integer(milliseconds)])
                        outcome = .active(token: token + 1, previous: owner, previousExpiry: expiry)
                    } else {
                        outcome = .standby(active: owner, until: expiry)
                    }
                }
                try connection.run("COMMIT")
                if case .active(_, let previous?, _) = outcome { try endSessions(of: previous, on: connection) }
                return outcome
            } catch {
                if connection.isHealthy { try? connection.run("ROLLBACK") }
                throw error
            }
        }
    }

    /// Gives the lease up (a clean stop): a standby takes over at its next attempt.
    public func release() throws {
        try store.withConnection { connection in
            try connection.query("UPDATE service_lease SET expires_at = clock_timestamp() WHERE name = 'active' AND holder = $1", [.text(holder)])
        }
    }

    /// Ends the previous holder's database sessions: whatever transaction it had open rolls back.
    private func endSessions(of previous: String, on connection: PGConnection) throws {
        try connection.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()", [.text(previous)])
    }
}

/// What the store's write transactions check (see `PostgresLease`).
public enum Fence: Sendable, Equatable {
    /// No failover: every write goes ahead (the command line, a single service).
    case none
    /// A standby: nothing is written.
    case standby(active: String?)
    /// The active service: a write commits only while the lease is ours with this token.
    case active(token: Int64)
}

/// A write refused because this process is not (or no longer) the active service.
public struct FencedError: Error, CustomStringConvertible {
    public var description: String
}
