import Credentials
import Foundation
import SyncEngine

/// One connector as `connector list`, `connector show`, the API and the console report it:
/// its properties, its password's state and its connector space (never a secret).
public struct ConnectorSummary: Sendable, Codable, Hashable {
    public var name: String
    public var flavor: String
    public var role: String
    public var uri: String
    public var tls: String
    public var bindDN: String
    public var baseDN: String
    public var containers: [String]
    public var passwordSet: Bool
    public var passwordGeneration: Int?
    public var passwordSetAt: Date?
    public var lastAcceptedAt: Date?
    public var rejected: Bool
    public var rejectionReason: String?
    public var connectorSpaceObjects: Int
    public var pendingExports: [String: Int]
    /// Certificate verification off, or passwords in clear (see `ConnectorConfiguration.transportWarning`).
    public var warning: String?

    init(_ connector: ConnectorConfiguration, record: CredentialRecord?, session: any SyncStoreSession) throws {
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
        lastAcceptedAt = record?.lastAcceptedAt
        rejected = record?.isRejected ?? false
        rejectionReason = record?.isRejected == true ? record?.rejectionReason : nil
        connectorSpaceObjects = try session.csCount(connector: connector.name)
        pendingExports = Dictionary(
            uniqueKeysWithValues: try session.csPendingExportCounts(connector: connector.name).map { ($0.key.rawValue, $0.value) })
        warning = connector.transportWarning
    }
}
