import Credentials
import Foundation
import LDAPClient
import SyncEngine

/// Why a run could not start (or had to stop) on the directory side.
struct RunStop: Error {
    var status: RunStatus
    var message: String
    var events: [EventRecord] = []
}

/// Opens and binds a connector's connection with its stored password, and keeps the account
/// from being locked out: a password the directory rejected is never sent again until a new
/// one is set or an admin asks for a retry.
struct DirectoryLogin: Sendable {
    let connector: ConnectorConfiguration
    let credentials: CredentialStore

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
            throw RunStop(status: .noStartCredentials,
                          message: "no password is set for \"\(connector.name)\": run `ldapsync connector set-password \(connector.name)`")
        }
        if record.isRejected {
            let reason = record.rejectionReason ?? "the directory rejected it"
            let event = EventCatalog.credentialsInvalid(connector: connector.name, reason: reason, lastAcceptedAt: record.lastAcceptedAt, runID: runID)
            throw RunStop(status: .noStartCredentials,
                          message: "the stored password was rejected at \(record.rejectedAt.map(EventCatalog.timestamp) ?? "an earlier run") and is not tried again "
                            + "(that could lock the account out): set a new one with `ldapsync connector set-password \(connector.name)` "
                            + "or, if the account was fixed in the directory, `ldapsync connector retry \(connector.name)`",
                          events: [event])
        }
        let connection: LDAPConnection
        do {
            connection = try await LDAPConnection.connect(connector.connectionOptions())
        } catch let error as LDAPError {
            throw RunStop(status: .noStartConnection, message: error.description,
                          events: [EventCatalog.connectionFailed(connector: connector.name, reason: error.description, runID: runID)])
        } catch {
            throw RunStop(status: .noStartConnection, message: "\(error)")
        }
        do {
            try await connection.bind(connector.bindDN, password: stored.password)
        } catch let error as LDAPError where error.isCredentialRejection {
            let reason = error.bindRejectionReason
            try? credentials.markRejected(connector.name, generation: stored.generation, reason: reason)
            let event = EventCatalog.credentialsInvalid(connector: connector.name, reason: reason, lastAcceptedAt: record.lastAcceptedAt, runID: runID)
            throw RunStop(status: .noStartCredentials, message: "the directory rejected the bind as \"\(connector.bindDN)\": \(reason)", events: [event])
        } catch let error as LDAPError {
            throw RunStop(status: error.isConnectionLost ? .noStartConnection : .noStartCredentials, message: error.description,
                          events: [EventCatalog.connectionFailed(connector: connector.name, reason: error.description, runID: runID)])
        } catch {
            throw RunStop(status: .noStartConnection, message: "\(error)")
        }
        try? credentials.markAccepted(connector.name, generation: stored.generation)
        return (connection, stored.generation)
    }
}
