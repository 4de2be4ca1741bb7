import LDAPClient
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

    @Test(arguments: ["http://x", "ldap://", "ldap://x:99999", "x:389", "ldap://a:b:c"])
    func badURIsAreRefusedBeforeConnecting(uri: String) async {
        await #expect(throws: LDAPError.self) {
            _ = try await LDAPConnection.connect(LDAPConnectionOptions(uri: uri))
        }
    }

    @Test func mismatchedSchemeAndModeIsRefused() async throws {
        let error = await #expect(throws: LDAPError.self) {
            _ = try await LDAPConnection.connect(LDAPConnectionOptions(uri: "ldap://127.0.0.1:1", tls: .ldaps))
        }
        #expect(error?.reason == .invalidArgument)
        #expect(error?.diagnostic.contains("ldaps://") == true)
    }

    @Test func unreachableServerIsTransientConnectError() async {
        let error = await #expect(throws: LDAPError.self) {
            _ = try await LDAPConnection.connect(LDAPConnectionOptions(uri: "ldap://127.0.0.1:1", connectTimeoutMilliseconds: 1000))
        }
        #expect(error?.isTransient == true)
        #expect(error?.reason == nil)
        #expect(error?.description.contains("127.0.0.1:1") == true)
    }
}
