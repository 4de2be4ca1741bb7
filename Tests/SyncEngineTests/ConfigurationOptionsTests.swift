import LDAPProtocol
import Testing

@testable import SyncEngine

/// Settings beyond the defaults: every optional key is read and lands where it should.
@Suite struct ConfigurationOptionsTests {
    static let fullYAML = """
        state: /var/lib/ldapsync
        keyFile: /run/credentials/ldapsync.service/key
        deletionThreshold: 0
        errorLimit: 10
        stagingMode: yes
        schedule: { interval: 1h30m, enabled: false }
        runHistory: { keep: 30d }
        rules:
          person: { join: [employeeNumber, mail] }
          group: { exclude: [description] }
        connectors:
          - name: CORP
            flavor: active-directory
            role: source
            uri: ldaps://dc1.corp.contoso.com
            verifyCertificate: false
            bindDN: CORP\\svc-sync
            baseDN: DC=corp,DC=contoso,DC=com
            containers: [OU=Staff, "OU=Groups,DC=corp,DC=contoso,DC=com"]
            objectTypes:
              person:
                filter: (&(objectCategory=person)(objectClass=user)(!(sAMAccountName=krbtgt)))
            pageSize: 500
            exportWindow: 8
            connectTimeout: 3s
            operationTimeout: 2m
          - name: lab
            flavor: active-directory
            role: source
            uri: ldap://[::1]:3890
            tls: starttls
            bindDN: svc-sync@lab.local
            baseDN: dc=lab,dc=local
          - name: cloud
            flavor: openldap
            role: target
            uri: ldap://ldap.cloud.example/
            bindDN: cn=svc-cloud,ou=service,dc=cloud,dc=example
            baseDN: dc=cloud,dc=example
            objectTypes:
              person: { objectClasses: [top, person, organizationalPerson, inetOrgPerson, posixAccount] }
        """

    @Test func everyOptionalKeyIsRead() throws {
        let config = try Configuration.parse(yaml: Self.fullYAML, file: "/etc/ldapsync/ldapsync.yaml")
        #expect(config.statePath == "/var/lib/ldapsync")
        #expect(config.keyFile == "/run/credentials/ldapsync.service/key")
        #expect(config.deletionThreshold == 0 && config.errorLimit == 10 && config.stagingMode)
        #expect(config.schedule == Schedule(interval: .seconds(5400), enabled: false))
        #expect(config.runHistoryRetention == .seconds(30 * 86_400))
        #expect(config.rules.person == ObjectRule(join: ["employeeNumber", "mail"], exclude: ["userPassword"]))
        #expect(config.rules.group == ObjectRule(join: ["cn"], exclude: ["description"]))
        #expect(config.sources.map(\.name) == ["CORP", "lab"])

        let corp = try #require(config.connector(named: "corp"))
        #expect(corp.tls == .ldaps && !corp.verifyCertificate && corp.caFile == nil)
        #expect(corp.bindDN == "CORP\\svc-sync")
        #expect(corp.anchorAttribute == "objectGUID")
        #expect(corp.containers.map(\.description) == ["OU=Staff,DC=corp,DC=contoso,DC=com", "OU=Groups,DC=corp,DC=contoso,DC=com"])
        #expect(
            corp.objectType(named: "person")?.filter
                == "(&(objectCategory=person)(objectClass=user)(!(sAMAccountName=krbtgt)))")
        #expect(corp.objectType(named: "person")?.objectClasses == ["top", "person", "organizationalPerson", "user"])
        #expect(corp.objectType(named: "group")?.filter == "(objectClass=group)")
        #expect(corp.pageSize == 500 && corp.exportWindow == 8)

        let options = corp.connectionOptions()
        #expect(options.uri == "ldaps://dc1.corp.contoso.com" && options.tls == .ldaps)
        #expect(options.endpoint?.host == "dc1.corp.contoso.com" && options.endpoint?.port == 636)
        #expect(!options.verifyCertificate)
        #expect(options.connectTimeoutMilliseconds == 3000 && options.operationTimeoutMilliseconds == 120_000)

        let lab = try #require(config.connector(named: "lab"))
        #expect(lab.bindDN == "svc-sync@lab.local" && lab.tls == .startTLS)
        #expect(lab.connectionOptions().endpoint?.port == 3890)
        #expect(config.targets[0].objectType(named: "person")?.objectClasses.last == "posixAccount")
    }

    @Test func mergeKeysShareSettingsBetweenConnectors() throws {
        let yaml = """
            connectors:
              - &openldap
                flavor: openldap
                role: source
                pageSize: 250
                name: a
                uri: ldap://a.example
                bindDN: cn=svc,dc=a,dc=example
                baseDN: dc=a,dc=example
              - <<: *openldap
                name: b
                role: target
                uri: ldap://b.example
                bindDN: cn=svc,dc=b,dc=example
                baseDN: dc=b,dc=example
            """
        let config = try Configuration.parse(yaml: yaml, file: "/srv/ldapsync.yaml")
        #expect(config.targets[0].name == "b")
        #expect(config.targets[0].pageSize == 250 && config.targets[0].flavor == .openldap)
        #expect(config.sources.map(\.name) == ["a"])
    }
}
