import ArgumentParser
import Foundation
import Operations

/// `ldapsync connector set-password NAME`: verify with a test bind, store encrypted, and flush
/// (a running service closes the connections bound with the old password at once).
struct ConnectorSetPassword: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-password",
        abstract: "Verify, store (encrypted) and use a connector's bind password; a running service flushes at once.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var input: PasswordOptions
    @Argument(help: "Connector name.") var name: String
    @Flag(name: .long, help: "Store the password without a test bind.") var noVerify = false

    func run() async throws {
        try await guarded {
            let workspace = try Workspace.open(global)
            let connector = try workspace.localOperations().connectorConfiguration(name)
            let password = try input.read(prompt: "New password for \(connector.bindDN) (\(connector.name)): ")
            let change = try await workspace.operations().setPassword(connector.name, password, verify: !noVerify, actor: currentActor())
            print(change.message)
            return 0
        }
    }
}
