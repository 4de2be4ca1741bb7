import LDAPClient
import Testing

/// A server that goes away or stops answering, on a private slapd of the test's own.
@Suite(.serialized) struct ServerFailureTests {
    @Test func serverStoppedMidSearchIsTransientAndANewConnectionWorksAfterRestart() async throws {
        let server = try await PrivateDirectory(name: "down")
        defer { server.remove() }
        let admin = try await server.directory.admin()
        let ou = "ou=bulk,\(server.directory.base)"
        try await admin.add(ou, attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", ["bulk"])])
        let adds: [WriteRequest] = (0..<3000).map {
            .add(
                dn: "uid=u\($0),\(ou)",
                attributes: [
                    LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", ["u\($0)"]),
                    LDAPAttribute("cn", ["U \($0)"]), LDAPAttribute("sn", ["U"]),
                ])
        }
        _ = try await admin.writeAll(adds, window: 64)

        let reader = try await server.directory.service()
        var pages = 0
        let error = await #expect(throws: LDAPError.self) {
            for try await _ in reader.pagedSearch(SearchRequest(base: ou, scope: .oneLevel), pageSize: 100) {
                pages += 1
                if pages == 2 { try server.crash() }
            }
        }
        #expect(pages >= 2 && pages < 30, "read \(pages) pages of 30")
        #expect(error?.isTransient == true, "\(String(describing: error))")
        #expect(error?.isConnectionLost == true, "\(String(describing: error))")
        #expect(await reader.isOpen == false)

        try await server.start()
        let fresh = try await server.directory.service()
        let all = try await fresh.searchAll(SearchRequest(base: ou, scope: .oneLevel, attributes: ["1.1"]))
        #expect(all.count == 3000)
    }

    @Test func unansweredRequestTimesOutAndIsAbandoned() async throws {
        let server = try await PrivateDirectory(name: "frozen")
        defer { server.remove() }
        let options = server.directory.options(timeoutMilliseconds: 1500)
        let connection = try await LDAPConnection.connect(options)
        try await connection.bind(server.directory.serviceDN, password: server.directory.servicePassword)
        try server.freeze()
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: LDAPError.self) {
            _ = try await connection.searchAll(SearchRequest(base: server.directory.base))
        }
        #expect(error?.reason == .timedOut, "\(String(describing: error))")
        #expect(error?.isTransient == true, "\(String(describing: error))")
        #expect(clock.now - started < .seconds(10))
        try server.thaw()
        // The server answers again: a new connection works.
        let fresh = try await server.directory.service()
        try await server.directory.expectBoundAsService(fresh)
    }

    @Test func nothingListeningIsAConnectErrorNamingTheAddress() async throws {
        let options = LDAPConnectionOptions(uri: "ldap://127.0.0.1:9", connectTimeoutMilliseconds: 2000)
        let error = await #expect(throws: LDAPError.self) { _ = try await LDAPConnection.connect(options) }
        #expect(error?.isTransient == true)
        #expect(error?.reason == nil)
        #expect(error?.description.contains("127.0.0.1:9") == true)
    }
}
