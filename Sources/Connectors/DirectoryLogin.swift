import Credentials
import Foundation
import LDAPClient
import SyncEngine

/// Why a run could not start (or had to stop) on the directory side.
struct RunStop: Error {
    var status: RunStatus
    var message: String
    var events: [EventRecord] = []

    /// The service was told to stop (SIGTERM) and the run stopped at a batch boundary.
    static let shutdown = RunStop(
        status: .stoppedShutdown,
        message:
            "the service was asked to stop (SIGTERM); the run stopped after its current batch, what it committed is kept and the next run carries on")
}

/// Opens and binds a connector's connection with its stored password, and keeps the account
/// from being locked out: a password the directory rejected is never sent again until a new
/// one is set or an admin asks for a retry.
struct DirectoryLogin: Sendable {
    let connector: ConnectorConfiguration
    let credentials: CredentialStore
    var pool: ConnectionPool?

    /// A bound connection, or a `RunStop` saying why not (with event 6000 on rejection).
    func open(runID: Int64?) async throws(RunStop) -> (LDAPConnection, generation: Int) {
        let stored: (password: Password, generation: Int)?
        let record: CredentialRecord?
        do {
            record = try credentials.record(for: connector.name)
            stored = try credentials.password(for: connector.name)
        } catch {
            throw RunStop(status: .noStartCredentials, message: "the stored password cannot be read: \(error)")
        }
        guard let stored, let record else {
            throw RunStop(
                status: .noStartCredentials,
                message: "no password is set for \"\(connector.name)\": run `ldapsync connector set-password \(connector.name)`")
        }
        if record.isRejected {
            let reason = record.rejectionReason ?? "the directory rejected it"
            let event = EventCatalog.credentialsInvalid(
                connector: connector.name, reason: reason, lastAcceptedAt: record.lastAcceptedAt, runID: runID)
            throw RunStop(
                status: .noStartCredentials,
                message:
                    "the stored password was rejected at \(record.rejectedAt.map(EventCatalog.timestamp) ?? "an earlier run") and is not tried again "
                    + "(that could lock the account out): set a new one with `ldapsync connector set-password \(connector.name)` "
                    + "or, if the account was fixed in the directory, `ldapsync connector retry \(connector.name)`",
                events: [event])
        }
        // A pooled connection is re-authenticated (a bind on the open session), so a password
        // changed in the directory fails now, not when the session happens to drop.
        var pooled = await pool?.checkout(connector.name)
        if let stale = pooled, stale.generation != stored.generation {
            await stale.connection.close()
            pooled = nil
        }
        var connection: LDAPConnection?
        if let reused = pooled?.connection, await reused.isOpen {
            do {
                try await bind(reused, stored.password, stored.generation, record, runID)
                connection = reused
            } catch let stop where stop.status == .noStartConnection {
                // The pooled session died (server restarted, idle timeout): one fresh connection.
            }
        }
        if connection == nil {
            let fresh = try await connect(runID)
            try await bind(fresh, stored.password, stored.generation, record, runID)
            connection = fresh
        }
        guard let connection else { throw RunStop(status: .noStartConnection, message: "no connection") }
        try? credentials.markAccepted(connector.name, generation: stored.generation)
        return (connection, stored.generation)
    }

    private func connect(_ runID: Int64?) async throws(RunStop) -> LDAPConnection {
        do {
            return try await LDAPConnection.connect(connector.connectionOptions())
        } catch let error as LDAPError {
            throw RunStop(
                status: .noStartConnection, message: error.description,
                events: [EventCatalog.connectionFailed(connector: connector.name, reason: error.description, runID: runID)])
        } catch {
            throw RunStop(status: .noStartConnection, message: "\(error)")
        }
    }

    /// Binds; a rejection is recorded so this password is never sent again (no lockouts).
    private func bind(
        _ connection: LDAPConnection, _ password: Password, _ generation: Int, _ record: CredentialRecord, _ runID: Int64?
    ) async throws(RunStop) {
        do {
            try await connection.bind(connector.bindDN, password: password)
        } catch let error as LDAPError where error.isCredentialRejection {
            let reason = error.bindRejectionReason
            try? credentials.markRejected(connector.name, generation: generation, reason: reason)
            let event = EventCatalog.credentialsInvalid(
                connector: connector.name, reason: reason, lastAcceptedAt: record.lastAcceptedAt, runID: runID)
            throw RunStop(
                status: .noStartCredentials, message: "the directory rejected the bind as \"\(connector.bindDN)\": \(reason)", events: [event])
        } catch let error as LDAPError {
            throw RunStop(
                status: error.isConnectionLost ? .noStartConnection : .noStartCredentials, message: error.description,
                events: [EventCatalog.connectionFailed(connector: connector.name, reason: error.description, runID: runID)])
        } catch {
            throw RunStop(status: .noStartConnection, message: "\(error)")
        }
    }

    /// Binds the run's connection again with the password it was opened with (between the parts
    /// of a long run): a password changed in the directory mid-run stops the run with
    /// `stopped-credentials` and event 6000 instead of going unnoticed until the next run.
    func reauthenticate(_ connection: LDAPConnection, generation: Int, runID: Int64?) async throws(RunStop) {
        guard let stored = try? credentials.password(for: connector.name), stored.generation == generation,
            let record = try? credentials.record(for: connector.name)
        else { return }
        do {
            try await bind(connection, stored.password, generation, record, runID)
        } catch {
            var stop = error
            if stop.status == .noStartCredentials { stop.status = .stoppedCredentials }
            if stop.status == .noStartConnection { stop.status = .stoppedServerDown }
            throw stop
        }
    }

    /// Hands a connection back after a run: to the pool (if its password is still current) or
    /// closed.
    func release(_ connection: LDAPConnection, generation: Int) async {
        guard let pool else {
            await connection.close()
            return
        }
        let current = try? credentials.record(for: connector.name)?.generation
        await pool.checkin(connector.name, connection, generation: generation, currentGeneration: current)
    }
}
