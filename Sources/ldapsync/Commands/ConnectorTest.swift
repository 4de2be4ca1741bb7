import ArgumentParser
import Foundation

/// `ldapsync connector test NAME`.
struct ConnectorTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Bind with the stored password, read the schema, and count the objects in scope.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Connector name.") var name: String

    func run() async throws {
        try await guarded {
            let test = try await Workspace.open(global).operations().testConnection(name)
            if output.json {
                try printJSON(test)
                return 0
            }
            if let warning = test.warning { note("warning: \(warning)") }
            print("\(test.connector): bound to \(test.uri) as \(test.boundAs)")
            for (base, count) in test.objectsPerContainer.sorted(by: { $0.key < $1.key }) {
                print("  \(base): \(count) objects in scope")
            }
            print("  schema: \(test.schema)")
            return 0
        }
    }
}
