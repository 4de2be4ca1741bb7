import LDAPProtocol
import Testing

@Suite struct LDAPResultCodeTests {
    @Test func namesKnownAndUnknownCodes() {
        #expect(LDAPResultCode.invalidCredentials.description == "invalidCredentials (49)")
        #expect(LDAPResultCode(rawValue: 49) == .invalidCredentials)
        #expect(LDAPResultCode(rawValue: 999).description == "code999 (999)")
        #expect(LDAPResultCode(rawValue: -1) == .serverDown)
    }

    @Test func transientCodes() {
        #expect(LDAPResultCode.serverDown.isTransient)
        #expect(LDAPResultCode.busy.isTransient)
        #expect(LDAPResultCode.unavailable.isTransient)
        #expect(!LDAPResultCode.invalidCredentials.isTransient)
        #expect(!LDAPResultCode.noSuchObject.isTransient)
        #expect(!LDAPResultCode.constraintViolation.isTransient)
    }

    @Test func patternMatchesErrors() {
        let error: any Error = LDAPError(code: .noSuchObject, operation: .search)
        switch error {
        case LDAPResultCode.noSuchObject: break
        default: Issue.record("~= did not match")
        }
    }

    @Test func tlsAndTimeoutReasonsAreNotConfusedWithServerDown() {
        let tls = LDAPError(code: .serverDown, operation: .connect, diagnostic: "x", reason: .tls)
        #expect(!tls.isTransient)
        #expect(tls.description.contains("TLS"))
        let timeout = LDAPError(code: .timeout, operation: .search, reason: .timedOut)
        #expect(timeout.isTransient)
        #expect(timeout.description.contains("abandoned"))
    }
}
