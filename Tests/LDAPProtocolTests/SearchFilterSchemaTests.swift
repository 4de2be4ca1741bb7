import LDAPProtocol
import Testing

/// What a schema adds to evaluation: object class hierarchy, attribute aliases and subtypes,
/// and Samba's rules implied by syntax.
@Suite struct SearchFilterSchemaTests {
    let slapd = SubschemaFixture.slapdWithOpenLDAPClasses
    let samba = SubschemaFixture.samba.schema

    @Test func objectClassMatchesSubclassesAsSlapdDoes() throws {
        // OpenLDAP's sample people list only `objectClass: OpenLDAPperson`.
        let person = filterObject(["objectClass": ["OpenLDAPperson"], "cn": ["Kurt"]])
        for superclass in ["inetOrgPerson", "person", "pilotPerson", "organizationalPerson", "top", "OPENLDAPPERSON"] {
            #expect(try evaluate("(objectClass=\(superclass))", on: person, schema: slapd) == .true, "\(superclass)")
        }
        #expect(try evaluate("(objectClass=groupOfNames)", on: person, schema: slapd) == .false)
        #expect(try evaluate("(objectClass=OpenLDAPou)", on: person, schema: slapd) == .false)
        // Without the schema only the listed name matches.
        #expect(try evaluate("(objectClass=inetOrgPerson)", on: person) == .false)
        #expect(try evaluate("(objectClass=openldapperson)", on: person) == .true)
    }

    @Test func objectClassesMatchByNameOrOIDInAnyCase() throws {
        let byOID = filterObject(["objectClass": ["2.16.840.1.113730.3.2.2"]])
        #expect(try evaluate("(objectClass=inetOrgPerson)", on: byOID, schema: slapd) == .true)
        #expect(try evaluate("(objectClass=person)", on: byOID, schema: slapd) == .true)
        let byName = filterObject(["objectClass": ["INETORGPERSON"]])
        #expect(try evaluate("(objectClass=2.5.6.6)", on: byName, schema: slapd) == .true)
        #expect(try evaluate("(2.5.4.0=person)", on: byName, schema: slapd) == .true)
        // An asserted class the schema does not know is compared as text.
        let odd = filterObject(["objectClass": ["vendorThing"]])
        #expect(try evaluate("(objectClass=VENDORTHING)", on: odd, schema: slapd) == .true)
    }

    @Test func attributeNamesResolveThroughAliasesAndOIDs() throws {
        let person = filterObject(["cn": ["Ann Lee"], "sn": ["Lee"]])
        #expect(try evaluate("(commonName=ann lee)", on: person, schema: slapd) == .true)
        #expect(try evaluate("(2.5.4.3=ann lee)", on: person, schema: slapd) == .true)
        #expect(try evaluate("(surname=lee)", on: person, schema: slapd) == .true)
        #expect(try evaluate("(commonName=*)", on: person, schema: slapd) == .true)
        // Objects stored under an alias are found by the primary name too.
        #expect(try evaluate("(cn=ann lee)", on: filterObject(["commonName": ["Ann Lee"]]), schema: slapd) == .true)
        // Without a schema an alias is just another name.
        #expect(try evaluate("(commonName=ann lee)", on: person) == .false)
    }

    @Test func aSupertypeMatchesItsSubtypes() throws {
        let person = filterObject(["cn": ["Ann Lee"], "sn": ["Lee"]])
        #expect(try evaluate("(name=lee)", on: person, schema: slapd) == .true)
        #expect(try evaluate("(name=ann*)", on: person, schema: slapd) == .true)
        #expect(try evaluate("(name=*)", on: person, schema: slapd) == .true)
        #expect(try evaluate("(name=bob)", on: person, schema: slapd) == .false)
        #expect(try evaluate("(distinguishedName=cn=x,dc=y)", on: filterObject(["member": ["CN=X, DC=Y"]]), schema: slapd) == .true)
    }

    @Test func sambaSyntaxImpliesTheRuleItNeverNames() throws {
        let user = filterObject([
            "objectClass": ["top", "person", "organizationalPerson", "user"],
            "userAccountControl": ["514"], "manager": ["CN=Boss,OU=People,DC=contoso,DC=com"],
            "sAMAccountName": ["ALee"], "whenChanged": ["20261206101500.0Z"], "pwdLastSet": ["134094312000000000"],
        ])
        #expect(try evaluate("(userAccountControl=0514)", on: user, schema: samba) == .true)
        #expect(try evaluate("(userAccountControl>=600)", on: user, schema: samba) == .false)
        #expect(try evaluate("(manager=cn=boss,ou=people,dc=contoso,dc=com)", on: user, schema: samba) == .true)
        #expect(try evaluate("(samaccountname=alee)", on: user, schema: samba) == .true)
        #expect(try evaluate("(pwdLastSet>=134094311999999999)", on: user, schema: samba) == .true)
        #expect(try evaluate("(whenChanged>=20261206000000.0Z)", on: user, schema: samba) == .true)
        #expect(try evaluate("(objectClass=person)", on: user, schema: samba) == .true)
    }

    @Test func adBitwiseRulesFindDisabledAccounts() throws {
        let enabled = CompiledFilter(try SearchFilter("(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))"), schema: samba)
        #expect(enabled.warnings.isEmpty)
        #expect(enabled.matches(filterObject(["objectClass": ["user"], "userAccountControl": ["512"]])))
        #expect(!enabled.matches(filterObject(["objectClass": ["user"], "userAccountControl": ["514"]])))
        // inetOrgPerson derives from user in AD.
        #expect(enabled.matches(filterObject(["objectClass": ["inetOrgPerson"], "userAccountControl": ["66048"]])))
        let anyOf = try SearchFilter("(userAccountControl:1.2.840.113556.1.4.804:=6)")
        #expect(anyOf.evaluate(filterObject(["userAccountControl": ["4"]]), schema: samba) == .true)
        #expect(anyOf.evaluate(filterObject(["userAccountControl": ["8"]]), schema: samba) == .false)
        // groupType is a signed 32-bit value: the security-group bit is the sign bit.
        let security = try SearchFilter("(groupType:1.2.840.113556.1.4.803:=2147483648)")
        #expect(security.evaluate(filterObject(["groupType": ["-2147483646"]]), schema: samba) == .true)
        #expect(security.evaluate(filterObject(["groupType": ["2"]]), schema: samba) == .false)
    }

    @Test func objectCategoryShortFormsNameTheCategoryAsADReadsThem() throws {
        let person = filterObject(["objectCategory": ["CN=Person,CN=Schema,CN=Configuration,DC=contoso,DC=com"]])
        let unit = filterObject(["objectCategory": ["CN=Organizational-Unit,CN=Schema,CN=Configuration,DC=contoso,DC=com"]])
        for schema in [samba, nil] {
            #expect(try evaluate("(objectCategory=person)", on: person, schema: schema) == .true)
            #expect(try evaluate("(objectCategory=user)", on: person, schema: schema) == .true)  // user's category is Person
            #expect(try evaluate("(objectCategory=group)", on: person, schema: schema) == .false)
            #expect(try evaluate("(objectCategory=organizationalUnit)", on: unit, schema: schema) == .true)
            #expect(try evaluate("(objectCategory=cn=person,cn=schema,cn=configuration,dc=contoso,dc=com)", on: person, schema: samba) == .true)
        }
        let classic = CompiledFilter(try SearchFilter("(&(objectCategory=person)(objectClass=user))"), schema: samba)
        #expect(classic.warnings.isEmpty)
    }

    @Test func ruleInChainNeedsTheDirectory() throws {
        let compiled = CompiledFilter(try SearchFilter("(memberOf:1.2.840.113556.1.4.1941:=CN=Staff,DC=contoso,DC=com)"), schema: samba)
        #expect(compiled.evaluate(filterObject(["memberOf": ["CN=Staff,DC=contoso,DC=com"]])) == .undefined)
        #expect(compiled.warnings.map(\.code) == [.unsupportedMatchingRule])
    }

    @Test func sambaBinaryAttributesCompareBytes() throws {
        let guid: [UInt8] = [0x2F, 0xD7, 0x88, 0x4F, 0x41, 0x61, 0x20, 0x20]
        let object: [String: [[UInt8]]] = ["objectguid": [guid]]
        let exact = SearchFilter.equality(try attribute("objectGUID"), guid)
        #expect(exact.evaluate(object, schema: samba) == .true)
        var folded = guid
        folded[5] = 0x41  // 'a' → 'A' would be equal as case-insensitive text
        #expect(SearchFilter.equality(try attribute("objectGUID"), folded).evaluate(object, schema: samba) == .false)
    }
}
