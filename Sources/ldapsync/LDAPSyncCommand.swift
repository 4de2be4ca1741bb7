import ArgumentParser

/// The `ldapsync` command line.
@main
struct LDAPSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ldapsync",
        abstract: "Keep a target directory in step with an on-premises directory.",
        discussion: """
            Exit codes: 0 success; 1 a run finished with errors; 2 usage or configuration error;
            3 credentials rejected; 4 directory unreachable.
            """,
        subcommands: [
            InitCommand.self, ConnectorCommand.self, RunCommand.self, CycleCommand.self, RunsCommand.self,
            EventsCommand.self, ConnectorSpaceCommand.self, MetaverseCommand.self, ExportCommand.self,
        ])
}
