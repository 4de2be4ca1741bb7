import Foundation
import LDAPClient
import SyncEngine

/// A connector's directory schema: read from the directory's subschema entry and stored (at
/// each full import and `connector test`), or the stored one. The engine classifies entries,
/// finds references, and checks what it writes with it.
public enum SchemaDiscovery {
    /// Reads the directory's subschema and stores it; returns it with the descriptions that
    /// could not be read. A directory that publishes none keeps the stored schema (nil if none).
    public static func refresh(
        _ connection: LDAPConnection, connector: ConnectorConfiguration, store: any SyncStore
    )
        async throws -> (schema: DirectorySchema?, warnings: [String])
    {
        let parsed: ParsedSchema
        do {
            parsed = try await connection.readSubschema(for: connector.baseDN.description)
        } catch let error as LDAPError where !error.isConnectionLost && !error.isTransient {
            return (try await stored(connector, store: store), ["the directory's schema could not be read (\(error)); the last one read is used"])
        }
        try await store.write { try $0.setConnectorSchema(parsed.schema, connector: connector.name, at: Date()) }
        return (parsed.schema, parsed.warnings.map(\.description))
    }

    /// The schema last read from a connector's directory.
    public static func stored(_ connector: ConnectorConfiguration, store: any SyncStore) async throws -> DirectorySchema? {
        try await store.read { try $0.connectorSchema(connector: connector.name) }
    }
}
