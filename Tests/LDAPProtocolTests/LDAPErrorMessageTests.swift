import LDAPProtocol
import Testing

/// The words of each connect failure, exactly: admins search for them and scripts match them.
/// (ConnectFailureTests shows real servers produce them; here are the ones no test server can,
/// such as a missing route, and the variants of each.)
@Suite struct LDAPErrorMessageTests {
    @Test func startTLSRefusedQuotesTheServerOrItsResultCode() {
        let said = LDAPError.startTLSRefused(code: .protocolError, serverMessage: "unsupported extended operation")
        #expect(
            said.description == "startTLS failed: the server refused StartTLS (unsupported extended operation); "
                + "it may not have TLS configured: use ldaps:// or configure TLS on the server")
        let silent = LDAPError.startTLSRefused(code: .unavailable, serverMessage: "")
        #expect(
            silent.description == "startTLS failed: the server refused StartTLS (result 52); "
                + "it may not have TLS configured: use ldaps:// or configure TLS on the server")
        // 52 is transient for operations; a server without TLS stays one until someone acts.
        #expect(silent.reason == .tls && !silent.isTransient && silent.connectFailure == .startTLSRefused)
    }

    @Test(arguments: [
        (
            LDAPError.CertificateProblem.issuerUnknown(issuer: "CN=Corp CA,O=Corp"),
            "the certificate issuer is unknown (issued by \"CN=Corp CA,O=Corp\")"
        ),
        (.selfSigned(subject: "CN=dc1.corp.example"), "the certificate issuer is unknown (it is self-signed: \"CN=dc1.corp.example\")"),
        (.expired(notAfter: "2021-01-01 00:00:00 UTC"), "the certificate has expired (valid until 2021-01-01 00:00:00 UTC)"),
        (.notYetValid(notBefore: "2099-01-01 00:00:00 UTC"), "the certificate is not yet valid (valid from 2099-01-01 00:00:00 UTC)"),
        (
            .signatureNotVerified(issuer: "CN=Corp CA"),
            "the certificate's signature does not verify against \"CN=Corp CA\" (a different CA with the same name?)"
        ),
        (.unexplained, "libldap gave no reason"),
    ])
    func untrustedCertificateNamesTheStoreAndTheProblem(problem: LDAPError.CertificateProblem, words: String) {
        let withFile = LDAPError.certificateNotTrusted(problem, caFile: "/etc/ldapsync/ca.pem", code: .serverDown, operation: .connect)
        #expect(
            withFile.description == "connect failed: the server's TLS certificate is not trusted by the CA file \"/etc/ldapsync/ca.pem\": \(words)")
        let system = LDAPError.certificateNotTrusted(problem, caFile: nil, code: .connectError, operation: .startTLS)
        #expect(system.description == "startTLS failed: the server's TLS certificate is not trusted by the system CA store: \(words)")
        #expect(system.reason == .tls && !system.isTransient && system.connectFailure == .certificateNotTrusted)
    }

    @Test func hostNameMismatchListsTheCertificatesNames() {
        let other = LDAPError.hostNameMismatch(
            certificateNames: ["dc1.corp.example", "10.0.0.5"], host: "ldap.corp.example", checkedName: "ldap.corp.example",
            code: .serverDown, operation: .connect)
        #expect(other.description == "connect failed: the server's TLS certificate is for dc1.corp.example, 10.0.0.5, not ldap.corp.example")
        #expect(other.reason == .tls && !other.isTransient && other.connectFailure == .hostNameMismatch)
        let localhost = LDAPError.hostNameMismatch(
            certificateNames: ["127.0.0.1", "localhost"], host: "localhost", checkedName: "build7.corp.example",
            code: .connectError, operation: .startTLS)
        #expect(
            localhost.description == "startTLS failed: the server's TLS certificate is for 127.0.0.1, localhost, not build7.corp.example "
                + "(for a URI with localhost, libldap checks this machine's name instead)")
        let nameless = LDAPError.hostNameMismatch(
            certificateNames: [], host: "x.example", checkedName: "x.example", code: .serverDown, operation: .connect)
        #expect(nameless.description == "connect failed: the server's TLS certificate is for no host name, not x.example")
    }

    @Test func tlsNotNegotiatedQuotesGnuTLSAsPartOfTheSentence() {
        let alert = LDAPError.tlsNotNegotiated(
            host: "10.0.0.5", port: 636, detail: "A TLS fatal alert has been received.", code: .serverDown, operation: .connect)
        #expect(alert.description == "connect failed: TLS could not be negotiated with 10.0.0.5:636: a TLS fatal alert has been received")
        let closed = LDAPError.tlsNotNegotiated(host: "::1", port: 636, detail: "", code: .serverDown, operation: .connect)
        #expect(
            closed.description == "connect failed: TLS could not be negotiated with [::1]:636: "
                + "the server closed the connection during the TLS handshake (it may not speak TLS on this port)")
        #expect(closed.reason == .tls && !closed.isTransient && closed.connectFailure == .tlsNotNegotiated)
    }

    @Test func unreachableServersAreTransientAndSayWhy() {
        let cases: [(LDAPError, String, LDAPError.ConnectFailure)] = [
            (
                .connectTimedOut(host: "10.0.0.5", port: 389, milliseconds: 10_000, operation: .connect),
                "connect failed: no answer from 10.0.0.5:389 within 10000 ms", .timedOut
            ),
            (
                .connectTimedOut(host: "10.0.0.5", port: 389, milliseconds: 1000, operation: .startTLS),
                "startTLS failed: no answer from 10.0.0.5:389 within 1000 ms", .timedOut
            ),
            (
                .connectionRefused(host: "10.0.0.5", port: 636),
                "connect failed: connection refused by 10.0.0.5:636 (nothing listens there)", .connectionRefused
            ),
            (.hostNotFound("dc9.corp.example"), "connect failed: host name dc9.corp.example does not resolve", .hostNotFound),
            (
                .hostNotFound("dc9.corp.example", resolverError: "Temporary failure in name resolution"),
                "connect failed: host name dc9.corp.example could not be resolved (temporary failure in name resolution)", .hostNotFound
            ),
            (.noRoute(host: "fd00::5", port: 389), "connect failed: no route to host [fd00::5]:389", .noRoute),
        ]
        for (error, text, failure) in cases {
            #expect(error.description == text)
            #expect(error.connectFailure == failure)
            #expect(error.reason == nil && error.isTransient, "\(error)")
        }
    }

    @Test func errorsWithoutACauseReadAsBefore() {
        let error = LDAPError(code: .serverDown, operation: .connect, diagnostic: "x", reason: .tls)
        #expect(error.connectFailure == nil)
        #expect(error.description == "connect failed: serverDown (-1): TLS negotiation failed: x")
    }

    @Test(arguments: [
        ("The TLS connection was non-properly terminated.", "the TLS connection was non-properly terminated"),
        ("TLS alert.", "TLS alert"), ("Error in the push function. ", "error in the push function"), ("", ""), ("A", "a"),
        ("GnuTLS internal error.", "GnuTLS internal error"),
    ])
    func sentenceFragmentsLowerOnlyAWordsFirstLetter(text: String, fragment: String) {
        #expect(LDAPError.sentenceFragment(text) == fragment)
    }
}
