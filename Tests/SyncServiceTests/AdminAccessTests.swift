import HTTPTypes
import Hummingbird
import SyncService
import Testing

/// The admin API's guard as a pure decision: every request is decided on the path exactly as
/// sent, so no spelling reaches a route without the token.
@Suite struct AdminAccessTests {
    let token = AdminToken(value: String(repeating: "ab", count: 32))
    var loopback: AdminAccess {
        AdminListener(address: .tcp(host: "127.0.0.1", port: 8787)).access(token: token)
    }

    private func fields(_ pairs: [(HTTPField.Name, String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in pairs { fields.append(HTTPField(name: name, value: value)) }
        return fields
    }

    @Test(arguments: [
        "/api/connectors", "//api/connectors", "/./api/connectors", "/%61pi/connectors", "/API/connectors",
        "/api/connectors/", "/metrics/", "//metrics", "/metrics/../api/runs", "", "/?", "//",
    ])
    func everyOtherPathNeedsTheToken(path: String) {
        let refusal = loopback.check(method: .get, path: path, authority: "127.0.0.1:8787", headers: [:])
        #expect(refusal?.status == .unauthorized)
        let bearer = fields([(.authorization, "Bearer \(token.value)")])
        #expect(loopback.check(method: .get, path: path, authority: "127.0.0.1:8787", headers: bearer) == nil)
    }

    @Test func onlyTheExactPublicRoutesAreOpenAndOnlyForReading() {
        for path in ["/", "/metrics"] {
            #expect(loopback.check(method: .get, path: path, authority: "127.0.0.1:8787", headers: [:]) == nil)
            #expect(loopback.check(method: .head, path: path, authority: "localhost:8787", headers: [:]) == nil)
            #expect(loopback.check(method: .post, path: path, authority: "127.0.0.1:8787", headers: [:])?.status == .unauthorized)
        }
    }

    @Test func theTokenComesFromOneAuthorizationHeaderOnly() {
        let good = "Bearer \(token.value)"
        for headers in [
            [(HTTPField.Name.authorization, "")], [(.authorization, good), (.authorization, good)],
            [(.authorization, "Basic \(token.value)")], [(.authorization, "Bearer")], [(.cookie, "token=\(token.value)")],
        ] {
            #expect(loopback.check(method: .get, path: "/api/runs", authority: "127.0.0.1:8787", headers: fields(headers))?.status == .unauthorized)
        }
        #expect(
            loopback.check(method: .get, path: "/api/runs", authority: "127.0.0.1:8787", headers: fields([(.authorization, "bearer \(token.value)")]))
                == nil)
    }

    @Test func stateChangesNeedJSONAndTheServicesOwnHostAndOrigin() {
        let bearer = (HTTPField.Name.authorization, "Bearer \(token.value)")
        #expect(
            loopback.check(method: .post, path: "/api/cycle", authority: "127.0.0.1:8787", headers: fields([bearer]))?.status == .unsupportedMediaType
        )
        #expect(
            loopback.check(
                method: .post, path: "/api/cycle", authority: "127.0.0.1:8787",
                headers: fields([bearer, (.contentType, "text/plain")]))?.status == .unsupportedMediaType)
        #expect(
            loopback.check(
                method: .post, path: "/api/cycle", authority: "127.0.0.1:8787",
                headers: fields([bearer, (.contentType, "application/json; charset=utf-8")])) == nil)
        #expect(
            loopback.check(method: .get, path: "/api/runs", authority: "evil.example:8787", headers: fields([bearer]))?.status == .misdirectedRequest)
        #expect(loopback.check(method: .get, path: "/", authority: nil, headers: [:])?.status == .misdirectedRequest)
        #expect(
            loopback.check(
                method: .get, path: "/api/runs", authority: "127.0.0.1:8787",
                headers: fields([bearer, (.origin, "http://evil.example")]))?.status == .forbidden)
        #expect(
            loopback.check(
                method: .get, path: "/api/runs", authority: "localhost:8787",
                headers: fields([bearer, (.origin, "http://localhost:8787")])) == nil)
    }

    /// With the token, a method the route does not take is 405 with `Allow` (before the JSON
    /// rule: a TRACE or a bodiless PUT is not a 415); without it, still 401.
    @Test func aMethodTheRouteDoesNotTakeIs405WithAllow() {
        var access = loopback
        access.routes = AdminRoutes([(.get, "/api/runs"), (.post, "/api/runs"), (.get, "/api/runs/:id"), (.post, "/api/flush")])
        let bearer = fields([(.authorization, "Bearer \(token.value)")])
        for (method, path, allow) in [
            (HTTPRequest.Method.trace, "/api/runs", "GET, HEAD, POST"), (.put, "/api/runs/7", "GET, HEAD"), (.post, "/api/runs/%C3%93", "GET, HEAD"),
            (.get, "/api/flush", "POST"), (.delete, "/api/flush", "POST"),
        ] {
            let refusal = access.check(method: method, path: path, authority: "127.0.0.1:8787", headers: bearer)
            #expect(refusal?.status == .methodNotAllowed && refusal?.allow == allow, "\(method) \(path): \(String(describing: refusal))")
            #expect(access.check(method: method, path: path, authority: "127.0.0.1:8787", headers: [:])?.status == .unauthorized)
        }
        #expect(access.check(method: .head, path: "/api/runs/7", authority: "127.0.0.1:8787", headers: bearer) == nil)
        #expect(access.check(method: .post, path: "/api/flush", authority: "127.0.0.1:8787", headers: bearer)?.status == .unsupportedMediaType)
        // Paths no route names go on to the router (404), as before.
        for path in ["/api/runs/", "/api/runs/7/x", "/api/nope", "//api/runs"] {
            #expect(access.check(method: .get, path: path, authority: "127.0.0.1:8787", headers: bearer) == nil, "\(path)")
        }
    }

    @Test func listenersOffTheLoopbackNeedTLSAndNames() throws {
        #expect(throws: AdminListenerError.self) {
            try AdminListener(address: .tcp(host: "10.0.0.1", port: 8787)).validate(allowPlaintextOffLoopback: false)
        }
        try AdminListener(address: .tcp(host: "10.0.0.1", port: 8787)).validate(allowPlaintextOffLoopback: true)
        #expect(throws: AdminListenerError.self) {
            try AdminListener(address: .tcp(host: "0.0.0.0", port: 8787)).validate(allowPlaintextOffLoopback: true)
        }
        #expect(AdminListener.isLoopback("127.0.0.53") && AdminListener.isLoopback("::1") && !AdminListener.isLoopback("127.example.com"))
        let https = AdminListener(address: .tcp(host: "0.0.0.0", port: 443), tls: .init(certificate: "c", key: "k"), hostNames: ["Sync.Contoso.com"])
            .access(token: token)
        #expect(https.allowedHosts == ["sync.contoso.com", "sync.contoso.com:443"])
        #expect(https.allowedOrigins == ["https://sync.contoso.com", "https://sync.contoso.com:443"])
    }
}
