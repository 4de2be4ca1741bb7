import LDAPProtocol
import Testing

/// What the test Samba AD DC's real subschema says: no EQUALITY rules, quoted SYNTAX OIDs, and
/// auxiliary classes only in DIT content rules.
@Suite struct SchemaSambaTests {
    let schema = SubschemaFixture.samba.schema

    @Test func referenceAttributes() {
        for name in ["member", "manager", "memberOf", "managedBy", "owner", "seeAlso", "secretary", "directReports", "distinguishedName"] {
            #expect(schema.isReference(name), "\(name)")
        }
        // DN-Binary values (`B:32:…:CN=…`) are not DNs.
        #expect(schema.syntax(of: "wellKnownObjects") == "1.2.840.113556.1.4.903")
        #expect(!schema.isReference("wellKnownObjects"))
        #expect(!schema.isReference("sAMAccountName"))
    }

    @Test func syntaxOIDsArriveQuotedAndWithoutMatchingRules() {
        let cn = schema.attributeType(named: "cn")
        #expect(cn?.syntax == "1.3.6.1.4.1.1466.115.121.1.15")
        #expect(cn?.equality == nil)
        #expect(cn?.superType == nil)
        #expect(schema.equalityRule(of: "member") == nil)
    }

    @Test func binaryAttributesIncludeTheOctetStringOnes() {
        for name in ["objectGUID", "objectSid", "jpegPhoto", "thumbnailPhoto", "userCertificate", "nTSecurityDescriptor", "unicodePwd"] {
            #expect(schema.isBinary(name), "\(name)")
        }
        for name in ["cn", "sAMAccountName", "member", "userAccountControl", "whenChanged"] {
            #expect(!schema.isBinary(name), "\(name)")
        }
    }

    @Test func singleValuedAttributes() {
        for name in ["cn", "sAMAccountName", "objectGUID", "userAccountControl", "manager", "mail", "sn", "pwdLastSet"] {
            #expect(schema.isSingleValued(name), "\(name)")
        }
        for name in ["member", "memberOf", "objectClass", "description", "proxyAddresses"] {
            #expect(!schema.isSingleValued(name), "\(name)")
        }
    }

    @Test func operationalAttributesAreTheNoUserModificationOnesButObjectClass() {
        for name in ["objectGUID", "objectSid", "memberOf", "whenCreated", "uSNChanged", "distinguishedName", "name"] {
            #expect(schema.isOperational(name), "\(name)")
        }
        // Samba publishes objectClass as NO-USER-MODIFICATION; it is still what every add carries.
        #expect(schema.attributeType(named: "objectClass")?.isNoUserModification == true)
        #expect(!schema.isOperational("objectClass"))
        for name in ["cn", "member", "sAMAccountName", "userAccountControl", "mail"] {
            #expect(!schema.isOperational(name), "\(name)")
        }
    }

    @Test func userInheritsFromOrganizationalPersonAndGetsItsAuxiliaryClassesFromTheContentRule() {
        #expect(schema.superclasses(of: "user") == ["organizationalPerson", "person", "top"])
        #expect(schema.contentRule(for: "user")?.auxiliaryClasses.contains("securityPrincipal") == true)
        let classes = ["top", "person", "organizationalPerson", "user"]
        #expect(schema.structuralClass(of: classes) == "user")
        #expect(
            schema.requiredAttributes(for: classes) == [
                "cn", "instanceType", "nTSecurityDescriptor", "objectCategory", "objectClass", "objectSid", "sAMAccountName",
            ])
        let allowed = Set(schema.allowedAttributes(for: classes))
        for name in [
            "sn", "givenName", "manager", "mail", "userAccountControl", "unicodePwd", "memberOf",  // user chain
            "sIDHistory", "userPrincipalName", "uidNumber", "loginShell",
        ] {  // auxiliary classes
            #expect(allowed.contains(name), "\(name)")
        }
        #expect(!allowed.contains("member"))
    }

    @Test func inetOrgPersonDerivesFromUserInAD() {
        #expect(schema.superclasses(of: "inetOrgPerson") == ["user", "organizationalPerson", "person", "top"])
        // No content rule names inetOrgPerson; user's applies through the superclass.
        #expect(schema.contentRule(for: "inetOrgPerson") == nil)
        #expect(schema.requiredAttributes(for: ["inetOrgPerson"]).contains("sAMAccountName"))
    }

    @Test func groupRequiresGroupType() {
        let required = schema.requiredAttributes(for: ["group"])
        #expect(required.contains("groupType"))
        #expect(required.contains("sAMAccountName"))
        #expect(schema.allowedAttributes(for: ["group"]).contains("member"))
    }
}
