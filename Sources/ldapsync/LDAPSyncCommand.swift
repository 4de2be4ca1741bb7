import ArgumentParser

/// The `ldapsync` command line.
@main
struct LDAPSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ldapsync",
        abstract: "Keep a target directory in step with an on-premises directory.",
        subcommands: [])
}
