import LDAPProtocol
import Testing

/// `DistinguishedName.leadingRDN(of:)`: the first RDN parsed alone gives what parsing the whole
/// DN gives, and the rest is the parent's text.
@Suite struct LeadingRDNTests {
    @Test(arguments: [
        "uid=ann,ou=people,dc=example,dc=org", #"cn=Smith\, John,ou=Sales,dc=x"#, "cn=a+sn=b,dc=x", #"cn="a, b";ou=x"#,
        "cn=a , ou=x", "dc=x", #"cn=\23hash\2C\20,dc=x"#, "cn=#04024869,dc=x", "CN=Ünïcode Ü,OU=Üsers,DC=x", " cn = spaced + sn = two , dc = x ",
        #"cn=a\\,dc=x"#, "cn=a;dc=x", #"cn=a\;b\+c,dc=x"#,
    ])
    func theFirstRDNAndTheParentAreWhatTheWholeDNGives(text: String) throws {
        let whole = try DistinguishedName(text)
        let split = try #require(DistinguishedName.leadingRDN(of: text))
        #expect(split.rdn == whole.rdn)
        #expect(split.rdn.attributes.map(\.value) == whole.rdn?.attributes.map(\.value))
        #expect(try DistinguishedName(split.parent) == whole.parent)
        #expect(DistinguishedName.parentText(of: text) == split.parent)
    }

    @Test func aDNOfOneRDNHasTheRootAsParentAndNonsenseHasNoRDN() throws {
        #expect(DistinguishedName.leadingRDN(of: "dc=x")?.parent == "")
        for bad in ["", "   ", "not a dn", "=x,dc=y", #"cn=a\"#, #"cn="open,dc=x"#] {
            #expect(DistinguishedName.leadingRDN(of: bad) == nil, "\(bad)")
        }
        // Only the first RDN is checked: the parent's text is the caller's to parse.
        let split = try #require(DistinguishedName.leadingRDN(of: "cn=a,===,dc=x"))
        #expect(split.parent == "===,dc=x")
        #expect(throws: DNError.self) { try DistinguishedName(split.parent) }
        // The parent's text alone does not parse the first RDN at all.
        #expect(DistinguishedName.parentText(of: "=x,dc=y") == "dc=y")
        #expect(DistinguishedName.parentText(of: #"cn="open,dc=x"#) == nil)
        #expect(DistinguishedName.parentText(of: "dc=x") == "")
    }
}
