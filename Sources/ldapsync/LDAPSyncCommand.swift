import ArgumentParser
import Foundation

/// The `ldapsync` command line.
@main
struct LDAPSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ldapsync",
        abstract: "Keep a target directory in step with an on-premises directory.",
        discussion: """
            Global options, before or after the command: --config FILE (default $LDAPSYNC_CONFIG, \
            else ./ldapsync.yaml) and --log-level LEVEL (default warning, or $LDAPSYNC_LOG_LEVEL).

            Exit codes: 0 success; 1 a run finished with errors; 2 usage or configuration error; \
            3 credentials rejected; 4 directory unreachable.
            """,
        subcommands: [
            InitCommand.self, ConnectorCommand.self, RunCommand.self, CycleCommand.self, RunsCommand.self,
            EventsCommand.self, ConnectorSpaceCommand.self, MetaverseCommand.self, RulesCommand.self, ExplainCommand.self, SimulateCommand.self,
            UndoCommand.self, ExportCommand.self, PasswordSyncCommand.self, StoreCommand.self,
            ServiceAccountCommand.self, SchedulerCommand.self, ServiceCommand.self,
        ])

    /// Lifts the global options out of the arguments wherever they stand (`ldapsync --config F
    /// cycle` and `ldapsync cycle --config F` both work), then runs the command.
    static func main() async {
        // Everything ldapsync creates (database, WAL, key, token, sockets, state files) is the
        // owner's alone, whatever umask it was started with.
        umask(0o077)
        var arguments = Array(CommandLine.arguments.dropFirst())
        GlobalOptions.lift(from: &arguments)
        let command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            // A stray argument may be a password typed in the wrong place: never echo it.
            FileHandle.standardError.write(Data((UsageRedaction.redact(fullMessage(for: error), arguments: arguments) + "\n").utf8))
            Foundation.exit(Exit.usage)
        }
        do {
            var command = command
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
