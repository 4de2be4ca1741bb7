import Foundation
import LDAPProtocol
import Testing

@testable import SyncEngine

/// A throwaway folder with a configuration file and a CA file in it, removed at the end.
struct ConfigurationFolder: ~Copyable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/ldapsync-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path + "/dev", withIntermediateDirectories: true)
        // The loader only checks that the CA file exists and is readable; TLS reads it later.
        try Self.caPEM.write(toFile: path + "/dev/ca.pem", atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `yaml` as `name` in the folder and returns the file's path.
    func write(_ yaml: String, as name: String = "ldapsync.yaml") throws -> String {
        let file = path + "/" + name
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    static let caPEM = """
        -----BEGIN CERTIFICATE-----
        MIIBfzCCASWgAwIBAgIUV0IV2Ck9bSk7ArJ0w3zyVi0rR3QwCgYIKoZIzj0EAwIw
        FTETMBEGA1UEAwwKbGRhcHN5bmMgQ0EwHhcNMjUwMTAxMDAwMDAwWhcNMzUwMTAx
        -----END CERTIFICATE-----

        """
}

/// The sample configuration of DESIGN.md, verbatim.
let designSampleYAML = """
    state: ./state                 # SQLite database, key file, logs
    deletionThreshold: 500
    connectors:
      - name: contoso.com
        flavor: openldap           # openldap | active-directory
        role: source
        uri: ldap://127.0.0.1:3389
        tls: starttls              # none | starttls | ldaps
        caFile: ./dev/ca.pem
        bindDN: cn=svc-sync,ou=service,dc=contoso,dc=com
        baseDN: dc=contoso,dc=com
        containers: [ou=people, ou=groups]
      - name: cloud
        flavor: openldap
        role: target
        uri: ldap://127.0.0.1:4389
        bindDN: cn=svc-cloud,ou=service,dc=cloud,dc=example
        baseDN: dc=cloud,dc=example
    """

func dn(_ text: String) throws -> DistinguishedName { try DistinguishedName(text) }

@Suite struct ConfigurationTests {
    @Test func designSampleLoadsWithDefaultsAndResolvedPaths() throws {
        let folder = try ConfigurationFolder()
        let config = try Configuration.load(path: try folder.write(designSampleYAML))

        #expect(config.file == folder.path + "/ldapsync.yaml")
        #expect(config.statePath == folder.path + "/state")
        #expect(config.keyFile == folder.path + "/state/ldapsync.key")
        #expect(config.deletionThreshold == 500)
        #expect(config.errorLimit == 5000)
        #expect(config.stagingMode == false)
        #expect(config.schedule == Schedule(interval: .seconds(1800), enabled: true))
        #expect(config.runHistoryRetention == .seconds(7 * 86_400))
        #expect(config.rules.person == ObjectRule(join: ["uid"], exclude: ["userPassword"]))
        #expect(config.rules.rule(for: "group") == ObjectRule(join: ["cn"], exclude: []))
        #expect(config.rules.rule(for: "printer") == nil)

        let source = try #require(config.connector(named: "CONTOSO.com"))
        #expect(config.sources == [source])
        #expect(source.name == "contoso.com")
        #expect(source.flavor == .openldap && source.role == .source)
        #expect(source.tls == .startTLS)
        #expect(source.caFile == folder.path + "/dev/ca.pem")
        #expect(source.verifyCertificate)
        #expect(source.bindDN == "cn=svc-sync,ou=service,dc=contoso,dc=com")
        #expect(source.baseDN == (try dn("dc=contoso,dc=com")))
        #expect(source.containers.map(\.description) == ["ou=people,dc=contoso,dc=com", "ou=groups,dc=contoso,dc=com"])
        #expect(source.isInScope(try dn("uid=ann,ou=people,dc=contoso,dc=com")))
        #expect(!source.isInScope(try dn("cn=svc-sync,ou=service,dc=contoso,dc=com")))
        #expect(source.anchorAttribute == "entryUUID")
        #expect(source.objectTypes == ObjectTypeConfiguration.defaults(for: .openldap))
        #expect(source.objectType(named: "person")?.filter == "(objectClass=inetOrgPerson)")
        #expect(source.objectType(named: "group")?.objectClasses == ["top", "groupOfNames"])
        #expect(source.pageSize == 1000 && source.exportWindow == 64)

        #expect(config.targets[0].name == "cloud")
        #expect(config.targets[0].tls == TLSMode.none)
        #expect(config.targets[0].containers.isEmpty)
        #expect(config.targets[0].searchBases == [try dn("dc=cloud,dc=example")])
    }

    @Test func starterParsesAsTheTwoDevDirectories() throws {
        let config = try Configuration.parse(yaml: Configuration.starterYAML, file: "/etc/ldapsync/ldapsync.yaml")
        #expect(config.statePath == "/etc/ldapsync/state")
        #expect(config.sources.map(\.name) == ["contoso.com"])
        #expect(config.sources.first?.uri == "ldap://127.0.0.1:3389")
        #expect(
            config.sources.first?.containers.map(\.description)
                == ["ou=people,dc=contoso,dc=com", "ou=groups,dc=contoso,dc=com"])
        #expect(config.targets[0].name == "cloud")
        #expect(config.targets[0].uri == "ldap://127.0.0.1:4389")
        #expect(config.targets[0].bindDN == "cn=svc-cloud,ou=service,dc=cloud,dc=example")
        #expect(config.rules == SyncRules())
        #expect(config.schedule == Schedule())
    }

    @Test func starterExplainsEveryKey() {
        let keys = Configuration.keys + ConnectorConfiguration.keys + ["interval", "enabled", "keep", "join", "exclude"]
        for key in keys {
            #expect(Configuration.starterYAML.contains("\(key):"), "starter does not show \(key)")
        }
    }

    @Test func relativePathsResolveAgainstTheConfigFolder() throws {
        let folder = try ConfigurationFolder()
        let yaml =
            designSampleYAML
            .replacingOccurrences(of: "state: ./state", with: "state: ../var/./ldapsync\nkeyFile: keys/sync.key")
            .replacingOccurrences(of: "caFile: ./dev/ca.pem", with: "caFile: ../dev/ca.pem")
        try FileManager.default.createDirectory(atPath: folder.path + "/etc", withIntermediateDirectories: true)
        let config = try Configuration.load(path: try folder.write(yaml, as: "etc/ldapsync.yaml"))
        #expect(config.file == folder.path + "/etc/ldapsync.yaml")
        #expect(config.statePath == folder.path + "/var/ldapsync")
        #expect(config.keyFile == folder.path + "/etc/keys/sync.key")
        #expect(config.sources.first?.caFile == folder.path + "/dev/ca.pem")
    }
}
