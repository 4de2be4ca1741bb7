import LDAPProtocol
import Testing

/// What the test slapd's real subschema says about attributes and classes.
@Suite struct SchemaSlapdTests {
    let schema = SubschemaFixture.slapd.schema

    @Test func referenceAttributesAreTheDNSyntaxOnes() {
        for name in ["member", "uniqueMember", "owner", "manager", "seeAlso", "roleOccupant", "secretary"] {
            #expect(schema.isReference(name), "\(name)")
        }
        for name in ["cn", "mail", "uid", "description", "jpegPhoto", "uidNumber"] {
            #expect(!schema.isReference(name), "\(name)")
        }
    }

    @Test func syntaxAndMatchingRulesAreInheritedThroughSUP() {
        // member is `SUP distinguishedName` without a SYNTAX of its own.
        #expect(schema.attributeType(named: "member")?.syntax == nil)
        #expect(schema.syntax(of: "member") == "1.3.6.1.4.1.1466.115.121.1.12")
        #expect(schema.equalityRule(of: "member") == "distinguishedNameMatch")
        // cn is `SUP name`: caseIgnoreMatch and Directory String come from name.
        #expect(schema.equalityRule(of: "commonName") == "caseIgnoreMatch")
        #expect(schema.syntax(of: "CN") == "1.3.6.1.4.1.1466.115.121.1.15")
        #expect(schema.substringRule(of: "cn") == "caseIgnoreSubstringsMatch")
        #expect(schema.syntax(of: "uniqueMember") == "1.3.6.1.4.1.1466.115.121.1.34")
    }

    @Test func lookupsTakeAnyCaseNamesAliasesAndOIDs() {
        #expect(schema.attributeType(named: "2.5.4.3")?.names == ["cn", "commonName"])
        #expect(schema.attributeType(named: "COMMONNAME")?.oid == "2.5.4.3")
        #expect(schema.primaryName(of: "surname") == "sn")
        #expect(schema.attributeType(named: "userCertificate;binary")?.oid == "2.5.4.36")
        #expect(schema.objectClass(named: "2.16.840.1.113730.3.2.2")?.primaryName == "inetOrgPerson")
        #expect(schema.attributeType(named: "noSuchAttribute") == nil)
    }

    @Test func singleValuedAttributes() {
        for name in ["displayName", "employeeNumber", "preferredLanguage", "uidNumber", "gidNumber", "homeDirectory", "c"] {
            #expect(schema.isSingleValued(name), "\(name)")
        }
        for name in ["cn", "mail", "member", "objectClass", "telephoneNumber"] {
            #expect(!schema.isSingleValued(name), "\(name)")
        }
    }

    @Test func binaryAttributes() {
        for name in ["jpegPhoto", "userPassword", "userCertificate", "cACertificate", "audio", "photo", "userPKCS12"] {
            #expect(schema.isBinary(name), "\(name)")
        }
        for name in ["cn", "mail", "member", "uidNumber", "entryUUID"] {
            #expect(!schema.isBinary(name), "\(name)")
        }
        #expect(schema.isBinary("unknownAttribute;binary"))
    }

    @Test func operationalAttributes() {
        for name in [
            "entryUUID", "entryCSN", "modifyTimestamp", "createTimestamp", "structuralObjectClass", "subschemaSubentry", "entryDN", "contextCSN",
        ] {
            #expect(schema.isOperational(name), "\(name)")
        }
        for name in ["cn", "objectClass", "member", "userPassword", "mail"] {
            #expect(!schema.isOperational(name), "\(name)")
        }
    }

    @Test func inetOrgPersonInheritsMUSTAndMAYFromPersonAndOrganizationalPerson() {
        let classes = ["inetOrgPerson"]
        #expect(schema.superclasses(of: "inetOrgPerson") == ["organizationalPerson", "person", "top"])
        #expect(schema.requiredAttributes(for: classes) == ["cn", "objectClass", "sn"])
        let allowed = Set(schema.allowedAttributes(for: classes))
        for name in [
            "cn", "sn", "objectClass", "userPassword", "telephoneNumber", "seeAlso", "description",  // person
            "title", "ou", "street", "postalCode", "l",  // organizationalPerson
            "mail", "uid", "givenName", "displayName", "employeeNumber", "manager", "jpegPhoto",
        ] {  // inetOrgPerson
            #expect(allowed.contains(name), "\(name)")
        }
        #expect(!allowed.contains("member"))
        #expect(!allowed.contains("uidNumber"))
        #expect(schema.isAllowed("commonName", for: classes))
        #expect(!schema.isAllowed("uidNumber", for: classes))
        #expect(schema.isAllowed("uidNumber", for: classes + ["posixAccount"]))
    }

    @Test func groupOfUniqueNamesRequiresUniqueMember() {
        #expect(schema.requiredAttributes(for: ["groupOfUniqueNames"]) == ["cn", "objectClass", "uniqueMember"])
        let allowed = Set(schema.allowedAttributes(for: ["groupOfUniqueNames"]))
        #expect(allowed.isSuperset(of: ["businessCategory", "seeAlso", "owner", "ou", "o", "description"]))
        #expect(schema.requiredAttributes(for: ["groupOfNames"]) == ["cn", "member", "objectClass"])
    }

    @Test func auxiliaryClassesAddTheirAttributes() {
        let classes = ["top", "person", "organizationalPerson", "inetOrgPerson", "posixAccount", "shadowAccount"]
        let required = schema.requiredAttributes(for: classes)
        #expect(required == ["cn", "gidNumber", "homeDirectory", "objectClass", "sn", "uid", "uidNumber"])
        #expect(schema.allowedAttributes(for: classes).contains("shadowLastChange"))
    }

    @Test func structuralClassIsTheMostDerivedOne() {
        #expect(schema.structuralClass(of: ["top", "person", "organizationalPerson", "inetOrgPerson", "posixAccount"]) == "inetOrgPerson")
        #expect(schema.structuralClass(of: ["inetOrgPerson", "organizationalPerson"]) == "inetOrgPerson")
        #expect(schema.structuralClass(of: ["top", "groupOfUniqueNames"]) == "groupOfUniqueNames")
        #expect(schema.structuralClass(of: ["posixAccount", "top"]) == nil)
        #expect(schema.structuralClass(of: ["noSuchClass"]) == nil)
    }

    @Test func classHierarchy() {
        #expect(schema.isSubclass("inetOrgPerson", of: "person"))
        #expect(schema.isSubclass("2.16.840.1.113730.3.2.2", of: "TOP"))
        #expect(schema.isSubclass("person", of: "person"))
        #expect(!schema.isSubclass("person", of: "inetOrgPerson"))
        #expect(!schema.isSubclass("groupOfNames", of: "person"))
        // pilotOrganization has two superclasses: SUP ( organization $ organizationalUnit ).
        #expect(Set(schema.superclasses(of: "pilotOrganization")) == ["organization", "organizationalUnit", "top"])
        // pilotDSA names its superclass `dsa`, which slapd defines as `dSA`.
        #expect(schema.superclasses(of: "pilotDSA") == ["dSA", "applicationEntity", "top"])
    }

    @Test func openLDAPpersonDerivesFromInetOrgPersonAndPilotPerson() {
        let schema = SubschemaFixture.slapdWithOpenLDAPClasses
        #expect(schema.isSubclass("OpenLDAPperson", of: "inetOrgPerson"))
        #expect(schema.isSubclass("OpenLDAPperson", of: "pilotPerson"))
        #expect(schema.isSubclass("OpenLDAPperson", of: "person"))
        #expect(schema.requiredAttributes(for: ["OpenLDAPperson"]) == ["cn", "objectClass", "sn", "uid"])
        #expect(schema.allowedAttributes(for: ["OpenLDAPperson"]).contains("drink"))  // favouriteDrink, from pilotPerson
        #expect(schema.structuralClass(of: ["OpenLDAPperson"]) == "OpenLDAPperson")
    }

    @Test func extensibleObjectAllowsEveryUserAttribute() {
        let classes = ["organizationalUnit", "extensibleObject"]
        #expect(schema.allowsAnyAttribute(for: classes))
        #expect(!schema.allowsAnyAttribute(for: ["organizationalUnit"]))
        #expect(schema.isAllowed("uidNumber", for: classes))
        #expect(schema.isAllowed("jpegPhoto", for: classes))
        #expect(!schema.isAllowed("entryUUID", for: classes))
        #expect(schema.requiredAttributes(for: classes) == ["objectClass", "ou"])
    }
}
