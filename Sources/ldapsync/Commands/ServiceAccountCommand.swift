import ArgumentParser
import Foundation
import Operations

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
            let connector = try workspace.localOperations().connectorConfiguration(name)
            let admin = try adminDN.map { dn in
                AdminCredentials(dn: dn, password: try PasswordOptions.read(stdin: adminPasswordStdin, prompt: "Password of \(dn): ").unsafeText)
            }
            let report = try await workspace.operations().resetServiceAccount(connector.name, admin: admin, actor: currentActor())
            print(report.message)
            if let failure = report.verificationFailure {
                return fail("\(connector.name): the directory took the new password, but a bind with it failed: \(failure)", Exit.credentials)
            }
            return 0
        }
    }
}
