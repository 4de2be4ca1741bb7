import LDAPClient
import Testing

/// Binds against the real slapd servers: success, rejection, and what happens after a rejection.
@Suite struct BindTests {
    @Test(arguments: [TestDirectory.source, TestDirectory.target])
    func serviceAccountBinds(directory: TestDirectory) async throws {
        let connection = try await directory.service()
        #expect(try await connection.whoAmI() == "dn:\(directory.serviceDN)")
        #expect(await connection.boundAs == directory.serviceDN)
    }

    @Test func wrongPasswordIs49WithNoReasonFromSlapd() async throws {
        let directory = TestDirectory.source
        let connection = try await directory.connect()
        let error = await #expect(throws: LDAPError.self) {
            try await connection.bind(directory.serviceDN, password: Password("not-the-password"))
        }
        #expect(error?.code == .invalidCredentials)
        #expect(error?.diagnostic == "")
        #expect(error?.adSubCode == nil)
        #expect(error?.description.contains("gave no reason") == true)
        #expect(error?.description.contains("not-the-password") == false)
    }

    @Test func nothingRunsAnonymouslyAfterAFailedBind() async throws {
        let directory = TestDirectory.source
        let connection = try await directory.connect()
        await #expect(throws: LDAPError.self) {
            try await connection.bind(directory.serviceDN, password: Password("wrong"))
        }
        #expect(await connection.isOpen == false)
        // Anonymous reads of the base would succeed on this server: the handle must refuse.
        let search = await #expect(throws: LDAPError.self) {
            _ = try await connection.searchAll(SearchRequest(base: directory.base, scope: .base))
        }
        #expect(search?.reason == .connectionDiscarded)
        let whoami = await #expect(throws: LDAPError.self) { _ = try await connection.whoAmI() }
        #expect(whoami?.reason == .connectionDiscarded)
        // And the same identity binds fine on a new connection.
        let fresh = try await directory.service()
        #expect(try await fresh.whoAmI() == "dn:\(directory.serviceDN)")
    }

    @Test func emptyPasswordIsRefusedBeforeTheWire() async throws {
        let directory = TestDirectory.source
        let connection = try await directory.connect()
        let error = await #expect(throws: LDAPError.self) {
            try await connection.bind(directory.serviceDN, password: Password(""))
        }
        #expect(error?.reason == .emptyPassword)
        // Nothing was sent: the server still sees this session as anonymous, not as the DN.
        #expect(try await connection.whoAmI() == "")
        #expect(await connection.boundAs == nil)
    }

    @Test func ppolicyLocksTheAccountAfterThreeFailures() async throws {
        let directory = TestDirectory.source
        let lockDN = env("LDAPSYNC_SOURCE_LOCK_DN", "cn=lockme,ou=service,dc=contoso,dc=com")
        let lockPassword = Password(env("LDAPSYNC_SOURCE_LOCK_PASSWORD", "Lock-Me-2024"))
        for _ in 0..<3 {
            let connection = try await directory.connect()
            await #expect(throws: LDAPError.self) { try await connection.bind(lockDN, password: Password("bad")) }
        }
        // Locked: even the right password is now refused, with the same bare 49.
        let connection = try await directory.connect()
        let error = await #expect(throws: LDAPError.self) { try await connection.bind(lockDN, password: lockPassword) }
        #expect(error?.code == .invalidCredentials)
    }
}
