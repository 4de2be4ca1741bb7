import ArgumentParser
import Credentials
import Foundation
import SyncEngine

/// One connector as `connector list` and `connector show` report it (never a secret).
struct ConnectorSummary: Encodable {
    var name: String
    var flavor: String
    var role: String
    var uri: String
    var tls: String
    var bindDN: String
    var baseDN: String
    var containers: [String]
    var passwordSet: Bool
    var passwordGeneration: Int?
    var passwordSetAt: Date?
    var passwordLastAcceptedAt: Date?
    var passwordRejected: Bool
    var rejectionReason: String?
    var connectorSpaceObjects: Int
    var pendingExports: [String: Int]

    init(_ connector: ConnectorConfiguration, _ workspace: Workspace) throws {
        let record = try workspace.credentials.record(for: connector.name)
        name = connector.name
        flavor = connector.flavor.rawValue
        role = connector.role.rawValue
        uri = connector.uri
        tls = connector.tls.rawValue
        bindDN = connector.bindDN
        baseDN = connector.baseDN.description
        containers = connector.containers.map(\.description)
        passwordSet = record.map { $0.generation > 0 } ?? false
        passwordGeneration = record?.generation
        passwordSetAt = record?.setAt
        passwordLastAcceptedAt = record?.lastAcceptedAt
        passwordRejected = record?.isRejected ?? false
        rejectionReason = record?.isRejected == true ? record?.rejectionReason : nil
        (connectorSpaceObjects, pendingExports) = try workspace.store.read { session in
            let counts = try session.csPendingExportCounts(connector: connector.name)
            return (try session.csCount(connector: connector.name), Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }))
        }
    }

    var passwordState: String {
        if !passwordSet { return "not set" }
        if passwordRejected { return "REJECTED" }
        return passwordLastAcceptedAt == nil ? "set, never used" : "accepted \(humanDate(passwordLastAcceptedAt))"
    }
}

/// `ldapsync connector list`.
struct ConnectorList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the connectors.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await guarded {
            let workspace = try Workspace.open(global)
            let summaries = try workspace.configuration.connectors.map { try ConnectorSummary($0, workspace) }
            if output.json { try printJSON(summaries); return 0 }
            printTable(["NAME", "FLAVOR", "ROLE", "URI", "OBJECTS", "PASSWORD"],
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
            let connector = try workspace.connector(name)
            let summary = try ConnectorSummary(connector, workspace)
            if output.json { try printJSON(summary); return 0 }
            print("""
                Connector:        \(summary.name)
                Flavor / role:    \(summary.flavor) / \(summary.role)
                URI:              \(summary.uri) (TLS: \(summary.tls))
                Bind as:          \(summary.bindDN)
                Base DN:          \(summary.baseDN)
                Containers:       \(summary.containers.isEmpty ? "(the whole base)" : summary.containers.joined(separator: "; "))
                Password:         \(summary.passwordState)\(summary.passwordGeneration.map { " (generation \($0), set \(humanDate(summary.passwordSetAt)))" } ?? "")
                """)
            if let reason = summary.rejectionReason { print("Rejected because:  \(reason)") }
            if let warning = connector.transportWarning { print("Warning:          \(warning)") }
            print("Connector space:  \(summary.connectorSpaceObjects) objects")
            let pending = summary.pendingExports.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            print("Pending exports:  \(pending.isEmpty ? "none" : pending.joined(separator: ", "))")
            return 0
        }
    }
}
