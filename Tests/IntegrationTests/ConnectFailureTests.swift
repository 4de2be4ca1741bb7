import Foundation
import LDAPClient
import Testing

/// Each way a connection can fail to open, against real servers of the test's own (a slapd
/// without TLS, with certificates for other names or dates, silent listeners, closed ports),
/// read in the words an admin gets. Needs only the dev CA (`scripts/lib/certs.sh`).
@Suite struct ConnectFailureTests {
    /// The dev CA's subject, as the messages name an issuer.
    static let devCA = "CN=ldapsync throwaway test CA,O=ldapsync dev"

    @Test func startTLSToAServerWithoutTLSIsRefusedByTheServer() async throws {
        let server = try await MinimalSlapd()
        defer { server.stop() }
        let error = try await connectError("ldap://127.0.0.1:\(server.port)", .startTLS)
        #expect(
            error.description == "startTLS failed: the server refused StartTLS (unsupported extended operation); "
                + "it may not have TLS configured: use ldaps:// or configure TLS on the server")
        #expect(error.connectFailure == .startTLSRefused)
        #expect(error.code == .protocolError)
        #expect(error.reason == .tls && !error.isTransient)
    }

    @Test(arguments: [TLSMode.ldaps, .startTLS])
    func certificateFromAnotherCANamesTheCAFileAndTheIssuer(mode: TLSMode) async throws {
        let server = try await MinimalSlapd(certificate: try await TestCertificate.issue(commonName: "127.0.0.1", subjectAltName: "IP:127.0.0.1"))
        defer { server.stop() }
        let error = try await connectError(server.uri(mode), mode, caFile: TestDirectory.wrongCAFile)
        #expect(
            error.description == "\(mode == .ldaps ? "connect" : "startTLS") failed: the server's TLS certificate is not trusted "
                + "by the CA file \"\(TestDirectory.wrongCAFile)\": the certificate issuer is unknown (issued by \"\(Self.devCA)\")")
        #expect(error.connectFailure == .certificateNotTrusted)
        #expect(error.reason == .tls && !error.isTransient)
    }

    @Test func certificateTheSystemStoreDoesNotKnowNamesTheSystemStore() async throws {
        let server = try await MinimalSlapd(certificate: try await TestCertificate.issue(commonName: "127.0.0.1", subjectAltName: "IP:127.0.0.1"))
        defer { server.stop() }
        let error = try await connectError(server.uri(.ldaps), .ldaps, caFile: nil)
        #expect(
            error.description == "connect failed: the server's TLS certificate is not trusted by the system CA store: "
                + "the certificate issuer is unknown (issued by \"\(Self.devCA)\")")
    }

    @Test func expiredCertificateSaysUntilWhen() async throws {
        let certificate = try await TestCertificate.issue(
            commonName: "127.0.0.1", subjectAltName: "IP:127.0.0.1", validFrom: "20200101000000Z", validUntil: "20210101000000Z")
        let server = try await MinimalSlapd(certificate: certificate)
        defer { server.stop() }
        let error = try await connectError(server.uri(.ldaps), .ldaps)
        #expect(
            error.description == "connect failed: the server's TLS certificate is not trusted by the CA file "
                + "\"\(TestDirectory.caFile)\": the certificate has expired (valid until 2021-01-01 00:00:00 UTC)")
        #expect(error.connectFailure == .certificateNotTrusted)
    }

    @Test func certificateNotValidYetSaysFromWhen() async throws {
        let certificate = try await TestCertificate.issue(
            commonName: "127.0.0.1", subjectAltName: "IP:127.0.0.1", validFrom: "20990101000000Z", validUntil: "20991231235959Z")
        let server = try await MinimalSlapd(certificate: certificate)
        defer { server.stop() }
        let error = try await connectError(server.uri(.ldaps), .ldaps)
        #expect(
            error.description == "connect failed: the server's TLS certificate is not trusted by the CA file "
                + "\"\(TestDirectory.caFile)\": the certificate is not yet valid (valid from 2099-01-01 00:00:00 UTC)")
    }

    @Test func selfSignedCertificateSaysSo() async throws {
        let certificate = try await TestCertificate.issue(commonName: "127.0.0.1", subjectAltName: "IP:127.0.0.1", selfSigned: true)
        let server = try await MinimalSlapd(certificate: certificate)
        defer { server.stop() }
        let error = try await connectError(server.uri(.ldaps), .ldaps)
        #expect(
            error.description == "connect failed: the server's TLS certificate is not trusted by the CA file "
                + "\"\(TestDirectory.caFile)\": the certificate issuer is unknown (it is self-signed: \"CN=127.0.0.1\")")
    }

    @Test(arguments: [TLSMode.ldaps, .startTLS])
    func certificateForAnotherHostNamesBoth(mode: TLSMode) async throws {
        let certificate = try await TestCertificate.issue(commonName: "other.test", subjectAltName: "DNS:other.test,DNS:*.other.test")
        let server = try await MinimalSlapd(certificate: certificate)
        defer { server.stop() }
        let error = try await connectError(server.uri(mode), mode)
        #expect(
            error.description == "\(mode == .ldaps ? "connect" : "startTLS") failed: "
                + "the server's TLS certificate is for other.test, *.other.test, not 127.0.0.1")
        #expect(error.connectFailure == .hostNameMismatch)
        #expect(error.reason == .tls && !error.isTransient)
    }

    /// libldap checks this machine's own name, not `localhost`, when the URI says localhost: a
    /// certificate for localhost fails (the notes' "connect to 127.0.0.1, not localhost").
    @Test(.enabled(if: machineName().lowercased() != "localhost"))
    func localhostIsCheckedAsThisMachinesName() async throws {
        let certificate = try await TestCertificate.issue(commonName: "127.0.0.1", subjectAltName: "IP:127.0.0.1,DNS:localhost")
        let server = try await MinimalSlapd(certificate: certificate)
        defer { server.stop() }
        let error = try await connectError("ldaps://localhost:\(server.tlsPort)", .ldaps)
        #expect(
            error.description == "connect failed: the server's TLS certificate is for 127.0.0.1, localhost, "
                + "not \(machineName()) (for a URI with localhost, libldap checks this machine's name instead)")
        #expect(error.connectFailure == .hostNameMismatch)
        // The same server by address is fine.
        let connection = try await LDAPConnection.connect(options(server.uri(.ldaps), .ldaps))
        await connection.close()
    }

    @Test func ldapsToAPlainLDAPPortCannotNegotiateTLS() async throws {
        let server = try await MinimalSlapd()
        defer { server.stop() }
        let error = try await connectError("ldaps://127.0.0.1:\(server.port)", .ldaps)
        #expect(
            error.description == "connect failed: TLS could not be negotiated with 127.0.0.1:\(server.port): "
                + "the server closed the connection during the TLS handshake (it may not speak TLS on this port)")
        #expect(error.connectFailure == .tlsNotNegotiated)
    }

    @Test func startTLSToAnLDAPSPortGetsTheConnectionClosed() async throws {
        let server = try await MinimalSlapd(certificate: try await TestCertificate.issue(commonName: "127.0.0.1", subjectAltName: "IP:127.0.0.1"))
        defer { server.stop() }
        let error = try await connectError("ldap://127.0.0.1:\(server.tlsPort)", .startTLS)
        #expect(
            error.description == "startTLS failed: TLS could not be negotiated with 127.0.0.1:\(server.tlsPort): "
                + "the server closed the connection instead of answering StartTLS")
        #expect(error.connectFailure == .tlsNotNegotiated)
    }

    @Test(arguments: [TLSMode.ldaps, .startTLS])
    func serverThatAcceptsAndNeverAnswersTimesOut(mode: TLSMode) async throws {
        let listener = try SilentListener(.acceptsAndStaysSilent)
        let uri = "\(mode == .ldaps ? "ldaps" : "ldap")://127.0.0.1:\(listener.port)"
        let clock = ContinuousClock()
        let started = clock.now
        let error = try await connectError(uri, mode, timeoutMilliseconds: 1000)
        #expect(
            error.description == "\(mode == .ldaps ? "connect" : "startTLS") failed: "
                + "no answer from 127.0.0.1:\(listener.port) within 1000 ms")
        #expect(error.connectFailure == .timedOut && error.isTransient)
        // Bounded (it used to spin forever); the exact time is the benchmarks' business.
        #expect(clock.now - started < .seconds(60))
    }

    @Test func tlsHandshakeAfterStartTLSThatNeverAnswersTimesOut() async throws {
        let server = try StartTLSThenSilence()
        defer { server.stop() }
        let error = try await connectError("ldap://127.0.0.1:\(server.port)", .startTLS, timeoutMilliseconds: 1000)
        #expect(error.description == "startTLS failed: no answer from 127.0.0.1:\(server.port) within 1000 ms")
        #expect(error.connectFailure == .timedOut && error.isTransient)
    }

    @Test(arguments: [TLSMode.none, .ldaps])
    func tcpConnectionThatIsNeverAnsweredTimesOut(mode: TLSMode) async throws {
        let listener = try SilentListener(.backlogFull)
        let uri = "\(mode == .ldaps ? "ldaps" : "ldap")://127.0.0.1:\(listener.port)"
        let error = try await connectError(uri, mode, timeoutMilliseconds: 1000)
        #expect(error.description == "connect failed: no answer from 127.0.0.1:\(listener.port) within 1000 ms")
        #expect(error.connectFailure == .timedOut)
    }

    @Test(arguments: [TLSMode.none, .startTLS, .ldaps])
    func closedPortIsARefusedConnection(mode: TLSMode) async throws {
        let port = freePortPair()
        let error = try await connectError("\(mode == .ldaps ? "ldaps" : "ldap")://127.0.0.1:\(port)", mode)
        #expect(error.description == "connect failed: connection refused by 127.0.0.1:\(port) (nothing listens there)")
        #expect(error.connectFailure == .connectionRefused && error.isTransient)
    }

    @Test(arguments: [TLSMode.none, .startTLS, .ldaps])
    func nameThatDoesNotResolveSaysSo(mode: TLSMode) async throws {
        let error = try await connectError("\(mode == .ldaps ? "ldaps" : "ldap")://nonexistent.invalid", mode)
        #expect(error.description == "connect failed: host name nonexistent.invalid does not resolve")
        #expect(error.connectFailure == .hostNotFound)
    }

    /// The error `LDAPConnection.connect` throws; fails the test if it connects.
    private func connectError(
        _ uri: String, _ mode: TLSMode, caFile: String? = TestDirectory.caFile, timeoutMilliseconds: Int = 5000
    ) async throws -> LDAPError {
        do {
            let connection = try await LDAPConnection.connect(options(uri, mode, caFile: caFile, timeoutMilliseconds: timeoutMilliseconds))
            await connection.close()
        } catch let error as LDAPError {
            return error
        }
        Issue.record("\(uri) (\(mode)) connected")
        throw DirectoryScriptError(message: "\(uri) connected")
    }

    private func options(
        _ uri: String, _ mode: TLSMode, caFile: String? = TestDirectory.caFile, timeoutMilliseconds: Int = 5000
    ) -> LDAPConnectionOptions {
        LDAPConnectionOptions(uri: uri, tls: mode, caFile: caFile, connectTimeoutMilliseconds: timeoutMilliseconds)
    }
}

extension MinimalSlapd {
    /// The URI of this server for `mode`: ldaps:// on the TLS port, otherwise ldap://.
    func uri(_ mode: TLSMode) -> String {
        mode == .ldaps ? "ldaps://127.0.0.1:\(tlsPort)" : "ldap://127.0.0.1:\(port)"
    }
}

/// This machine's fully qualified name, found the way libldap finds it.
func machineName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    gethostname(&buffer, buffer.count - 1)
    let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var hints = addrinfo()
    hints.ai_flags = AI_CANONNAME
    var list: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return name }
    defer { freeaddrinfo(list) }
    return first.pointee.ai_canonname.map { String(cString: $0) } ?? name
}
