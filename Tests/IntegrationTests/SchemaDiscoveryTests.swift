import LDAPClient
import Testing

/// Reading the live directories' subschema, and evaluating filters with it the way the
/// servers do.
@Suite struct SchemaDiscoveryTests {
    let source = TestDirectory.source
    let samba = TestDirectory.samba

    @Test func slapdSubschemaKnowsReferencesAndClasses() async throws {
        let connection = try await source.service()
        let parsed = try await connection.readSubschema()
        let schema = parsed.schema
        // slapd hides subtreeSpecification, dITStructureRules, nameForms and dITContentRules.
        #expect(parsed.warnings.map(\.text) == ["subentry", "subschema"])
        for name in ["member", "uniqueMember", "owner", "manager", "seeAlso", "roleOccupant", "secretary"] {
            #expect(schema.isReference(name), "\(name)")
        }
        #expect(!schema.isReference("cn"))
        #expect(schema.isSingleValued("uidNumber") && !schema.isSingleValued("mail"))
        #expect(schema.isBinary("jpegPhoto") && schema.isBinary("userPassword") && !schema.isBinary("cn"))
        #expect(schema.isOperational("entryUUID") && !schema.isOperational("cn"))
        #expect(schema.requiredAttributes(for: ["inetOrgPerson"]) == ["cn", "objectClass", "sn"])
        #expect(schema.requiredAttributes(for: ["groupOfUniqueNames"]) == ["cn", "objectClass", "uniqueMember"])
        #expect(schema.allowedAttributes(for: ["inetOrgPerson"]).contains("telephoneNumber"))  // from person
        #expect(schema.allowedAttributes(for: ["inetOrgPerson"]).contains("title"))  // from organizationalPerson
        #expect(schema.isSubclass("inetOrgPerson", of: "person"))
    }

    @Test func theSubschemaOfAnEntryIsTheSame() async throws {
        let connection = try await source.service()
        let ofRoot = try await connection.readSubschema()
        let ofEntry = try await connection.readSubschema(for: "ou=people,\(source.base)")
        #expect(ofEntry.schema == ofRoot.schema)
        // An entry that does not exist falls back to the root DSE's subschema.
        let ofMissing = try await connection.readSubschema(for: "ou=nowhere,\(source.base)")
        #expect(ofMissing.schema == ofRoot.schema)
    }

    @Test func sambaSubschemaKnowsADAttributesAndAuxiliaryClasses() async throws {
        let connection = try await samba.service()
        let parsed = try await connection.readSubschema()
        let schema = parsed.schema
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
        // Samba sends dITContentRules only when asked by name; readSubschema asks.
        #expect(schema.contentRule(for: "user")?.auxiliaryClasses.contains("securityPrincipal") == true)
        for name in ["member", "manager", "memberOf", "managedBy"] {
            #expect(schema.isReference(name), "\(name)")
        }
        #expect(schema.isBinary("objectGUID") && schema.isBinary("objectSid") && !schema.isBinary("sAMAccountName"))
        #expect(schema.isSingleValued("objectGUID") && schema.isSingleValued("sAMAccountName") && !schema.isSingleValued("member"))
        #expect(schema.isOperational("objectGUID") && !schema.isOperational("objectClass"))
        let user = ["top", "person", "organizationalPerson", "user"]
        #expect(schema.structuralClass(of: user) == "user")
        #expect(Set(schema.requiredAttributes(for: user)).isSuperset(of: ["cn", "objectClass", "sAMAccountName", "objectSid"]))
        #expect(Set(schema.allowedAttributes(for: user)).isSuperset(of: ["mail", "manager", "userPrincipalName", "uidNumber"]))
    }

    @Test(arguments: [
        "(objectClass=person)",
        "(&(objectClass=inetOrgPerson)(!(title=accountant)))",
        "(|(cn=b*)(sn=*SON))",
        "(name=barbara*)",
        "(telephoneNumber=*20000001)",
        "(mail=SALES01*@CONTOSO.COM)",
        "(uid:caseExactMatch:=sales001)",
        "(uid:caseExactMatch:=SALES001)",
        "(ou:dn:=SALES)",
        "(employeeNumber=0200001)",
        "(!(objectClass=groupOfNames))",
    ])
    func engineAgreesWithSlapd(filter: String) async throws {
        let connection = try await source.service()
        let schema = try await connection.readSubschema().schema
        let base = "ou=sales,ou=people,\(source.base)"
        let all = try await connection.searchAll(SearchRequest(base: base, scope: .oneLevel))
        let served = try await connection.searchAll(SearchRequest(base: base, scope: .oneLevel, filter: filter, attributes: ["1.1"]))
        let compiled = CompiledFilter(try SearchFilter(filter), schema: schema)
        #expect(compiled.warnings.isEmpty)
        let evaluated = all.filter(compiled.matches)
        #expect(all.count == 400)
        #expect(Set(evaluated.map(\.dn)) == Set(served.map(\.dn)), "\(filter): server \(served.count), engine \(evaluated.count)")
    }

    @Test(arguments: [
        "(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))",
        "(userAccountControl:1.2.840.113556.1.4.804:=3)",
        "(objectClass=organizationalPerson)",
        "(memberOf=cn=engineering,ou=groups,dc=contoso,dc=com)",
        "(mail=*@CONTOSO.COM)",
        "(pwdLastSet>=1)",
        "(sAMAccountName=*USER)",
        "(&(objectCategory=person)(objectClass=user))",
        "(objectCategory=user)",
        "(objectCategory=CN=Person,CN=Schema,CN=Configuration,DC=contoso,DC=com)",
    ])
    func engineAgreesWithSamba(filter: String) async throws {
        let connection = try await samba.service()
        let schema = try await connection.readSubschema().schema
        let base = "OU=People,\(samba.base)"
        let all = try await connection.searchAll(SearchRequest(base: base, scope: .oneLevel))
        let served = try await connection.searchAll(SearchRequest(base: base, scope: .oneLevel, filter: filter, attributes: ["1.1"]))
        let compiled = CompiledFilter(try SearchFilter(filter), schema: schema)
        #expect(compiled.warnings.isEmpty)
        let evaluated = all.filter(compiled.matches)
        #expect(!all.isEmpty)
        #expect(
            Set(evaluated.map { $0.dn.lowercased() }) == Set(served.map { $0.dn.lowercased() }),
            "\(filter): server \(served.count), engine \(evaluated.count)")
    }
}
