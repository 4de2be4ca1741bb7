import LDAPProtocol
import Testing

@Suite struct ADBindSubCodeTests {
    @Test(arguments: [
        ("52e", ADBindSubCode.badPassword, "wrong"),
        ("525", .noSuchUser, "does not exist"),
        ("530", .logonHoursRestricted, "at this time"),
        ("531", .workstationRestricted, "computer"),
        ("532", .passwordExpired, "expired"),
        ("533", .accountDisabled, "disabled"),
        ("701", .accountExpired, "account has expired"),
        ("773", .mustChangePassword, "must be changed"),
        ("775", .accountLockedOut, "locked out"),
    ])
    func decodesSambaDiagnostic(code: String, expected: ADBindSubCode, words: String) {
        let diagnostic = "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data \(code), v1db1"
        let decoded = ADBindSubCode(diagnostic: diagnostic)
        #expect(decoded == expected)
        #expect(decoded?.explanation.contains(words) == true)
        #expect(decoded?.explanation.contains(code) == true)
    }

    @Test func noSubCodeInSlapdsEmptyDiagnostic() {
        #expect(ADBindSubCode(diagnostic: "") == nil)
        #expect(ADBindSubCode(diagnostic: "Invalid credentials") == nil)
    }

    @Test func unknownSubCodeStillExplained() {
        let code = ADBindSubCode(diagnostic: "comment: AcceptSecurityContext error, data 52F, v1db1")
        #expect(code?.rawValue == "52f")
        #expect(code?.explanation.contains("52f") == true)
    }

    @Test func errorDescriptionUsesTheReason() {
        let error = LDAPError(
            code: .invalidCredentials, operation: .bind,
            diagnostic: "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 775, v1db1",
            dn: "CN=svc-sync,OU=Service,DC=contoso,DC=com")
        #expect(error.description.contains("locked out"))
        #expect(error.description.contains("CN=svc-sync"))
        #expect(error.isCredentialRejection)
        #expect(!error.isTransient)
    }

    @Test func slapdRejectionSaysNoReasonWasGiven() {
        let error = LDAPError(code: .invalidCredentials, operation: .bind, dn: "cn=svc")
        #expect(error.bindRejectionReason.contains("gave no reason"))
    }
}
