import Connectors
import Credentials
import Foundation
import LDAPClient
import Logging
import PostgresStore
import SyncEngine
import SyncStore
import TestSupport
import Testing

/// A complete ldapsync installation of a test's own: a private seeded source, a private empty
/// target, a configuration, a state folder with a key, the store and the credential store.
final class SyncFixture: Sendable {
    let source: PrivateDirectory
    let target: PrivateDirectory
    let stateDirectory: String
    let configPath: String
    let configuration: Configuration
    let store: any SyncStore
    /// The `store:` setting (YAML), nil for the SQLite default: see `StoreKind.underTest`.
    let storeSetting: String?
    let credentials: CredentialStore

    /// Starts both directories and sets everything up; `settings` are top-level keys (YAML
    /// values: `["stagingMode": "true"]`), `targetSettings` the target connector's
    /// (`["exportWindow": "8"]`); `store` pins the store (default: `StoreKind.underTest`).
    init(
        name: String, settings: [String: String] = [:], targetSettings: [String: String] = [:], store kind: StoreKind = .underTest,
        leaseTime: Duration = .seconds(10)
    ) async throws {
        source = try await PrivateDirectory(.source, name: "\(name)-src")
        target = try await PrivateDirectory(.target, name: "\(name)-tgt")
        stateDirectory = NSTemporaryDirectory() + "ldapsync-state-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        configPath = stateDirectory + "/ldapsync.yaml"
        var builder = Self.builder(source: source.directory, target: target.directory)
        let testStore = TestStore(kind, leaseTime: leaseTime)
        storeSetting = testStore.setting
        builder.settings = settings
        builder.settings["store"] = storeSetting
        builder.connectors[1].settings = targetSettings
        try builder.yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        configuration = try Configuration.load(path: configPath)
        try FileManager.default.createDirectory(atPath: configuration.statePath, withIntermediateDirectories: true)
        store = try testStore.open(statePath: configuration.statePath)
        credentials = try testStore.credentials(
            statePath: configuration.statePath, key: try CredentialKey.create(at: configuration.keyFile), store: store)
        try credentials.setPassword(source.directory.servicePassword, for: "contoso.com", by: "test")
        try credentials.setPassword(target.directory.servicePassword, for: "cloud", by: "test")
    }

    /// The configuration of a source and a target: `contoso.com` (people and groups) and `cloud`.
    static func builder(
        source: TestDirectory, target: TestDirectory, sourceContainers: [String] = ["ou=people", "ou=groups"]
    ) -> ConfigurationBuilder {
        ConfigurationBuilder(connectors: [
            .init(
                name: "contoso.com", role: "source", uri: source.uri, bindDN: source.serviceDN, baseDN: source.base, containers: sourceContainers),
            .init(name: "cloud", role: "target", uri: target.uri, bindDN: target.serviceDN, baseDN: target.base),
        ])
    }

    /// The whole configuration file of `builder` with top-level `settings`.
    static func yaml(source: TestDirectory, target: TestDirectory, settings: [String: String] = [:]) -> String {
        var builder = builder(source: source, target: target)
        builder.settings = settings
        return builder.yaml
    }

    /// Rewrites the configuration file (the source's containers and settings, the target's
    /// settings, connectors after the two, `rules` as YAML at the top level) and loads it.
    func reconfigure(
        sourceContainers: [String] = ["ou=people", "ou=groups"], sourceSettings: [String: String] = [:], targetSettings: [String: String] = [:],
        extraConnectors: [ConfigurationBuilder.Connector] = [], rules: String = ""
    ) throws -> Configuration {
        var builder = Self.builder(source: source.directory, target: target.directory, sourceContainers: sourceContainers)
        builder.connectors[0].settings = sourceSettings
        builder.connectors[1].settings = targetSettings
        builder.connectors += extraConnectors
        builder.extra = rules
        builder.settings["store"] = storeSetting
        try builder.yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        return try Configuration.load(path: configPath)
    }

    /// Replaces the configuration file with `yaml`, keeping this installation's store (a
    /// PostgreSQL schema when the suites run on PostgreSQL).
    func writeConfiguration(_ yaml: String) throws {
        let withStore = storeSetting.map { yaml.contains("\nstore:") ? yaml : yaml + "\nstore: \($0)\n" } ?? yaml
        try withStore.write(toFile: configPath, atomically: true, encoding: .utf8)
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
    func events(_ id: Int) async throws -> [EventRecord] {
        try await store.read { try $0.events(EventFilter(id: id)) }
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
