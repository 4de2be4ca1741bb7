import Testing

@testable import SyncEngine

/// A valid configuration whose lines the error cases break one at a time (line numbers fixed).
let numberedYAML = [
    "state: ./state",  // 1
    "deletionThreshold: 500",  // 2
    "connectors:",  // 3
    "  - name: contoso.com",  // 4
    "    flavor: openldap",  // 5
    "    role: source",  // 6
    "    uri: ldap://127.0.0.1:3389",  // 7
    "    verifyCertificate: true",  // 8
    "    bindDN: cn=svc-sync,ou=service,dc=contoso,dc=com",  // 9
    "    baseDN: dc=contoso,dc=com",  // 10
    "    containers: [ou=people, ou=groups]",  // 11
    "  - name: cloud",  // 12
    "    flavor: openldap",  // 13
    "    role: target",  // 14
    "    uri: ldap://127.0.0.1:4389",  // 15
    "    bindDN: cn=svc-cloud,ou=service,dc=cloud,dc=example",  // 16
    "    baseDN: dc=cloud,dc=example",  // 17
]

/// Marks a line to remove.
let deleted = "\u{0}deleted"

/// `numberedYAML` with lines (1-based) replaced or deleted.
func numberedYAML(_ changes: [Int: String]) -> String {
    numberedYAML.enumerated().compactMap { index, line in
        let changed = changes[index + 1] ?? line
        return changed == deleted ? nil : changed
    }.joined(separator: "\n") + "\n"
}

/// One broken configuration and where its error must point.
struct BrokenConfiguration: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var line: Int
    var key: String?
    var message: String

    init(_ name: String, _ changes: [Int: String], line: Int, key: String?, _ message: String) {
        self.init(name, yaml: numberedYAML(changes), line: line, key: key, message)
    }

    init(_ name: String, yaml: String, line: Int, key: String?, _ message: String) {
        (self.name, self.yaml, self.line, self.key, self.message) = (name, yaml, line, key, message)
    }

    var testDescription: String { name }
}

func expectError(_ broken: BrokenConfiguration, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try Configuration.parse(yaml: broken.yaml, file: "/etc/ldapsync/ldapsync.yaml")
        Issue.record("\(broken.name): parsed without error", sourceLocation: sourceLocation)
    } catch {
        #expect(error.file == "/etc/ldapsync/ldapsync.yaml", sourceLocation: sourceLocation)
        #expect(error.line == broken.line, "\(error)", sourceLocation: sourceLocation)
        #expect(error.column != nil, "\(error)", sourceLocation: sourceLocation)
        #expect(error.key == broken.key, "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.contains(broken.message), "\(error)", sourceLocation: sourceLocation)
    }
}

/// Keys, types and the document's shape.
@Suite struct ConfigurationErrorTests {
    @Test func numberedSampleIsValid() throws {
        _ = try Configuration.parse(yaml: numberedYAML([:]), file: "/etc/ldapsync/ldapsync.yaml")
    }

    @Test(arguments: [
        BrokenConfiguration(
            "typo bindDn", [9: "    bindDn: cn=svc-sync,ou=service,dc=contoso,dc=com"],
            line: 9, key: "connectors[0].bindDn", "unknown key \"bindDn\"; did you mean bindDN? the allowed keys here are: name, flavor, role, uri"),
        BrokenConfiguration(
            "typo containers", [11: "    container: [ou=people]"],
            line: 11, key: "connectors[0].container", "did you mean containers?"),
        BrokenConfiguration(
            "top-level typo", [2: "deletionTreshold: 500"],
            line: 2, key: "deletionTreshold", "did you mean deletionThreshold?"),
        BrokenConfiguration(
            "unknown rules type", [1: "rules: { contact: {} }"],
            line: 1, key: "rules.contact", "the allowed keys here are: person, group"),
        BrokenConfiguration(
            "list for a string", [7: "    uri: [ldap://127.0.0.1:3389]"],
            line: 7, key: "connectors[0].uri", "expected a single value, found a list"),
        BrokenConfiguration(
            "string for a list", [11: "    containers: ou=people, ou=groups"],
            line: 11, key: "connectors[0].containers", "expected a list"),
        BrokenConfiguration(
            "mapping for a bool", [8: "    verifyCertificate: { a: b }"],
            line: 8, key: "connectors[0].verifyCertificate", "found a mapping"),
        BrokenConfiguration(
            "not a bool", [8: "    verifyCertificate: maybe"],
            line: 8, key: "connectors[0].verifyCertificate", "\"maybe\" is not true or false"),
        BrokenConfiguration(
            "missing bindDN", [9: deleted],
            line: 4, key: "connectors[0].bindDN", "the required key bindDN is missing"),
        BrokenConfiguration(
            "missing name", [4: "  - flavor: openldap", 5: deleted],
            line: 4, key: "connectors[0].name", "the required key name is missing"),
        BrokenConfiguration(
            "empty baseDN", [10: "    baseDN:"],
            line: 10, key: "connectors[0].baseDN", "needs a value"),
        BrokenConfiguration(
            "connector not a mapping",
            [
                4: "  - contoso.com", 5: deleted, 6: deleted, 7: deleted,
                8: deleted, 9: deleted, 10: deleted, 11: deleted,
            ],
            line: 4, key: "connectors[0]", "expected a mapping of name, flavor"),
        BrokenConfiguration(
            "missing connectors", yaml: "state: ./state\n",
            line: 1, key: "connectors", "the required key connectors is missing"),
        BrokenConfiguration(
            "empty connectors", yaml: "state: ./state\nconnectors: []\n",
            line: 2, key: "connectors", "the list is empty"),
        BrokenConfiguration(
            "document is a list", yaml: "- a\n- b\n",
            line: 1, key: nil, "expected a mapping of settings"),
        BrokenConfiguration(
            "empty document", yaml: "",
            line: 1, key: nil, "the configuration is empty"),
        BrokenConfiguration(
            "complex key", [8: "    [a]: b"],
            line: 8, key: "connectors[0]", "keys must be names"),
        BrokenConfiguration(
            "YAML syntax", [5: "    flavor: openldap: x"],
            line: 5, key: nil, "YAML syntax error: mapping values are not allowed"),
        BrokenConfiguration(
            "unterminated quote", [7: "    uri: \"ldap://127.0.0.1", 8: deleted],
            line: 17, key: nil, "YAML syntax error: found unexpected end of stream"),
        BrokenConfiguration(
            "tab indentation", [8: "\tverifyCertificate: true"],
            line: 8, key: nil, "YAML syntax error"),
        BrokenConfiguration(
            "duplicate key", [8: "    name: again"],
            line: 4, key: nil, "the key \"name\" appears more than once"),
        BrokenConfiguration(
            "two documents", yaml: numberedYAML([:]) + "---\nstate: ./other\n",
            line: 18, key: nil, "but found another document"),
    ])
    func pointsAtTheMistake(_ broken: BrokenConfiguration) {
        expectError(broken)
    }

    @Test(arguments: ["password", "bindPassword", "Password"])
    func refusesPasswords(key: String) {
        let secret = "Svc-Sync-2024"
        let yaml = numberedYAML([8: "    \(key): \(secret)"])
        expectError(
            BrokenConfiguration(
                "password", yaml: yaml, line: 8, key: "connectors[0].\(key)",
                "passwords never go in the configuration file; store the connector's password encrypted with "
                    + "`ldapsync connector set-password contoso.com --password-stdin`"))
        #expect(throws: ConfigurationError.self) { try Configuration.parse(yaml: yaml, file: "l.yaml") }
        do {
            _ = try Configuration.parse(yaml: yaml, file: "l.yaml")
        } catch {
            #expect(!error.description.contains(secret))
        }
    }

    @Test func descriptionIsCompilerStyle() {
        let error = ConfigurationError(
            file: "ldapsync.yaml", line: 12, column: 10, key: "connectors[1].tls",
            message: "\"startls\" is not one of none, starttls, ldaps")
        #expect(error.description == "ldapsync.yaml:12:10: connectors[1].tls: \"startls\" is not one of none, starttls, ldaps")
        #expect(ConfigurationError(file: "l.yaml", message: "gone").description == "l.yaml: gone")
    }
}
