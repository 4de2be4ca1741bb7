import Credentials
import Foundation

/// The sealed credentials of a PostgreSQL state, in the store (`credential_document`), so that
/// every host of the state sees a password set, rotated or rejected on any of them: a failover
/// never binds with a password another host replaced. Sealed under the state folder's key as in
/// `credentials.json` (each host keeps a copy of the key; the database never sees a password).
/// Writers exclude each other with an advisory lock of their own, not the store's write lock
/// (an admin may set a password through a standby).
public struct PostgresCredentialDocument: CredentialDocument {
    let store: PostgresSyncStore
    /// The state folder's `credentials.json`, read while the store holds no document (a state
    /// moved into PostgreSQL, or a host that set passwords before they lived in the store): the
    /// first write moves it into the store. Once the store holds one, the file is never read,
    /// so a second host's older file never replaces it.
    let seed: CredentialFileDocument?

    public init(store: PostgresSyncStore, seed: CredentialFileDocument? = nil) {
        self.store = store
        self.seed = seed
    }

    /// Where a state keeps its sealed credentials: in the store when it is PostgreSQL (seeded
    /// from the state folder's file); nil for a state on this host (the folder's
    /// `credentials.json`).
    public static func shared(by store: Any, stateDirectory: String) -> PostgresCredentialDocument? {
        (store as? PostgresSyncStore).map { PostgresCredentialDocument(store: $0, seed: CredentialFileDocument(directory: stateDirectory)) }
    }

    public var location: String { "\(store.settings.url), schema \(store.settings.schema), table credential_document" }

    public func load() throws(CredentialError) -> [UInt8]? {
        do {
            return try store.withConnection { connection in
                let rows = try connection.query("SELECT content FROM credential_document WHERE name = 'credentials'")
                return rows.count > 0 ? rows.bytes(0, 0) : nil
            } ?? seed?.load()
        } catch let error as CredentialError {
            throw error
        } catch {
            throw CredentialError(.ioFailure, "cannot read \(location): \(error)", path: location)
        }
    }

    public func update(_ change: ([UInt8]?) throws(CredentialError) -> [UInt8]?) throws(CredentialError) {
        var failure: CredentialError?
        do {
            try store.withConnection { connection in
                connection.discardQueued()
                try connection.run("BEGIN")
                do {
                    try connection.query("SELECT pg_advisory_xact_lock($1)", [.integer(store.credentialLockKey)])
                    let rows = try connection.query("SELECT content FROM credential_document WHERE name = 'credentials'")
                    let after: [UInt8]?
                    do throws(CredentialError) {
                        let before = rows.count > 0 ? rows.bytes(0, 0) : try seed?.load()
                        after = try change(before)
                    } catch {
                        failure = error
                        after = nil
                    }
                    if let after, failure == nil {
                        try connection.query(
                            """
                            INSERT INTO credential_document (name, content, updated_at) VALUES ('credentials', $1, clock_timestamp())
                            ON CONFLICT (name) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at
                            """, [.bytes(after)])
                    }
                    try connection.run(failure == nil ? "COMMIT" : "ROLLBACK")
                } catch {
                    if connection.isHealthy { try? connection.run("ROLLBACK") }
                    throw error
                }
            }
        } catch {
            throw CredentialError(.ioFailure, "cannot write \(location): \(error)", path: location)
        }
        if let failure { throw failure }
    }
}
