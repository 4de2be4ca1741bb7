import ArgumentParser
import Foundation
import Operations

extension ConnectorSummary {
    /// The password's state in a few words.
    var passwordState: String {
        if !passwordSet { return "not set" }
        if rejected { return "REJECTED" }
        return lastAcceptedAt == nil ? "set, never used" : "accepted \(humanDate(lastAcceptedAt))"
    }
}

/// `ldapsync connector list`.
struct ConnectorList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the connectors.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await guarded {
            let summaries = try await Workspace.open(global).operations().connectors()
            if output.json {
                try printJSON(summaries)
                return 0
            }
            printTable(
                ["NAME", "FLAVOR", "ROLE", "URI", "OBJECTS", "PASSWORD"],
                summaries.map { [$0.name, $0.flavor, $0.role, $0.uri, String($0.connectorSpaceObjects), $0.passwordState] })
            return 0
        }
    }
}

/// `ldapsync connector show NAME`.
struct ConnectorShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one connector's properties and state.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Connector name.") var name: String

    func run() async throws {
        try await guarded {
            let workspace = try Workspace.open(global)
            let connector = try workspace.localOperations().connectorConfiguration(name)
            guard let summary = try await workspace.operations().connectors().first(where: { $0.name == connector.name }) else { return 2 }
            if output.json {
                try printJSON(summary)
                return 0
            }
            print(
                """
                Connector:        \(summary.name)
                Flavor / role:    \(summary.flavor) / \(summary.role)
                URI:              \(summary.uri) (TLS: \(summary.tls))
                Bind as:          \(summary.bindDN)
                Base DN:          \(summary.baseDN)
                Containers:       \(summary.containers.isEmpty ? "(the whole base)" : summary.containers.joined(separator: "; "))
                Password:         \(summary.passwordState)\(summary.passwordGeneration.map { " (generation \($0), set \(humanDate(summary.passwordSetAt)))" } ?? "")
                """)
            if let reason = summary.rejectionReason { print("Rejected because:  \(reason)") }
            if let warning = summary.warning { print("Warning:          \(warning)") }
            print("Connector space:  \(summary.connectorSpaceObjects) objects")
            let pending = summary.pendingExports.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            print("Pending exports:  \(pending.isEmpty ? "none" : pending.joined(separator: ", "))")
            return 0
        }
    }
}
