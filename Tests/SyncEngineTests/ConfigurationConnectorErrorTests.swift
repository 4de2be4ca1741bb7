import Foundation
import Testing

@testable import SyncEngine

/// Mistakes inside connectors and in the set of connectors, each pointing at its line and key.
@Suite struct ConfigurationConnectorErrorTests {
    @Test(arguments: [
        BrokenConfiguration(
            "flavor", [5: "    flavor: openLDAP"],
            line: 5, key: "connectors[0].flavor", "\"openLDAP\" is not one of openldap, active-directory"),
        BrokenConfiguration(
            "role", [6: "    role: primary"],
            line: 6, key: "connectors[0].role", "\"primary\" is not one of source, target"),
        BrokenConfiguration(
            "name", [4: "  - name: contoso com"],
            line: 4, key: "connectors[0].name", "\"contoso com\" is not a valid connector name"),
        BrokenConfiguration(
            "scheme", [7: "    uri: http://127.0.0.1:3389"],
            line: 7, key: "connectors[0].uri", "is not an LDAP URI"),
        BrokenConfiguration(
            "port", [7: "    uri: ldap://127.0.0.1:99999"],
            line: 7, key: "connectors[0].uri", "a port from 1 to 65535"),
        BrokenConfiguration(
            "host", [7: "    uri: ldap://"],
            line: 7, key: "connectors[0].uri", "needs a host"),
        BrokenConfiguration(
            "base in URI", [7: "    uri: ldap://127.0.0.1:3389/dc=contoso,dc=com"],
            line: 7, key: "connectors[0].uri", "must name only a host and port"),
        BrokenConfiguration(
            "tls value", [8: "    tls: startls"],
            line: 8, key: "connectors[0].tls", "\"startls\" is not one of none, starttls, ldaps"),
        BrokenConfiguration(
            "ldaps with starttls", [7: "    uri: ldaps://127.0.0.1:3636", 8: "    tls: starttls"],
            line: 8, key: "connectors[0].tls", "is an ldaps:// URI, so tls must be ldaps"),
        BrokenConfiguration(
            "ldaps with none", [7: "    uri: ldaps://127.0.0.1:3636", 8: "    tls: none"],
            line: 8, key: "connectors[0].tls", "is an ldaps:// URI, so tls must be ldaps"),
        BrokenConfiguration(
            "tls ldaps with ldap://", [8: "    tls: ldaps"],
            line: 8, key: "connectors[0].tls", "ldaps needs an ldaps:// URI"),
        BrokenConfiguration(
            "baseDN syntax", [10: "    baseDN: dc=contoso,,dc=com"],
            line: 10, key: "connectors[0].baseDN",
            "invalid DN \"dc=contoso,,dc=com\": expected an attribute type (at offset 11)"),
        BrokenConfiguration(
            "bindDN not a DN on openldap", [9: "    bindDN: svc-sync@contoso.com"],
            line: 9, key: "connectors[0].bindDN", "invalid DN \"svc-sync@contoso.com\""),
        BrokenConfiguration(
            "bindDN on active-directory", [5: "    flavor: active-directory", 9: "    bindDN: svc-sync"],
            line: 9, key: "connectors[0].bindDN", "is neither a DN, a user principal name"),
        BrokenConfiguration(
            "container syntax", [11: "    containers: [ou=people, cn]"],
            line: 11, key: "connectors[0].containers[1]", "invalid DN \"cn\""),
        BrokenConfiguration(
            "container outside the base", [11: "    containers: [\"ou=people,dc=fabrikam,dc=com\"]"],
            line: 11, key: "connectors[0].containers[0]", "is outside the base dc=contoso,dc=com"),
        BrokenConfiguration(
            "unquoted full DN in a flow list", [11: "    containers: [ou=people,dc=fabrikam,dc=com]"],
            line: 11, key: "connectors[0].containers[1]", "commas separate the items, so quote full DNs"),
        BrokenConfiguration(
            "nested containers", [11: "    containers: [ou=people, \"ou=staff,ou=people\"]"],
            line: 11, key: "connectors[0].containers[1]", "is inside connectors[0].containers[0] on line 11"),
        BrokenConfiguration(
            "outer container after inner", [11: "    containers: [\"ou=staff,ou=people\", ou=people]"],
            line: 11, key: "connectors[0].containers[1]", "contains connectors[0].containers[0]"),
        BrokenConfiguration(
            "container twice", [11: "    containers: [ou=people, \"ou=People,dc=contoso,dc=com\"]"],
            line: 11, key: "connectors[0].containers[1]", "is listed twice"),
        BrokenConfiguration(
            "duplicate names", [12: "  - name: Contoso.COM"],
            line: 12, key: "connectors[1].name", "already used by connectors[0]"),
        BrokenConfiguration(
            "no target", [14: "    role: source"],
            line: 4, key: "connectors", "no connector has role: target"),
        BrokenConfiguration(
            "no source",
            [
                6: "    role: target", 12: deleted, 13: deleted, 14: deleted,
                15: deleted, 16: deleted, 17: deleted,
            ],
            line: 4, key: "connectors", "no connector has role: source"),
        BrokenConfiguration(
            "caFile missing", [7: "    uri: ldaps://127.0.0.1:3636", 8: "    caFile: ./missing-ca.pem"],
            line: 8, key: "connectors[0].caFile", "the CA file /etc/ldapsync/missing-ca.pem does not exist"),
        BrokenConfiguration(
            "caFile is a folder", [7: "    uri: ldaps://127.0.0.1:3636", 8: "    caFile: /"],
            line: 8, key: "connectors[0].caFile", "/ is a folder"),
        BrokenConfiguration(
            "caFile without TLS", [8: "    caFile: ./ca.pem"],
            line: 8, key: "connectors[0].caFile", "caFile is only used with TLS"),
        BrokenConfiguration(
            "unknown object type", [8: "    objectTypes: { contact: { filter: (objectClass=contact) } }"],
            line: 8, key: "connectors[0].objectTypes.contact", "the allowed keys here are: person, group"),
        BrokenConfiguration(
            "filter without parentheses", [8: "    objectTypes: { person: { filter: objectClass=user } }"],
            line: 8, key: "connectors[0].objectTypes.person.filter", "enclosed in parentheses"),
        BrokenConfiguration(
            "unbalanced filter", [8: "    objectTypes: { person: { filter: \"(&(a=b)\" } }"],
            line: 8, key: "connectors[0].objectTypes.person.filter", "unbalanced parentheses"),
        BrokenConfiguration(
            "two filters side by side", [8: "    objectTypes: { group: { filter: (a=b)(c=d) } }"],
            line: 8, key: "connectors[0].objectTypes.group.filter", "unbalanced parentheses"),
        BrokenConfiguration(
            "no object classes", [8: "    objectTypes: { group: { objectClasses: [] } }"],
            line: 8, key: "connectors[0].objectTypes.group.objectClasses", "needs at least one name"),
    ])
    func pointsAtTheMistake(_ broken: BrokenConfiguration) {
        expectError(broken)
    }

    @Test(.disabled(if: getuid() == 0, "root reads every file"))
    func unreadableCAFileIsNamed() throws {
        let folder = try ConfigurationFolder()
        #expect(chmod(folder.path + "/dev/ca.pem", 0) == 0)
        let file = try folder.write(designSampleYAML)
        #expect {
            try Configuration.load(path: file)
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.line == 9 && error?.key == "connectors[0].caFile"
                && error?.message.contains("the CA file \(folder.path)/dev/ca.pem is not readable") == true
        }
    }

    @Test func missingFileIsNamed() {
        #expect {
            try Configuration.load(path: "/nonexistent/ldapsync.yaml")
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.file == "/nonexistent/ldapsync.yaml" && error?.line == nil
                && error?.message.contains("does not exist; `ldapsync init` writes a starter") == true
        }
    }
}
