import Credentials
import Foundation
import LDAPClient
import SyncEngine

/// Connection checks an admin asks for: `connector test` and the verification bind of
/// `connector set-password`.
public enum ConnectorCheck {
    /// What `connector test` found.
    public struct Report: Sendable, Encodable {
        public var connector: String
        public var uri: String
        public var boundAs: String
        /// In-scope objects per container (search base).
        public var objectsPerContainer: [String: Int]
        /// The schema read (and stored) on the way: a summary, or why it could not be read.
        public var schema: String
    }

    /// Binds with a candidate password on a fresh connection and closes it; throws the
    /// directory's `LDAPError` when it is refused. Nothing is stored or marked.
    public static func verify(_ connector: ConnectorConfiguration, password: Password) async throws {
        let connection = try await LDAPConnection.connect(connector.connectionOptions())
        try await connection.bind(connector.bindDN, password: password)
        await connection.close()
    }

    /// Binds with the stored password (respecting a recorded rejection: no lockouts), reads and
    /// stores the directory's schema, and counts the in-scope objects of each container.
    public static func test(_ connector: ConnectorConfiguration, credentials: CredentialStore, store: any SyncStore) async throws -> Report {
        let connection: LDAPConnection
        do {
            (connection, _) = try await DirectoryLogin(connector: connector, credentials: credentials).open(runID: nil)
        } catch {
            throw ConnectorCheckError(status: error.status, message: error.message)
        }
        let read = try await SchemaDiscovery.refresh(connection, connector: connector, store: store)
        var summary = read.schema.map { "\($0.attributeTypes.count) attribute types, \($0.objectClasses.count) object classes" } ?? "not read"
        if let first = read.warnings.first { summary += " (\(read.warnings.count) not understood, first: \(first))" }
        let reader = EntryReader(connector: connector, schema: read.schema)
        var counts: [String: Int] = [:]
        for base in connector.searchBases {
            var count = 0
            let request = SearchRequest(base: base.description, filter: reader.filter, attributes: ["1.1"])
            for try await page in connection.pagedSearch(request, pageSize: Int32(connector.pageSize)) { count += page.count }
            counts[base.description] = count
        }
        await connection.close()
        return Report(connector: connector.name, uri: connector.uri, boundAs: connector.bindDN, objectsPerContainer: counts, schema: summary)
    }
}

/// `connector test` could not bind: the status a run would have ended with, and why.
public struct ConnectorCheckError: Error, CustomStringConvertible {
    public var status: RunStatus
    public var message: String
    public var description: String { "\(status.rawValue): \(message)" }
}
