import ArgumentParser
import Connectors
import Foundation

/// `ldapsync connector test NAME`.
struct ConnectorTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Bind with the stored password and count the objects in scope.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Connector name.") var name: String

    func run() async throws {
        try await guarded {
            let workspace = try Workspace.open(global)
            let connector = try workspace.connector(name)
            if let warning = connector.transportWarning { note("warning: \(warning)") }
            do {
                let report = try await ConnectorCheck.test(connector, credentials: workspace.credentials)
                if output.json { try printJSON(report); return 0 }
                print("\(report.connector): bound to \(report.uri) as \(report.boundAs)")
                for (base, count) in report.objectsPerContainer.sorted(by: { $0.key < $1.key }) {
                    print("  \(base): \(count) objects in scope")
                }
                return 0
            } catch let error as ConnectorCheckError {
                return fail("\(connector.name): \(error.message)", error.status.exitCode)
            }
        }
    }
}
