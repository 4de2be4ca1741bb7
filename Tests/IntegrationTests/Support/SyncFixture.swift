import Connectors
import Credentials
import Foundation
import LDAPClient
import Logging
import SyncEngine
import SyncStore
import Testing

/// A complete ldapsync installation of a test's own: a private seeded source, a private empty
/// target, a configuration, a state folder with a key, the store and the credential store.
final class SyncFixture: Sendable {
    let source: PrivateDirectory
    let target: PrivateDirectory
    let stateDirectory: String
    let configPath: String
    let configuration: Configuration
    let store: SQLiteSyncStore
    let credentials: CredentialStore

    /// Starts both directories and sets everything up; `extraYAML` goes at the top level,
    /// `targetYAML` (keys such as `exportWindow: 8`) into the target connector.
    init(name: String, extraYAML: String = "", targetYAML: String = "") async throws {
        source = try await PrivateDirectory(.source, name: "\(name)-src")
        target = try await PrivateDirectory(.target, name: "\(name)-tgt")
        stateDirectory = NSTemporaryDirectory() + "ldapsync-state-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        configPath = stateDirectory + "/ldapsync.yaml"
        try Self.yaml(source: source.directory, target: target.directory, extra: extraYAML, targetExtra: targetYAML)
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        configuration = try Configuration.load(path: configPath)
        try FileManager.default.createDirectory(atPath: configuration.statePath, withIntermediateDirectories: true)
        store = try SQLiteSyncStore(path: configuration.statePath + "/ldapsync.db")
        credentials = try CredentialStore(directory: configuration.statePath, key: try CredentialKey.create(at: configuration.keyFile))
        try credentials.setPassword(source.directory.servicePassword, for: "contoso.com", by: "test")
        try credentials.setPassword(target.directory.servicePassword, for: "cloud", by: "test")
    }

    static func yaml(source: TestDirectory, target: TestDirectory, extra: String, targetExtra: String = "") -> String {
        """
        state: ./state
        \(extra)
        connectors:
          - name: contoso.com
            flavor: openldap
            role: source
            uri: \(source.uri)
            bindDN: \(source.serviceDN)
            baseDN: \(source.base)
            containers: [ou=people, ou=groups]
          - name: cloud
            flavor: openldap
            role: target
            uri: \(target.uri)
            bindDN: \(target.serviceDN)
            baseDN: \(target.base)
            \(targetExtra)
        """
    }

    /// Rewrites the configuration file (the source's containers and extra keys, the target's
    /// extra keys, connectors after the two, top-level keys such as `rules:`) and loads it.
    func reconfigure(
        sourceContainers: String = "[ou=people, ou=groups]", sourceYAML: String = "", targetYAML: String = "", extraConnectors: String = "",
        rules: String = ""
    ) throws -> Configuration {
        func indented(_ text: String, _ spaces: Int) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { String(repeating: " ", count: spaces) + $0 }.joined(separator: "\n")
        }
        let yaml = """
            state: ./state
            \(rules)
            connectors:
              - name: contoso.com
                flavor: openldap
                role: source
                uri: \(source.directory.uri)
                bindDN: \(source.directory.serviceDN)
                baseDN: \(source.directory.base)
                containers: \(sourceContainers)
            \(indented(sourceYAML, 4))
              - name: cloud
                flavor: openldap
                role: target
                uri: \(target.directory.uri)
                bindDN: \(target.directory.serviceDN)
                baseDN: \(target.directory.base)
            \(indented(targetYAML, 4))
            \(extraConnectors)
            """
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        return try Configuration.load(path: configPath)
    }

    /// A run coordinator over another configuration of this installation (see `reconfigure`).
    func coordinator(_ configuration: Configuration) -> RunCoordinator {
        RunCoordinator(
            configuration: configuration, store: store, credentials: credentials,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// A run coordinator (quiet logger), optionally with a progress callback.
    func coordinator(progress: (@Sendable (String, RunProfile, Int) -> Void)? = nil) -> RunCoordinator {
        var coordinator = RunCoordinator(
            configuration: configuration, store: store, credentials: credentials,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        coordinator.progress = progress
        return coordinator
    }

    /// Runs a sync cycle and returns its runs.
    func cycle(initial: Bool = false) async throws -> [RunRecord] {
        try await coordinator().cycle(initial: initial)
    }

    /// All entries below a DN in the target (read as the target's admin).
    func targetEntries(
        _ base: String? = nil, filter: String = "(|(objectClass=inetOrgPerson)(objectClass=groupOfNames))",
        attributes: [String] = ["*", "entryUUID", "pwdAccountLockedTime"]
    ) async throws -> [LDAPEntry] {
        let admin = try await target.directory.admin()
        defer { Task { await admin.close() } }
        return try await admin.searchAll(SearchRequest(base: base ?? target.directory.base, filter: filter, attributes: attributes))
    }

    /// One target entry, or nil.
    func targetEntry(_ dn: String) async throws -> LDAPEntry? {
        do {
            return try await targetEntries(dn, filter: "(objectClass=*)").first
        } catch LDAPResultCode.noSuchObject {
            return nil
        }
    }

    /// A connection to the source as its admin.
    func sourceAdmin() async throws -> LDAPConnection { try await source.directory.admin() }

    /// Events with this id.
    func events(_ id: Int) throws -> [EventRecord] {
        try store.read { try $0.events(EventFilter(id: id)) }
    }

    /// Stops both directories and removes all state.
    func remove() {
        source.remove()
        target.remove()
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }
}

/// A source DN moved under the target base (`dc=contoso,dc=com` → `dc=cloud,dc=example`).
func targetDN(_ sourceDN: String) -> String {
    sourceDN.replacingOccurrences(of: "dc=contoso,dc=com", with: "dc=cloud,dc=example")
}
