import ArgumentParser
import Connectors
import Foundation
import LDAPClient
import SyncEngine
import SyncService

/// `ldapsync service-account`.
struct ServiceAccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service-account",
        abstract: "Manage a connector's service account in its directory.",
        subcommands: [ServiceAccountResetCommand.self])
}

/// `ldapsync service-account reset NAME`: a new random password in the directory and in the
/// engine together (the analogue of Add-ADSyncAADServiceAccount).
struct ServiceAccountResetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Set a new random password on a connector's service account, in the directory and in ldapsync.",
        discussion: """
            Binds as the directory admin (--admin-dn; the password from --admin-password-stdin or a \
            prompt), sets a generated password on the connector's bind account (RFC 3062 on OpenLDAP, \
            unicodePwd over TLS on Active Directory), verifies a bind with it, stores it encrypted and \
            tells a running service to flush. The password is never shown. A reset interrupted by a \
            crash is finished by running the command again.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Connector name.") var name: String
    @Option(name: .long, help: "The directory admin's DN (or UPN / DOMAIN\\user on Active Directory).") var adminDN: String?
    @Flag(name: .long, help: "Read the admin's password from standard input.") var adminPasswordStdin = false

    func run() async throws {
        try await guarded {
            let workspace = try Workspace.open(global)
            let connector = try workspace.connector(name)
            let reset = ServiceAccountReset(connector: connector, credentials: workspace.credentials)
            if let service = ServiceEndpoint.current(stateDirectory: workspace.configuration.statePath) {
                return try resetThrough(service, connector)
            }
            var outcome = try await reset.finishInterrupted()
            if outcome == nil {
                guard let adminDN, !adminDN.isEmpty else {
                    throw CommandFailure("--admin-dn is required: the directory admin who may set the password of \(connector.bindDN)", code: Exit.usage)
                }
                let password = try PasswordOptions.read(stdin: adminPasswordStdin, prompt: "Password of \(adminDN): ")
                do {
                    outcome = try await reset.run(adminDN: adminDN, adminPassword: password, actor: currentActor())
                } catch let error as ResetError {
                    try workspace.store.write { session in for event in error.events { try session.insert(event) } }
                    throw CommandFailure(error.description, code: error.credentials ? Exit.credentials : Exit.runErrors)
                }
            }
            guard let outcome else { return 0 }
            try workspace.store.write { session in for event in outcome.events { try session.insert(event) } }
            if outcome.finishedInterrupted {
                print("An interrupted reset of \(connector.bindDN) was finished: the password it had set binds and is now stored (generation \(outcome.record.generation)).")
            } else {
                print("The service account \(connector.bindDN) of \(connector.name) has a new random password, set in the directory and stored (generation \(outcome.record.generation)).")
            }
            if let pid = ServicePIDFile(stateDirectory: workspace.configuration.statePath).runningPID() {
                kill(pid, SIGHUP)
                print("The running service (pid \(pid)) was told to flush: its next run binds with the new password.")
            }
            if let failure = outcome.verificationFailure {
                return fail("\(connector.name): the directory took the new password, but a bind with it failed: \(failure)", Exit.credentials)
            }
            return 0
        }
    }

    /// The same through the running service, which then flushes its own connections.
    private func resetThrough(_ service: ServiceEndpoint, _ connector: ConnectorConfiguration) throws -> Int32 {
        guard let adminDN, !adminDN.isEmpty else {
            throw CommandFailure("--admin-dn is required: the directory admin who may set the password of \(connector.bindDN)", code: Exit.usage)
        }
        let password = try PasswordOptions.read(stdin: adminPasswordStdin, prompt: "Password of \(adminDN): ")
        viaService(service)
        let result = try service.post("/api/connectors/\(connector.name)/reset",
                                      body: ["adminDN": adminDN, "adminPassword": password.unsafeText, "actor": currentActor()],
                                      as: ResetResult.self, accept: [200, 422])
        if let error = result.error { return fail(error, result.credentialsRefused ? Exit.credentials : Exit.runErrors) }
        print(result.finishedInterrupted
              ? "An interrupted reset of \(connector.bindDN) was finished: the password it had set binds and is now stored (generation \(result.generation ?? 0))."
              : "The service account \(connector.bindDN) of \(connector.name) has a new random password, set in the directory and stored (generation \(result.generation ?? 0)).")
        print("The running service (pid \(service.pid)) flushed \(result.flushed ?? 0) pooled connection(s): its next run binds with the new password.")
        if let failure = result.verificationFailure {
            return fail("\(connector.name): the directory took the new password, but a bind with it failed: \(failure)", Exit.credentials)
        }
        return 0
    }
}
