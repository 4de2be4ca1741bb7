import Connectors
import Credentials
import Foundation
import LDAPProtocol
import SyncEngine

extension LocalOperations {
    public func setPassword(_ connector: String, _ password: Password, verify: Bool, actor: String) async throws -> PasswordChange {
        let connector = try self.connector(connector)
        guard !password.isEmpty else { throw OperationError(.invalid, "the password is empty") }
        if verify {
            do {
                try await ConnectorCheck.verify(connector, password: password)
            } catch let error as LDAPError where error.isCredentialRejection {
                throw OperationError(
                    .credentialsRefused,
                    "\(connector.name): the directory refused a test bind as \"\(connector.bindDN)\" with this "
                        + "password: \(error.bindRejectionReason). The stored password was not changed.")
            } catch let error as LDAPError {
                throw OperationError(
                    .unreachable,
                    "\(connector.name): the test bind could not be made (\(error)). The stored password was not "
                        + "changed; store it without a test bind with --no-verify.")
            }
        }
        let record = try credentials.setPassword(password, for: connector.name, by: actor)
        try await self.record([EventCatalog.credentialUpdated(connector: connector.name, by: actor, generation: record.generation, verified: verify)])
        let flushed = try await flush()
        return PasswordChange(connector: connector.name, generation: record.generation, verified: verify, flushed: flushed)
    }

    public func retryCredentials(_ connector: String) async throws {
        try credentials.clearRejection(try self.connector(connector).name)
    }

    public func testConnection(_ connector: String) async throws -> ConnectionTest {
        let connector = try self.connector(connector)
        do {
            let report = try await ConnectorCheck.test(connector, credentials: credentials, store: store)
            return ConnectionTest(
                connector: report.connector, uri: report.uri, boundAs: report.boundAs,
                objectsPerContainer: report.objectsPerContainer, schema: report.schema, warning: connector.transportWarning)
        } catch let error as ConnectorCheckError {
            let kind: OperationError.Kind = error.status.exitCode == 3 ? .credentialsRefused : (error.status.exitCode == 4 ? .unreachable : .failed)
            throw OperationError(kind, "\(connector.name): \(error.message)")
        } catch let error as LDAPError {
            throw OperationError(error.isTransient || error.reason == .tls ? .unreachable : .failed, "\(connector.name): \(error)")
        }
    }

    public func resetServiceAccount(_ connector: String, admin: AdminCredentials?, actor: String) async throws -> ResetReport {
        let connector = try self.connector(connector)
        let reset = ServiceAccountReset(connector: connector, credentials: credentials)
        let outcome: ServiceAccountReset.Outcome
        do {
            if let finished = try await reset.finishInterrupted() {
                outcome = finished
            } else {
                guard let admin, !admin.dn.isEmpty else {
                    throw OperationError(.invalid, "the directory admin is required (--admin-dn): who may set the password of \(connector.bindDN)")
                }
                guard !admin.password.isEmpty else {
                    throw OperationError(.invalid, "the directory admin's password is empty (a bind without one would be anonymous)")
                }
                outcome = try await reset.run(adminDN: admin.dn, adminPassword: Password(admin.password), actor: actor)
            }
        } catch let error as ResetError {
            try await record(error.events)
            throw OperationError(error.credentials ? .credentialsRefused : .failed, error.description)
        } catch let error as LDAPError {
            throw OperationError(error.isTransient || error.reason == .tls ? .unreachable : .failed, "\(connector.name): \(error)")
        }
        try await record(outcome.events)
        let flushed = try await flush()
        return ResetReport(
            connector: connector.name, account: connector.bindDN, finishedInterrupted: outcome.finishedInterrupted,
            generation: outcome.record.generation, verificationFailure: outcome.verificationFailure, flushed: flushed)
    }

    public func flush() async throws -> Int {
        guard let pool else { return 0 }
        let closed = await pool.flush()
        try await record([EventCatalog.cacheFlushed(connections: closed)])
        return closed
    }
}
