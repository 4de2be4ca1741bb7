import Foundation
import LDAPProtocol
import Testing

@testable import SyncEngine

/// The rules as configuration: the list form's checks, the built-in rules as data, printing them
/// back, and the target schema check. (Behaviour against real directories: IntegrationTests.)
@Suite struct SyncRulesConfigurationTests {
    static func load(_ rules: String, connectors extra: String = "") throws -> Configuration {
        let folder = try ConfigurationFolder()
        return try Configuration.load(path: try folder.write(designSampleYAML + "\n" + extra + "\n" + rules))
    }

    static func error(_ rules: String) -> ConfigurationError? {
        do {
            _ = try load(rules)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            return nil
        }
    }

    static let inbound = """
        rules:
          - name: people in
            connector: contoso.com
            direction: inbound
            objectType: person
            join: [uid]
            flows:
              uid: uid
              mail: %@
        """

    @Test func aWrittenRuleReplacesOnlyTheBuiltInRuleItCovers() throws {
        let configuration = try Self.load(Self.inbound.replacingOccurrences(of: "%@", with: "'LCase(mail)'"))
        let specs = RuleSet.specs(for: configuration)
        #expect(specs.filter { $0.direction == .inbound && $0.objectType == .person }.map(\.name) == ["people in"])
        #expect(specs.contains { $0.builtIn && $0.connector == "contoso.com" && $0.objectType == .group })
        #expect(specs.contains { $0.builtIn && $0.connector == "cloud" && $0.direction == .outbound && $0.objectType == .person })
        let off = try Self.load("builtInRules: false\n" + Self.inbound.replacingOccurrences(of: "%@", with: "mail"))
        #expect(RuleSet.specs(for: off).map(\.name) == ["people in"])
    }

    @Test(arguments: [("'LCaes(mail)'", "LCaes", 13), ("'Left(mail)'", "Left", 13), ("'mail &'", "end of the expression", 13)])
    func expressionErrorsNameTheFileLineAndColumn(_ expression: String, _ function: String, _ minimumColumn: Int) throws {
        let rules = Self.inbound.replacingOccurrences(of: "%@", with: expression)
        let lines = (designSampleYAML + "\n\n" + rules).split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.hasPrefix("      mail: ") }) + 1
        let error = try #require(Self.error(rules))
        #expect(error.line == line, "\(error)")
        #expect((error.column ?? 0) >= minimumColumn, "\(error)")
        #expect(error.message.contains(function), "\(error)")
        #expect(error.description.hasSuffix(error.message) && error.description.contains("ldapsync.yaml:\(error.line ?? 0):"), "\(error)")
    }

    @Test(arguments: [
        ("connector: contoso.com", "connector: nowhere", "no connector is named \"nowhere\""),
        ("connector: contoso.com", "connector: cloud", "cloud is a target: inbound rules read a source connector"),
        ("objectType: person", "objectType: device", "\"device\" is not an object type"),
        ("  uid: uid", "  userPassword: userPassword", "userPassword never flows"),
        ("direction: inbound", "direction: sideways", "sideways"),
        ("join: [uid]", "join: [uid]\n    scope: \"(uid=a\"", "not an LDAP filter"),
    ])
    func ruleMistakesAreNamed(_ original: String, _ replacement: String, _ message: String) throws {
        let rules = Self.inbound.replacingOccurrences(of: "%@", with: "mail").replacingOccurrences(of: original, with: replacement)
        let error = try #require(Self.error(rules))
        #expect(error.message.contains(message), "\(error)")
        #expect(error.line != nil, "\(error)")
    }

    @Test func twoTargetsAreAccepted() throws {
        let configuration = try Self.load(
            "",
            connectors: """
                  - name: second
                    flavor: openldap
                    role: target
                    uri: ldap://127.0.0.1:5389
                    bindDN: cn=svc,dc=second,dc=example
                    baseDN: dc=second,dc=example
                """)
        #expect(configuration.targets.map(\.name) == ["cloud", "second"])
        #expect(RuleSet.specs(for: configuration).filter { $0.direction == .outbound }.count == 4)
    }

    /// `rules show` prints rules the configuration reads back as the same rules.
    @Test func printedRulesReadBackAsTheSameRules() throws {
        let configuration = try Self.load("")
        let specs = RuleSet.specs(for: configuration)
        let printed = RulePrinter.yaml(
            specs.map {
                var spec = $0
                spec.builtIn = false
                return spec
            })
        let reloaded = try Self.load("builtInRules: false\n" + printed)
        let again = RuleSet.specs(for: reloaded)
        #expect(again.count == specs.count)
        for (a, b) in zip(specs, again) {
            #expect(a.name == b.name && a.connector == b.connector && a.direction == b.direction && a.objectType == b.objectType)
            #expect(a.flows.map(\.attribute) == b.flows.map(\.attribute) && a.flows.map(\.expression.text) == b.flows.map(\.expression.text))
            #expect(a.join.map(\.metaverse) == b.join.map(\.metaverse) && a.join.map(\.connectorSide.text) == b.join.map(\.connectorSide.text))
            #expect(a.flowAll == b.flowAll && a.exclude == b.exclude && a.dn?.text == b.dn?.text && a.deprovision == b.deprovision)
            #expect(a.accountDisabled?.text == b.accountDisabled?.text)
        }
    }

    @Test func theActiveDirectoryMappingIsWrittenInTheLanguage() throws {
        let folder = try ConfigurationFolder()
        let yaml = designSampleYAML.replacingOccurrences(
            of: "    flavor: openldap           # openldap | active-directory", with: "    flavor: active-directory")
        let configuration = try Configuration.load(path: try folder.write(yaml))
        let inbound = try #require(RuleSet.specs(for: configuration).first { $0.direction == .inbound && $0.objectType == .person })
        #expect(inbound.flows.first { $0.attribute == "uid" }?.expression.text == "Coalesce(uid, sAMAccountName)")
        #expect(
            inbound.flows.first { $0.attribute == BuiltInRules.accountDisabled }?.expression.text.contains("BitAnd(userAccountControl, 2)") == true)
        #expect(inbound.join.first?.connectorSide.text == "Coalesce(uid, sAMAccountName)")
    }
}

/// What a target's schema says about an object before it is written.
@Suite struct TargetSchemaCheckTests {
    static let schema = DirectorySchema.parse(
        SubschemaValues(
            attributeTypes: [
                "( 2.5.4.0 NAME 'objectClass' EQUALITY objectIdentifierMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.38 )",
                "( 2.5.4.41 NAME 'name' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
                "( 2.5.4.3 NAME ( 'cn' 'commonName' ) SUP name )",
                "( 2.5.4.4 NAME ( 'sn' 'surname' ) SUP name )",
                "( 0.9.2342.19200300.100.1.1 NAME ( 'uid' 'userid' ) EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
                "( 2.16.840.1.113730.3.1.241 NAME 'displayName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
                "( 2.5.4.31 NAME 'member' EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )",
                "( 1.1.1 NAME 'gecos' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
            ],
            objectClasses: [
                "( 2.5.6.0 NAME 'top' ABSTRACT MUST objectClass )",
                "( 2.5.6.6 NAME 'person' SUP top STRUCTURAL MUST ( sn $ cn ) MAY ( uid $ displayName ) )",
                "( 2.5.6.9 NAME 'groupOfNames' SUP top STRUCTURAL MUST ( member $ cn ) )",
            ])
    ).schema
    let check = TargetSchemaCheck(schema: schema, flavor: .openldap)

    @Test func anAttributeTheClassesDoNotAllowIsNamedWithThem() throws {
        var attributes = AttributeSet()
        attributes.set("cn", ["Ann"])
        attributes.set("sn", ["Lee"])
        attributes.set("gecos", ["Ann Lee"])
        #expect(throws: SyncRuleError.self) { try check.apply(&attributes, check.classAttributes(["top", "person"]), rdn: nil) }
        do {
            try check.apply(&attributes, check.classAttributes(["top", "person"]), rdn: nil)
        } catch {
            #expect(error.message == "attribute gecos is not allowed by the object classes top, person in the target")
        }
        attributes.set("mial", ["x"])
        attributes["gecos"] = []
        do {
            try check.apply(&attributes, check.classAttributes(["person"]), rdn: nil)
            Issue.record("mial passed")
        } catch {
            #expect(error.message == "attribute mial is not in the target's schema")
        }
    }

    @Test func aMissingMustIsNamedAMissingReferenceGetsThePlaceholder() throws {
        var person = AttributeSet()
        person.set("cn", ["Ann"])
        do {
            try check.apply(&person, check.classAttributes(["person"]), rdn: nil)
            Issue.record("no sn passed")
        } catch {
            #expect(error.message == "attribute sn, required by object class person, has no value: no flow fills it")
        }
        var group = AttributeSet()
        group.set("cn", ["team"])
        try check.apply(&group, check.classAttributes(["groupOfNames"]), rdn: nil)
        #expect(group["member"] == [[]])
        #expect(throws: SyncRuleError.self) {
            var unknown = AttributeSet()
            try check.apply(&unknown, check.classAttributes(["nosuchClass"]), rdn: nil)
        }
    }

    @Test func theRDNIsAddedAndSingleValuedAttributesKeepOneValue() throws {
        var attributes = AttributeSet()
        attributes.set("sn", ["Lee"])
        attributes.set("displayName", ["Ann Lee", "A. Lee"])
        try check.apply(&attributes, check.classAttributes(["person"]), rdn: DistinguishedName.leadingRDN(of: "cn=Ann Lee,ou=people,dc=x")?.rdn)
        #expect(attributes.strings("cn") == ["Ann Lee"])
        #expect(attributes.strings("displayName") == ["Ann Lee"])
    }

    @Test func placesInsideExpressions() {
        #expect(RuleCheck.offset(of: "mial", in: "LCase(mial)") ?? (0, 0) == (1, 7))
        #expect(RuleCheck.offset(of: "mail", in: "\"mail\" & mail") ?? (0, 0) == (1, 10), "not inside a string")
        #expect(RuleCheck.offset(of: "uid", in: "uidNumber & uid") ?? (0, 0) == (1, 13), "whole words only")
        #expect(RuleCheck.namingAttribute(#""uid=" & EscapeDNComponent(uid) & "," & baseDN"#) == "uid")
        #expect(RuleCheck.namingAttribute("targetContainer") == nil)
    }
}
