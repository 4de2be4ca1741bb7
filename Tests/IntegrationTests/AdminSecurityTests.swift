import Foundation
import Testing

/// The admin API's one guard (issue 13): no spelling of a path, no header trick and no web page
/// reaches a handler without the admin token; off the loopback only over HTTPS.
@Suite struct AdminSecurityTests {
    /// Paths that the router may well map onto an API route (or the console/metrics): only a
    /// valid token gets past the guard, whatever the spelling.
    static let spellings = [
        "/api/connectors", "//api/connectors", "///api/connectors", "/./api/connectors", "/api/../api/connectors",
        "/%61pi/connectors", "/API/connectors", "/api/connectors/", "/api//connectors", "/metrics/../api/connectors",
        "/api/./connectors", "//metrics", "/metrics/", "/%6detrics", "/api", "/api/no-such-route", "//",
    ]

    @Test func noSpellingOfAPathPassesWithoutTheToken() async throws {
        let fixture = try await SyncFixture(name: "guard", settings: ["schedule": "{ enabled: false, passwordSync: off }"])
        defer { fixture.remove() }
        let port = freePortPair()
        let base = "http://127.0.0.1:\(port)"
        let service = try await RunningService(fixture: fixture, arguments: ["--listen", "127.0.0.1:\(port)"], ready: base + "/metrics")
        let token = try String(contentsOfFile: fixture.configuration.statePath + "/admin.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let bearer = ("Authorization", "Bearer \(token)")
        let refusals: [[(String, String)]] = [
            [], [("Authorization", "")], [("Authorization", "Bearer ")], [("Authorization", "Bearer \(token.dropLast())x")],
            [bearer, bearer], [bearer, ("Authorization", "Bearer wrong")], [("Authorization", "Basic \(token)")],
            [("Authorization", "Bearer  \(token)")], [("Cookie", "token=\(token)")], [("X-Api-Token", token)],
        ]
        for path in Self.spellings {
            for headers in refusals {
                let response = try await RawHTTP.send(port: port, path: path, headers: headers)
                #expect(response.status == 401, "GET \(path) with \(headers.map(\.0)): \(response.status) \(response.body)")
                #expect(!response.body.contains("contoso.com"), "GET \(path) leaked the connectors")
            }
            let query = try await RawHTTP.send(port: port, path: path + "?token=\(token)&access_token=\(token)")
            #expect(query.status == 401, "GET \(path)?token=: \(query.status)")
            // With the token: whatever the router makes of the spelling, never 401.
            let allowed = try await RawHTTP.send(port: port, path: path, headers: [bearer])
            #expect(allowed.status != 401, "GET \(path) with the token: \(allowed.status)")
        }
        // The two public routes, spelled exactly, need no token.
        #expect(try await Curl.request(base + "/").body.contains("Synchronization Service Manager"))
        #expect(try await Curl.request(base + "/metrics").status == 200)
        #expect(try await Curl.request(base + "/metrics", method: "POST", headers: [("Content-Type", "application/json")]).status == 401)

        // State-changing requests without the token, in every spelling: nothing happens.
        let runsBefore = try await fixture.store.read { try $0.runs(connector: nil, limit: 1).first?.id ?? 0 }
        let json = ("Content-Type", "application/json")
        for path in ["/api/cycle", "//api/cycle", "/./api/cycle", "/%61pi/cycle", "/API/cycle", "/api/cycle/", "/api/../api/cycle"] {
            #expect(try await RawHTTP.send(port: port, method: "POST", path: path, headers: [json]).status == 401, "POST \(path)")
        }
        for path in ["/api/connectors/contoso.com/password", "//api/connectors/contoso.com/password", "/%61pi/connectors/contoso.com/password"] {
            let response = try await RawHTTP.send(
                port: port, method: "POST", path: path, headers: [json], body: #"{"password":"Evil-1","verify":false}"#)
            #expect(response.status == 401, "POST \(path): \(response.status)")
        }
        try await Task.sleep(for: .seconds(1))
        #expect(try await fixture.events(6200).isEmpty, "a password was set without the token")
        #expect(try fixture.credentials.password(for: "contoso.com")?.password == fixture.source.directory.servicePassword)
        #expect(try await fixture.store.read { try $0.runs(connector: nil, limit: 1).first?.id ?? 0 } == runsBefore, "a cycle ran without the token")
        #expect(await service.stop() == 0)
    }

    @Test func browsersAndOtherSitesCannotDriveTheAPI() async throws {
        let fixture = try await SyncFixture(name: "csrf", settings: ["schedule": "{ enabled: false, passwordSync: off }"])
        defer { fixture.remove() }
        let port = freePortPair()
        let base = "http://127.0.0.1:\(port)"
        let service = try await RunningService(fixture: fixture, arguments: ["--listen", "127.0.0.1:\(port)"], ready: base + "/metrics")
        let token = try String(contentsOfFile: fixture.configuration.statePath + "/admin.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let bearer = ("Authorization", "Bearer \(token)")
        let runsBefore = try await fixture.store.read { try $0.runs(connector: nil, limit: 1).first?.id ?? 0 }
        // A cross-site form or fetch can send text/plain, form data or multipart without a preflight.
        for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", ""] {
            let response = try await Curl.request(base + "/api/cycle", method: "POST", headers: [bearer, ("Content-Type", type)], body: "{}")
            #expect(response.status == 415, "Content-Type \(type): \(response.status)")
        }
        let foreign = try await Curl.request(
            base + "/api/cycle", method: "POST",
            headers: [bearer, ("Content-Type", "application/json"), ("Origin", "http://evil.example")])
        #expect(foreign.status == 403 && foreign.body.contains("cross-origin"), "\(foreign.status) \(foreign.body)")
        #expect(try await Curl.request(base + "/api/runs", headers: [bearer, ("Origin", "null")]).status == 403)
        // DNS rebinding: a name that resolves to 127.0.0.1 but is not the service's.
        let rebound = try await Curl.request(
            "http://rebind.example:\(port)/api/connectors", headers: [bearer], resolve: "rebind.example:\(port):127.0.0.1")
        #expect(rebound.status == 421, "\(rebound.status) \(rebound.body)")
        #expect(try await Curl.request("http://rebind.example:\(port)/", resolve: "rebind.example:\(port):127.0.0.1").status == 421)
        #expect(try await fixture.store.read { try $0.runs(connector: nil, limit: 1).first?.id ?? 0 } == runsBefore)
        // The service's own origin and names are fine.
        let own = try await Curl.request(
            base + "/api/cycle", method: "POST",
            headers: [bearer, ("Content-Type", "application/json; charset=utf-8"), ("Origin", base)])
        #expect(own.status == 202, "\(own.status) \(own.body)")
        #expect(try await Curl.request("http://localhost:\(port)/api/runs", headers: [bearer]).status == 200)
        #expect(await service.stop() == 0)
    }

    @Test func offTheLoopbackTheServiceNeedsTLS() async throws {
        let fixture = try await SyncFixture(name: "tls-api", settings: ["schedule": "{ enabled: false, passwordSync: off }"])
        defer { fixture.remove() }
        let port = freePortPair()
        for listen in ["10.11.12.13:\(port)", "0.0.0.0:\(port)", "[::]:\(port)", "sync.example.com:\(port)"] {
            let refused = try await CommandLine.run(["service", "--listen", listen], config: fixture.configPath)
            #expect(refused.code == 2, "\(listen): \(refused.stdout)\(refused.stderr)")
            #expect(refused.stderr.contains("--tls-cert"), "\(listen): \(refused.stderr)")
        }
        let ca = TestDirectory.caFile
        let caKey = (ca as NSString).deletingLastPathComponent + "/ca.key"
        let cert = try await ThrowawayCertificate.make(name: "sync.test", caFile: ca, caKey: caKey, folder: fixture.stateDirectory)
        let wildcard = try await CommandLine.run(
            ["service", "--listen", "0.0.0.0:\(port)", "--tls-cert", cert.certificate, "--tls-key", cert.key],
            config: fixture.configPath)
        #expect(wildcard.code == 2 && wildcard.stderr.contains("--host-name"), "\(wildcard.stderr)")
        chmod(cert.key, 0o644)
        let leakyKey = try await CommandLine.run(
            ["service", "--listen", "127.0.0.1:\(port)", "--tls-cert", cert.certificate, "--tls-key", cert.key],
            config: fixture.configPath)
        #expect(leakyKey.code == 2 && leakyKey.stderr.contains("chmod 600"), "\(leakyKey.stderr)")
        chmod(cert.key, 0o600)

        // HTTPS on every address, reached by its name: the console and the API work, the token is still needed.
        let url = "https://sync.test:\(port)"
        let resolve = "sync.test:\(port):127.0.0.1"
        let service = try await RunningService(
            fixture: fixture,
            arguments: ["--listen", "0.0.0.0:\(port)", "--tls-cert", cert.certificate, "--tls-key", cert.key, "--host-name", "sync.test"],
            ready: url + "/metrics", caFile: ca, resolve: resolve)
        let token = try String(contentsOfFile: fixture.configuration.statePath + "/admin.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await Curl.request(url + "/", caFile: ca, resolve: resolve).body.contains("Synchronization Service Manager"))
        #expect(try await Curl.request(url + "/api/connectors", caFile: ca, resolve: resolve).status == 401)
        #expect(try await Curl.request(url + "//api/connectors", caFile: ca, resolve: resolve).status == 401)
        let connectors = try await Curl.request(
            url + "/api/connectors", headers: [("Authorization", "Bearer \(token)")], caFile: ca, resolve: resolve)
        #expect(connectors.status == 200 && connectors.body.contains("contoso.com"))
        // Another name for the same address (rebinding), and plain HTTP, get nothing.
        let rebound = try await Curl.request(
            url + "/api/connectors", headers: [("Authorization", "Bearer \(token)"), ("Host", "127.0.0.1:\(port)")],
            caFile: ca, resolve: resolve)
        #expect(rebound.status == 421, "\(rebound.status) \(rebound.body)")
        let plain = try? await Curl.request("http://sync.test:\(port)/metrics", resolve: resolve)
        #expect(plain.map { $0.status != 200 } ?? true, "plain HTTP was answered on the HTTPS port")
        // The command line still reaches the service (through the state folder's socket).
        let cycle = try await CommandLine.run(["run", "contoso.com", "full-import"], config: fixture.configPath)
        #expect(cycle.code == 0 && cycle.stderr.contains("through the running service"), "\(cycle.stdout)\(cycle.stderr)")
        #expect(await service.stop() == 0)
    }
}

/// A server certificate for `name` signed by the test CA, with its key (0600), in `folder`.
struct ThrowawayCertificate {
    let certificate: String
    let key: String

    static func make(name: String, caFile: String, caKey: String, folder: String) async throws -> ThrowawayCertificate {
        let certificate = folder + "/\(name).pem"
        let key = folder + "/\(name).key"
        let script = """
            set -e
            umask 077
            openssl req -new -newkey rsa:2048 -nodes -keyout '\(key)' -out '\(folder)/\(name).csr' -subj '/CN=\(name)' 2>/dev/null
            printf 'subjectAltName=DNS:\(name)\\nextendedKeyUsage=serverAuth\\n' > '\(folder)/\(name).ext'
            openssl x509 -req -in '\(folder)/\(name).csr' -CA '\(caFile)' -CAkey '\(caKey)' -CAcreateserial -CAserial '\(folder)/ca.srl' \
                -days 2 -sha256 -extfile '\(folder)/\(name).ext' -out '\(certificate)' 2>/dev/null
            """
        let log = folder + "/\(name)-openssl.log"
        let pid = try spawn("/bin/bash", ["-c", script], environment: ["PATH": "/usr/bin:/bin"], stdin: "/dev/null", stdout: log, stderr: nil)
        guard await exitStatus(of: pid) == 0 else {
            throw CurlError(message: "openssl: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }
        return ThrowawayCertificate(certificate: certificate, key: key)
    }
}
