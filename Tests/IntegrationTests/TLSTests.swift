import LDAPClient
import Testing

/// TLS against the real servers: ldaps and StartTLS with the dev CA, and a wrong CA refused.
@Suite struct TLSTests {
    @Test(arguments: [
        (TestDirectory.source, TLSMode.ldaps), (TestDirectory.source, .startTLS),
        (TestDirectory.target, .ldaps), (TestDirectory.samba, .ldaps), (TestDirectory.samba, .startTLS),
    ])
    func bindsOverTLSWithTheCA(directory: TestDirectory, mode: TLSMode) async throws {
        let connection = try await directory.service(tls: mode)
        try await directory.expectBoundAsService(connection)
    }

    @Test(arguments: [(TestDirectory.source, TLSMode.ldaps), (TestDirectory.source, .startTLS), (TestDirectory.samba, .ldaps)])
    func wrongCAIsATLSErrorNotServerDown(directory: TestDirectory, mode: TLSMode) async throws {
        let options = directory.options(tls: mode, caFile: TestDirectory.wrongCAFile)
        let error = await #expect(throws: LDAPError.self) { _ = try await LDAPConnection.connect(options) }
        #expect(error?.reason == .tls)
        #expect(error?.isTransient == false)
        #expect(error?.description.contains("TLS") == true)
        #expect(error?.description.contains(TestDirectory.wrongCAFile) == true)
    }

    @Test func missingCAFileIsNamed() async throws {
        let options = TestDirectory.source.options(tls: .ldaps, caFile: "/nonexistent/ca.pem")
        let error = await #expect(throws: LDAPError.self) { _ = try await LDAPConnection.connect(options) }
        #expect(error?.reason == .tls)
        #expect(error?.diagnostic.contains("/nonexistent/ca.pem") == true)
    }

    @Test func ldapsWithoutVerificationStillNeedsNoCA() async throws {
        var options = TestDirectory.source.options(tls: .ldaps, caFile: nil)
        options.verifyCertificate = false
        let connection = try await LDAPConnection.connect(options)
        try await connection.bind(TestDirectory.source.serviceDN, password: TestDirectory.source.servicePassword)
        #expect(try await connection.whoAmI().contains("svc-sync"))
    }
}
