import ArgumentParser
import Foundation

/// `ldapsync connector retry NAME`: allow one more bind with a password the directory rejected
/// (after the account was fixed in the directory, e.g. unlocked or re-enabled).
struct ConnectorRetry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Allow the next run to bind again with a password the directory rejected.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Connector name.") var name: String

    func run() async throws {
        try await guarded {
            let workspace = try Workspace.open(global)
            let connector = try workspace.localOperations().connectorConfiguration(name)
            try await workspace.operations().retryCredentials(connector.name)
            print("\(connector.name): the next run will bind with the stored password again.")
            return 0
        }
    }
}
