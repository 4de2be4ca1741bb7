import LDAPProtocol
import Testing

@Suite struct LDAPConnectionOptionsTests {
    @Test(arguments: [
        ("ldap://127.0.0.1:3389", "127.0.0.1", 3389),
        ("ldaps://dc1.contoso.com", "dc1.contoso.com", 636),
        ("ldap://dc1", "dc1", 389),
        ("ldap://[::1]:4389/", "::1", 4389),
    ])
    func endpoint(uri: String, host: String, port: Int) {
        let endpoint = LDAPConnectionOptions(uri: uri).endpoint
        #expect(endpoint?.host == host)
        #expect(endpoint?.port == port)
    }

    @Test func schemeSetsTLSMode() {
        #expect(LDAPConnectionOptions(uri: "ldaps://x").tls == .ldaps)
        #expect(LDAPConnectionOptions(uri: "ldap://x").tls == TLSMode.none)
        #expect(LDAPConnectionOptions(uri: "ldap://x", tls: .startTLS).tls == .startTLS)
    }
}
