import LDAPProtocol
import SyncEngine
import Testing

/// `normalizedDN` has a fast path for plain DNs; it must agree with the full RFC 4514 one.
@Suite struct NormalizedDNTests {
    @Test(arguments: [
        "uid=user0001,ou=people,dc=contoso,dc=com", "UID=User0001, OU=People ,DC=Contoso,DC=COM",
        "cn=Admins,ou=groups,dc=cloud,dc=example", "cn=a b c,dc=x", "CN=svc-sync,OU=Service,DC=contoso,DC=com",
        "ou = sales , ou=people,dc=contoso,dc=com", "dc=com", "cn=O'Brien,dc=x", "cn=a.b_c-d@e,dc=x",
    ])
    func fastPathAgreesWithTheFullParse(dn: String) throws {
        #expect(normalizedDN(dn) == (try DistinguishedName(dn)).normalized)
    }

    @Test(arguments: ["cn=Doe\\, Jane,dc=x", "cn=Doe\\2C Jane,dc=x", "cn=Zoë,dc=x", "cn=a+uid=b,dc=x", "cn=\\#x,dc=x", "cn=a  b,dc=x"])
    func specialDNsTakeTheFullParse(dn: String) throws {
        #expect(normalizedDN(dn) == (try DistinguishedName(dn)).normalized)
    }

    @Test func escapingFormsCompareEqual() {
        #expect(normalizedDN("cn=Doe\\, Jane,ou=people,dc=cloud,dc=example") == normalizedDN("cn=Doe\\2C Jane,ou=people,dc=cloud,dc=example"))
    }
}
