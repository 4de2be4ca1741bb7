import ArgumentParser
import Connectors
import Foundation
import LDAPClient
import SyncEngine

/// `ldapsync connector set-password NAME`: verify with a test bind, store encrypted, bump the
/// generation, record an event. A running service notices the new generation before its next
/// run and drops every connection bound with the old password.
struct ConnectorSetPassword: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-password",
        abstract: "Give a connector a new bind password (verified by a test bind, stored encrypted).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var input: PasswordOptions
    @Argument(help: "Connector name.") var name: String
    @Flag(name: .long, help: "Store the password without a test bind.") var noVerify = false

    func run() async throws {
        try await guarded {
            let workspace = try Workspace.open(global)
            let connector = try workspace.connector(name)
            let password = try input.read(prompt: "New password for \(connector.bindDN) (\(connector.name)): ")
            if let service = ServiceEndpoint.current(stateDirectory: workspace.configuration.statePath) {
                // The service verifies, stores and flushes its own pooled connections.
                viaService(service)
                let result = try service.post("/api/connectors/\(connector.name)/password",
                                              body: PasswordRequest(password: password.unsafeText, verify: !noVerify, actor: currentActor()),
                                              as: ServiceAnswer.self, accept: [200, 422])
                guard result.ok else { return fail("\(connector.name): \(result.message)", Exit.credentials) }
                print(result.message)
                return 0
            }
            if !noVerify {
                do {
                    try await ConnectorCheck.verify(connector, password: password)
                } catch let error as LDAPError where error.isCredentialRejection {
                    return fail("\(connector.name): the directory refused a test bind as \"\(connector.bindDN)\" with this password: "
                                + "\(error.bindRejectionReason). The stored password was not changed.", Exit.credentials)
                }
            }
            let record = try workspace.credentials.setPassword(password, for: connector.name, by: currentActor())
            _ = try workspace.store.write {
                try $0.insert(EventCatalog.credentialUpdated(connector: connector.name, by: currentActor(), generation: record.generation, verified: !noVerify))
            }
            print("The password of \(connector.name) was \(noVerify ? "stored without a test bind" : "verified and stored") (generation \(record.generation)). The next run binds with it.")
            if let pid = ServicePIDFile(stateDirectory: workspace.configuration.statePath).runningPID() {
                kill(pid, SIGHUP)
                print("The running service (pid \(pid)) was told to flush: it closes every connection bound with the old password now.")
            }
            return 0
        }
    }
}

/// The body of the service's password route (the password travels over the loopback API only).
struct PasswordRequest: Encodable {
    var password: String
    var verify: Bool
    var actor: String
}

/// The service's answer to a command it carried out.
struct ServiceAnswer: Decodable {
    var ok: Bool
    var message: String
}
