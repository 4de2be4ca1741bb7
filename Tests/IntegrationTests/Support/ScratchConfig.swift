import Foundation
import TestSupport

/// A folder of a test's own holding `ldapsync.yaml` (its state goes to ./state beside it), for
/// tests that need a configuration without a `SyncFixture`. `remove()` deletes all of it.
struct ScratchConfig {
    let folder: String
    var path: String { folder + "/ldapsync.yaml" }

    init(_ name: String, yaml: String) throws {
        folder = NSTemporaryDirectory() + "ldapsync-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// The Samba AD DC as source `contoso-ad` (over ldaps, bound as `bindDN`, `containers` in
    /// scope: all of the base when empty) and an OpenLDAP directory as target `cloud`.
    /// `store` is the installation's `store:` setting (nil: SQLite in the state folder).
    static func adSource(
        bindDN: String = TestDirectory.samba.serviceDN, containers: [String] = [], target: TestDirectory, store: String? = nil
    ) -> String {
        let samba = TestDirectory.samba
        var builder = ConfigurationBuilder(connectors: [
            .init(
                name: "contoso-ad", flavor: "active-directory", role: "source", uri: samba.ldapsURI, bindDN: bindDN, baseDN: samba.base,
                containers: containers, settings: ["caFile": TestDirectory.caFile]),
            .init(name: "cloud", role: "target", uri: target.uri, bindDN: target.serviceDN, baseDN: target.base),
        ])
        builder.settings["store"] = store
        return builder.yaml
    }
}
