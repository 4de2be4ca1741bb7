import ArgumentParser

/// `ldapsync connector …`: the management agents.
struct ConnectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connector",
        abstract: "List, inspect and test connectors; set their passwords.",
        subcommands: [ConnectorList.self, ConnectorShow.self, ConnectorTest.self, ConnectorSetPassword.self, ConnectorRetry.self])
}
