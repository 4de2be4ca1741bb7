import ArgumentParser
import Connectors
import Foundation
import SyncEngine

/// `ldapsync password-sync run`: password change notifications from the sources to the target.
struct PasswordSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password-sync",
        abstract: "Password sync: propagate password changes from the sources to the target.",
        subcommands: [PasswordSyncRun.self])
}

/// `ldapsync password-sync run`: one run now (the service runs one every schedule.passwordSync).
struct PasswordSyncRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Apply every source password changed since it was last applied to the target.",
        discussion:
            "Exit 0 when every notification was applied (or none was due); 1 when any failed; 3 when the target's service account was rejected.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await guarded {
            let workspace = try Workspace.open(global)
            let operations = workspace.operations()
            var runs: [RunRecord] = []
            for target in workspace.configuration.connectors where target.role == .target {
                runs.append(try await operations.run(target.name, .passwordSync, options: RunOptions()))
            }
            try report(runs, json: output.json)
            return runs.map(\.status.exitCode).max() ?? 0
        }
    }
}
