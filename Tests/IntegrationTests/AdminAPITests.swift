import Foundation
import Testing

/// The service's admin API and metrics (`ldapsync service --listen`): the token guards every
/// `/api/` route, `/metrics` tells what the runs did.
@Suite struct AdminAPITests {
    private func get(_ url: String, token: String? = nil, method: String = "GET", body: String = "") async throws -> (status: Int, body: String) {
        let parts = url.dropFirst("http://127.0.0.1:".count)
        let slash = parts.firstIndex(of: "/") ?? parts.endIndex
        var headers = token.map { ["Authorization": "Bearer \($0)"] } ?? [:]
        if method == "POST" { headers["Content-Type"] = "application/json" }
        let response = try await HTTP.request(
            port: Int(parts[..<slash])!, method: method, path: String(parts[slash...]), headers: headers, body: body)
        return (response.status, response.body)
    }

    @Test func theTokenGuardsEveryAPIRouteAndMetricsDescribeTheRuns() async throws {
        let fixture = try await SyncFixture(name: "api")
        defer { fixture.remove() }
        let port = freePortPair()
        let base = "http://127.0.0.1:\(port)"
        let log = fixture.stateDirectory + "/service.log"
        let pid = try CommandLine.start(["service", "--interval", "1h", "--listen", "127.0.0.1:\(port)"], config: fixture.configPath, log: log)
        var reaped = false
        defer {
            if !reaped {
                kill(pid, SIGKILL)
                _ = wait(for: pid)
            }
        }
        let clock = ContinuousClock()
        var deadline = clock.now + .seconds(120)
        // The initial cycle's export has finished (and its confirming import, the cycle's last run).
        while clock.now < deadline,
            try await fixture.store.read({ try $0.runs(connector: "cloud", limit: 20) })
                .first(where: { $0.profile == .deltaImport && $0.status != .inProgress }) == nil
        {
            try await Task.sleep(for: .milliseconds(200))
        }
        let tokenPath = fixture.configuration.statePath + "/admin.token"
        let mode = try FileManager.default.attributesOfItem(atPath: tokenPath)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let token = try String(contentsOfFile: tokenPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)

        // Without the token (or with a wrong one), every /api/ route is 401, known or not.
        for path in ["/api/runs", "/api/events?id=6000", "/api/connectors", "/api/no-such-route", "/api"] {
            #expect(try await get(base + path).status == 401, "\(path)")
            #expect(try await get(base + path, token: String(token.reversed())).status == 401, "\(path)")
        }
        #expect(try await get(base + "/api/cycle", method: "POST").status == 401)

        // With it: the run history, the connectors (never a password) and events as JSON.
        let runs = try await get(base + "/api/runs?last=50", token: token)
        #expect(runs.status == 200)
        #expect(runs.body.contains("\"profile\" : \"export\""))
        let connectors = try await get(base + "/api/connectors", token: token)
        #expect(connectors.status == 200)
        #expect(connectors.body.contains("\"passwordSet\" : true"))
        #expect(!connectors.body.contains(fixture.target.directory.servicePassword.unsafeText))
        #expect(try await get(base + "/api/no-such-route", token: token).status == 404)

        // /metrics: Prometheus text about the runs.
        let metrics = try await get(base + "/metrics")
        #expect(metrics.status == 200)
        var samples: [String: Double] = [:]
        for line in metrics.body.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                Issue.record("not a Prometheus sample: \(line)")
                continue
            }
            samples[String(line[..<space])] = value
        }
        // (Values looked up first: Swift Testing's #expect crashed on these subscripts inline.)
        let exportAdds = samples[#"ldapsync_run_objects{connector="cloud",kind="adds",profile="export"}"#] ?? -1
        let lastSuccess = samples[#"ldapsync_last_success_timestamp_seconds{connector="cloud"}"#] ?? 0
        let rejected = samples[#"ldapsync_credential_rejected{connector="contoso.com"}"#] ?? -1
        let pendingAdds = samples[#"ldapsync_pending_exports{connector="cloud",operation="add"}"#] ?? -1
        let exported =
            try await fixture.store.read { try $0.runs(connector: "cloud", limit: 20) }.first { $0.profile == .export }?.counters.adds ?? -2
        #expect(exportAdds == Double(exported), "\(metrics.body)")
        #expect(exported > 1000)
        #expect(lastSuccess > Date().timeIntervalSince1970 - 600)
        #expect(rejected == 0)
        #expect(pendingAdds == 0)

        // Simulate and undo, read only: the service's own configuration changes nothing; a
        // candidate that does not parse is a 400 naming the line; an export run's undo preview.
        let simulated = try await get(base + "/api/simulate", token: token, method: "POST", body: #"{"ldif": true}"#)
        #expect(simulated.status == 200 && simulated.body.contains(#""adds" : 0"#), "\(simulated.body)")
        let broken = try await get(base + "/api/simulate", token: token, method: "POST", body: #"{"candidate": "connectors: [\n  - name: x"}"#)
        #expect(broken.status == 400 && broken.body.contains("candidate"), "\(broken.body)")
        let exportRun = try #require(try await fixture.store.read { try $0.runs(connector: "cloud", limit: 20) }.first { $0.profile == .export })
        let undo = try await get(base + "/api/runs/\(exportRun.id)/undo", token: token)
        #expect(undo.status == 200 && undo.body.contains(#""removals" : \#(exported)"#), "\(undo.body.prefix(300))")
        let bogus = try await get(base + "/api/runs/\(exportRun.id)/undo", token: token, method: "POST", body: #"{"action": "bogus"}"#)
        #expect(bogus.status == 400, "\(bogus.body)")
        #expect(try await get(base + "/api/runs/\(exportRun.id)/undo").status == 401)

        // POST /api/cycle starts a cycle now (the next scheduled one is an hour away).
        let before = try await fixture.store.read { try $0.runs(connector: nil, limit: 1).first?.id ?? 0 }
        #expect(try await get(base + "/api/cycle", token: token, method: "POST").status == 202)
        deadline = clock.now + .seconds(60)
        while clock.now < deadline, try await fixture.store.read({ try $0.runs(connector: nil, limit: 1).first?.id ?? 0 }) == before {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(try await fixture.store.read { try $0.runs(connector: nil, limit: 1).first?.id ?? 0 } > before)

        // While the service runs, the command line goes through it: runs queue behind its own,
        // and a new password or a reset is followed by the service's own flush.
        let cycle = try await CommandLine.run(["cycle"], config: fixture.configPath)
        #expect(cycle.code == 0, "\(cycle.stdout)\(cycle.stderr)")
        #expect(cycle.stderr.contains("through the running service (pid \(pid))"))
        #expect(cycle.stdout.contains("cloud export:"))
        let run = try await CommandLine.run(["run", "contoso.com", "delta-import"], config: fixture.configPath)
        #expect(run.code == 0 && run.stderr.contains("through the running service"), "\(run.stdout)\(run.stderr)")
        let flushes = try await fixture.events(6201).count
        let set = try await CommandLine.run(
            ["connector", "set-password", "contoso.com", "--password-stdin"], config: fixture.configPath,
            input: fixture.source.directory.servicePassword.unsafeText)
        #expect(set.code == 0, "\(set.stdout)\(set.stderr)")
        #expect(set.stdout.contains("verified and stored"))
        #expect(try await fixture.events(6201).count == flushes + 1)
        let wrong = try await CommandLine.run(
            ["connector", "set-password", "contoso.com", "--password-stdin"], config: fixture.configPath, input: "Not-It-1")
        #expect(wrong.code == 3 && wrong.stderr.contains("was not changed"), "\(wrong.stdout)\(wrong.stderr)")
        let reset = try await CommandLine.run(
            ["service-account", "reset", "cloud", "--admin-dn", fixture.target.directory.adminDN, "--admin-password-stdin"],
            config: fixture.configPath, input: fixture.target.directory.adminPassword.unsafeText)
        #expect(reset.code == 0, "\(reset.stdout)\(reset.stderr)")
        #expect(reset.stdout.contains("pooled connection(s) closed"), "\(reset.stdout)")
        let stored = try #require(try fixture.credentials.password(for: "cloud"))
        let check = try await fixture.target.directory.connect()
        try await check.bind(fixture.target.directory.serviceDN, password: stored.password)
        let after = try await CommandLine.run(["cycle"], config: fixture.configPath)
        #expect(after.code == 0, "\(after.stdout)\(after.stderr)")

        kill(pid, SIGTERM)
        let status = await exitStatus(of: pid)
        reaped = true
        #expect(status == 0)
        #expect(!FileManager.default.fileExists(atPath: fixture.configuration.statePath + "/service.sock"))
    }
}
