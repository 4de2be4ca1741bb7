import ArgumentParser

/// `ldapsync connector …`: the management agents.
struct ConnectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connector",
        abstract: "List, inspect and test connectors; show their schemas; set their passwords.",
        subcommands: [
            ConnectorList.self, ConnectorShow.self, ConnectorTest.self, ConnectorSchema.self, ConnectorSetPassword.self, ConnectorRetry.self,
        ])
}
