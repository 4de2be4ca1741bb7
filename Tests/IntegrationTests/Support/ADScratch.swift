import Foundation
import LDAPClient
import SyncEngine
import SyncStore
import TestSupport
import Testing

@testable import Connectors

/// A test's own corner of the shared Samba AD DC and an ldapsync installation that imports it:
/// `OU=<tag>` (the AD connector's only container), `OU=<tag>-out` (outside the containers),
/// and a config whose source connector `samba` binds as `bindDN` and whose target is never
/// contacted. Everything created is deleted by `remove()`.
struct ADScratch: Sendable {
    let samba = TestDirectory.samba
    let admin: LDAPConnection
    let tag: String
    /// The container in scope.
    let ou: String
    /// An OU of the test's own, outside the containers.
    let outside: String
    let folder: String
    let config: String
    /// Where its state lives (SQLite in the folder, or a PostgreSQL schema of its own).
    let testStore = TestStore()

    /// Creates both OUs and a config folder; `init` is run, no password is set yet.
    static func make(_ prefix: String) async throws -> ADScratch {
        let samba = TestDirectory.samba
        let admin = try await samba.admin(tls: .ldaps)
        let tag = "\(prefix)\(UInt32.random(in: 0...999_999))"
        let folder = NSTemporaryDirectory() + "ldapsync-ad-\(tag)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let scratch = ADScratch(
            admin: admin, tag: tag, ou: "OU=\(tag),\(samba.base)", outside: "OU=\(tag)-out,\(samba.base)",
            folder: folder, config: folder + "/ldapsync.yaml")
        for dn in [scratch.ou, scratch.outside] {
            try await admin.add(dn, attributes: [LDAPAttribute("objectClass", ["top", "organizationalUnit"])])
        }
        return scratch
    }

    /// Writes the config (binding as `bindDN`), runs `init` and stores the password.
    func configure(bindDN: String, password: String) async throws {
        let target = TestDirectory.target
        var builder = ConfigurationBuilder(connectors: [
            .init(
                name: "samba", flavor: "active-directory", role: "source", uri: samba.ldapsURI, bindDN: bindDN, baseDN: samba.base,
                containers: ["OU=\(tag)"], settings: ["caFile": TestDirectory.caFile]),
            .init(name: "cloud", role: "target", uri: target.uri, bindDN: target.serviceDN, baseDN: target.base),
        ])
        builder.settings["store"] = testStore.setting
        try builder.yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let initialized = try await CommandLine.run(["init"], config: config)
        #expect(initialized.code == 0, "\(initialized.stdout)\(initialized.stderr)")
        let set = try await CommandLine.run(["connector", "set-password", "samba", "--password-stdin"], config: config, input: password)
        #expect(set.code == 0, "\(set.stdout)\(set.stderr)")
    }

    /// The installation's store (open it after `configure`).
    func store() throws -> any SyncStore {
        try testStore.open(statePath: folder + "/state")
    }

    /// Runs one profile on `samba` in a new process and returns its run record.
    func run(_ profile: String, _ store: any SyncStore) async throws -> RunRecord {
        let result = try await CommandLine.run(["run", "samba", profile], config: config)
        #expect(result.code == 0, "\(profile): \(result.stdout)\(result.stderr)")
        return try #require(try await store.read { try $0.runs(connector: "samba", limit: 1) }.first)
    }

    /// Every object of the `samba` connector space, by anchor.
    func connectorSpace(_ store: any SyncStore) async throws -> [String: ConnectorSpaceObject] {
        let objects = try await store.read { session in
            try session.csObjects(ids: try session.csObjectIDs(connector: "samba", pendingImportOnly: false))
        }
        return Dictionary(uniqueKeysWithValues: objects.compactMap { object in object.anchor.map { ($0, object) } })
    }

    /// The stored AD watermark.
    func watermark(_ store: any SyncStore) async throws -> ADWatermark? {
        try await store.read { try $0.watermark(connector: "samba") }.flatMap(ADWatermark.init(encoded:))
    }

    /// Adds a user (enabled, with a password, when `password` is given) and returns its anchor.
    @discardableResult
    func addUser(_ name: String, in parent: String? = nil, password: String? = nil, _ extra: [LDAPAttribute] = []) async throws -> String {
        var attributes =
            [
                LDAPAttribute("objectClass", ["top", "person", "organizationalPerson", "user"]),
                LDAPAttribute("sAMAccountName", [String("\(tag)\(name)".prefix(20))]),
            ] + extra
        if let password {
            attributes += [LDAPAttribute("unicodePwd", values: [SambaOU.unicodePwd(password)]), LDAPAttribute("userAccountControl", ["512"])]
        }
        return try await add("CN=\(name),\(parent ?? ou)", attributes)
    }

    /// Adds a global security group with these member DNs and returns its anchor.
    @discardableResult
    func addGroup(_ name: String, members: [String]) async throws -> String {
        var attributes = [LDAPAttribute("objectClass", ["top", "group"]), LDAPAttribute("sAMAccountName", ["\(tag)\(name)"])]
        if !members.isEmpty { attributes.append(LDAPAttribute("member", members)) }
        return try await add("CN=\(name),\(ou)", attributes)
    }

    private func add(_ dn: String, _ attributes: [LDAPAttribute]) async throws -> String {
        try await admin.add(dn, attributes: attributes)
        let entry = try #require(try await admin.searchAll(SearchRequest(base: dn, scope: .base, attributes: ["objectGUID"])).first)
        return try #require(entry.values("objectGUID").first.flatMap(Anchor.guid))
    }

    /// Deletes everything below and including both OUs (children first) and the config folder.
    func remove() async {
        for base in [ou, outside] {
            let entries = (try? await admin.searchAll(SearchRequest(base: base, attributes: ["1.1"]))) ?? []
            for entry in entries.sorted(by: { $0.dn.count > $1.dn.count }) { try? await admin.delete(entry.dn) }
        }
        await admin.close()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs `body` and then `remove()`, whether it threw or not.
    static func with(_ prefix: String, _ body: (ADScratch) async throws -> Void) async throws {
        let scratch = try await make(prefix)
        do {
            try await body(scratch)
        } catch {
            await scratch.remove()
            throw error
        }
        await scratch.remove()
    }
}
