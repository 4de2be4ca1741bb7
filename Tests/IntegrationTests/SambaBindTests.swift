import LDAPClient
import Testing

/// Binds against the real Samba AD DC, whose rejections carry AD's `data XXX` sub-codes.
@Suite struct SambaBindTests {
    let samba = TestDirectory.samba
    let testPassword = Password(env("LDAPSYNC_SAMBA_TEST_PASSWORD", "Bind-Check-2024"))

    @Test(arguments: [
        env("LDAPSYNC_SAMBA_SVC_DN", "CN=svc-sync,OU=Service,DC=contoso,DC=com"),
        env("LDAPSYNC_SAMBA_SVC_UPN", "svc-sync@contoso.com"),
        env("LDAPSYNC_SAMBA_SVC_NETBIOS", "CONTOSO\\svc-sync"),
    ])
    func serviceAccountBindsAsDNUPNAndDomainUser(identity: String) async throws {
        let connection = try await samba.connect()
        try await connection.bind(identity, password: samba.servicePassword)
        try await samba.expectBoundAsService(connection)
    }

    @Test func wrongPasswordIs52e() async throws {
        let error = try await rejection(samba.serviceDN, Password("Wrong-Password-1"))
        #expect(error.code == .invalidCredentials)
        #expect(error.adSubCode == .badPassword)
        #expect(error.description.contains("password is wrong"))
    }

    @Test(arguments: [
        ("LDAPSYNC_SAMBA_DISABLED_DN", "CN=disabled-user,OU=People,DC=contoso,DC=com", ADBindSubCode.accountDisabled),
        ("LDAPSYNC_SAMBA_MUSTCHANGE_DN", "CN=mustchange-user,OU=People,DC=contoso,DC=com", .mustChangePassword),
        ("LDAPSYNC_SAMBA_EXPIRED_DN", "CN=expired-user,OU=People,DC=contoso,DC=com", .accountExpired),
    ])
    func accountStateSubCodes(variable: String, fallback: String, expected: ADBindSubCode) async throws {
        let error = try await rejection(env(variable, fallback), testPassword)
        #expect(error.adSubCode == expected)
        #expect(error.description.contains(expected.explanation))
    }

    @Test func lockedOutIs775AfterThreeBadBinds() async throws {
        let dn = env("LDAPSYNC_SAMBA_LOCK_DN", "CN=lockme-user,OU=People,DC=contoso,DC=com")
        for _ in 0..<3 {
            let error = try await rejection(dn, Password("Wrong-Password-1"))
            #expect(error.adSubCode == .badPassword || error.adSubCode == .accountLockedOut)
        }
        let error = try await rejection(dn, testPassword)
        #expect(error.adSubCode == .accountLockedOut)
        #expect(error.description.contains("locked out"))
    }

    private func rejection(_ identity: String, _ password: Password) async throws -> LDAPError {
        let connection = try await samba.connect()
        do {
            try await connection.bind(identity, password: password)
        } catch let error as LDAPError {
            #expect(await connection.isOpen == false)
            return error
        }
        Issue.record("the bind as \(identity) succeeded")
        return LDAPError(code: .success, operation: .bind)
    }
}
