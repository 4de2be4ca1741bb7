import ArgumentParser
import Credentials
import Foundation
import SyncEngine
import SyncService

/// `ldapsync init`: the state folder, the key and the database for a configuration; a
/// commented starter configuration only where none exists (never overwritten).
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the state folder, key file and database; write a starter config where none exists.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await guarded {
            let path = global.configPath
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(
                    atPath: path, contents: Data(Configuration.starterYAML.utf8), attributes: [.posixPermissions: 0o644])
                print("Wrote a starter configuration to \(path): edit it, then run `ldapsync init` again.")
            }
            let configuration = try Configuration.load(path: path)
            try FileManager.default.createDirectory(
                atPath: configuration.statePath, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try StateFolder.secure(configuration.statePath)
            let (_, created) = try CredentialKey.loadOrCreate(at: configuration.keyFile)
            print(
                created
                    ? "Created the key file \(configuration.keyFile) (mode 0600): back it up with the state folder."
                    : "The key file \(configuration.keyFile) already exists; kept.")
            _ = try Workspace.openStore(configuration)
            _ = try AdminToken.loadOrCreate(stateDirectory: configuration.statePath)
            print(
                "State folder \(configuration.statePath) is ready (admin API token: \(AdminToken.path(stateDirectory: configuration.statePath)), mode 0600)."
            )
            for connector in configuration.connectors {
                print("Next: ldapsync --config \(path) connector set-password \(connector.name)")
            }
            return 0
        }
    }
}
