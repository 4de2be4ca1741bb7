import LDAPProtocol
import Testing

/// Each way of comparing values, chosen by the attribute's matching rule in the slapd schema.
@Suite struct SearchFilterMatchingTests {
    let schema = SubschemaFixture.slapd.schema

    private func matches(_ filter: String, _ attributes: [String: [String]], schema: DirectorySchema? = nil) throws -> Bool {
        try evaluate(filter, on: filterObject(attributes), schema: schema).matches
    }

    @Test func withoutASchemaTextIsCaseAndSpaceInsensitive() throws {
        let ann = ["cn": ["  Ann   LEE "], "sn": ["Müller"]]
        #expect(try matches("(cn=ann lee)", ann))
        #expect(try matches("(CN=Ann Lee)", ann))
        #expect(try matches("(cn= ann\\20 lee )", ann))
        #expect(!(try matches("(cn=annlee)", ann)))
        #expect(try matches("(sn=MÜLLER)", ann))
        #expect(try matches("(sn=m\\c3\\bcller)", ann))
        #expect(try matches("(cn=ann*)", ann))
        #expect(try matches("(cn=*LEE)", ann))
    }

    @Test func caseIgnoreMatch() throws {
        #expect(try matches("(description=hello  world)", ["description": ["Hello World"]], schema: schema))
        #expect(try matches("(mail=ANN@CONTOSO.COM)", ["mail": ["ann@contoso.com"]], schema: schema))
    }

    @Test func caseExactMatchKeepsCaseButNotSpaces() throws {
        let home = ["homeDirectory": ["/home/Ann"]]
        #expect(try matches("(homeDirectory=/home/Ann)", home, schema: schema))
        #expect(!(try matches("(homeDirectory=/home/ann)", home, schema: schema)))
        #expect(try matches("(homeDirectory=/home/ann)", home))  // no schema: case-insensitive
        #expect(try matches("(memberUid=ann)", ["memberUid": [" ann "]], schema: schema))
        #expect(!(try matches("(memberUid=ANN)", ["memberUid": ["ann"]], schema: schema)))
        #expect(try matches("(cn:caseExactMatch:=Ann Lee)", ["cn": ["Ann Lee"]], schema: schema))
        #expect(!(try matches("(cn:caseExactMatch:=ann lee)", ["cn": ["Ann Lee"]], schema: schema)))
    }

    @Test func octetStringMatchComparesBytes() throws {
        let secret = ["userPassword": ["{SSHA}AbC"]]
        #expect(try matches("(userPassword={SSHA}AbC)", secret, schema: schema))
        #expect(!(try matches("(userPassword={ssha}abc)", secret, schema: schema)))
        #expect(!(try matches("(userPassword={SSHA}AbC )", secret, schema: schema)))
    }

    @Test func integerMatchIsNumeric() throws {
        let uid = ["uidNumber": ["1000"]]
        #expect(try matches("(uidNumber=01000)", uid, schema: schema))
        #expect(try matches("(uidNumber=+1000)", uid, schema: schema))
        #expect(!(try matches("(uidNumber=100)", uid, schema: schema)))
        #expect(try matches("(uidNumber>=999)", uid, schema: schema))
        #expect(!(try matches("(uidNumber>=10000)", uid, schema: schema)))  // "1000" >= "10000" as text would be false too
        #expect(try matches("(uidNumber>=200)", uid, schema: schema))  // as text "1000" < "200"
        #expect(try matches("(uidNumber<=1000)", uid, schema: schema))
        #expect(try matches("(uidNumber>=-5)", uid, schema: schema))
        #expect(try matches("(uidNumber<=-5)", ["uidNumber": ["-12"]], schema: schema))
        #expect(try evaluate("(uidNumber>=ten)", on: filterObject(uid), schema: schema) == .undefined)
    }

    @Test func distinguishedNameMatchNormalizes() throws {
        let group = ["member": ["CN=Ann Lee, OU=People,DC=contoso,DC=com", "cn=bob,ou=people,dc=contoso,dc=com"]]
        #expect(try matches("(member=cn=ann lee,ou=people,dc=contoso,dc=com)", group, schema: schema))
        #expect(try matches("(member=CN=Bob,OU=People,DC=Contoso,DC=Com)", group, schema: schema))
        #expect(!(try matches("(member=cn=carol,ou=people,dc=contoso,dc=com)", group, schema: schema)))
        #expect(try evaluate("(member=not a dn)", on: filterObject(group), schema: schema) == .undefined)
        // Without the schema, DNs are plain text: the spaces after commas count.
        #expect(!(try matches("(member=cn=ann lee,ou=people,dc=contoso,dc=com)", group)))
    }

    @Test func uniqueMemberMatchesTheDNAndOptionalUID() throws {
        let group = ["uniqueMember": ["cn=Ann,dc=contoso,dc=com#'0101'B", "CN=Bob, DC=contoso,DC=com"]]
        #expect(try matches("(uniqueMember=cn=ann,dc=contoso,dc=com)", group, schema: schema))
        #expect(try matches("(uniqueMember=cn=ann,dc=contoso,dc=com#'0101'B)", group, schema: schema))
        #expect(!(try matches("(uniqueMember=cn=ann,dc=contoso,dc=com#'0110'B)", group, schema: schema)))
        #expect(try matches("(uniqueMember=cn=bob,dc=contoso,dc=com)", group, schema: schema))
    }

    @Test func booleanMatch() throws {
        #expect(try matches("(pwdLockout=TRUE)", ["pwdLockout": ["TRUE"]], schema: schema))
        #expect(try matches("(pwdLockout=true)", ["pwdLockout": ["TRUE"]], schema: schema))
        #expect(!(try matches("(pwdLockout=FALSE)", ["pwdLockout": ["TRUE"]], schema: schema)))
        #expect(try evaluate("(pwdLockout=yes)", on: filterObject(["pwdLockout": ["TRUE"]]), schema: schema) == .undefined)
    }

    @Test func telephoneAndNumericStringsIgnoreSeparators() throws {
        #expect(try matches("(telephoneNumber=+1 555-0100)", ["telephoneNumber": ["+15550100"]], schema: schema))
        #expect(try matches("(telephoneNumber=*5550100)", ["telephoneNumber": ["+1 555 0100"]], schema: schema))
        #expect(try matches("(internationaliSDNNumber=12 34)", ["internationaliSDNNumber": ["1234"]], schema: schema))
    }

    @Test func substringsFollowTheSchema() throws {
        let person = ["cn": ["Ann Marie Lee"], "memberUid": ["AnnLee"]]
        #expect(try matches("(cn=ann*lee)", person, schema: schema))
        #expect(try matches("(cn=*MARIE*)", person, schema: schema))
        #expect(try matches("(cn=ann *ie*ee)", person, schema: schema))
        #expect(!(try matches("(cn=ann*marie*ann*)", person, schema: schema)))
        #expect(!(try matches("(cn=*lee*ann)", person, schema: schema)))
        #expect(!(try matches("(cn=annm*)", person, schema: schema)))
        // Pieces may not overlap: "aaa" does not hold "aa" then "aa".
        #expect(!(try matches("(cn=aa*aa)", ["cn": ["aaa"]], schema: schema)))
        // memberUid's SUBSTR is caseExactIA5SubstringsMatch.
        #expect(try matches("(memberUid=Ann*)", person, schema: schema))
        #expect(!(try matches("(memberUid=ann*)", person, schema: schema)))
    }

    @Test func orderingIsTextForStringsAndTimes() throws {
        let stamps = ["modifyTimestamp": ["20261206101500Z"]]
        #expect(try matches("(modifyTimestamp>=20261206000000Z)", stamps, schema: schema))
        #expect(!(try matches("(modifyTimestamp>=20261207000000Z)", stamps, schema: schema)))
        #expect(try matches("(modifyTimestamp<=20261206101500Z)", stamps, schema: schema))
        #expect(try matches("(sn>=M)", ["sn": ["miller"]], schema: schema))
        #expect(!(try matches("(sn<=L)", ["sn": ["miller"]], schema: schema)))
    }

    @Test func approximateMatchIsEquality() throws {
        #expect(try matches("(cn~=ann  lee)", ["cn": ["Ann Lee"]], schema: schema))
        #expect(!(try matches("(cn~=anne lee)", ["cn": ["Ann Lee"]], schema: schema)))
    }

    @Test func extensibleMatchWithDNAttributes() throws {
        let object = ["cn": ["Ann"]]
        var entry = LDAPEntry(dn: "cn=Ann,ou=Sales,dc=contoso,dc=com", attributes: [LDAPAttribute("cn", ["Ann"])])
        #expect(try SearchFilter("(ou:dn:=sales)").evaluate(entry, schema: schema) == .true)
        #expect(try SearchFilter("(ou:dn:=marketing)").evaluate(entry, schema: schema) == .false)
        #expect(try SearchFilter("(ou:=sales)").evaluate(entry, schema: schema) == .false)
        entry.dn = "cn=Ann,organizationalUnitName=Sales,dc=contoso,dc=com"
        #expect(try SearchFilter("(ou:dn:=sales)").evaluate(entry, schema: schema) == .true)
        // Without a DN, only the attributes count.
        #expect(try evaluate("(cn:dn:=ann)", on: filterObject(object), schema: schema) == .true)
    }

    @Test func unsupportedMatchingRulesAreUndefinedAndWarned() throws {
        let compiled = CompiledFilter(try SearchFilter("(|(cn:1.2.3.4:=x)(:caseExactMatch:=Ann))"), schema: schema)
        #expect(compiled.evaluate(filterObject(["cn": ["Ann"]])) == .undefined)
        #expect(compiled.warnings.map(\.code) == [.unsupportedMatchingRule, .unsupportedMatchingRule])
    }
}
