import Foundation
import LDAPClient
import SyncEngine
import Testing

/// The web console in a real browser (headless Chromium): the seed's recovery flow. The source's
/// service password is rotated in the directory, the service's run ends no-start-credentials;
/// the admin signs in to the console, sets the new password on the Connectors page, and the
/// next run succeeds in the same service process. Screenshots: .dev/test-output/console/.
@Suite struct ConsoleBrowserTests {
    @Test func setPasswordInTheConsoleAndTheNextRunSucceeds() async throws {
        let fixture = try await SyncFixture(name: "console")
        defer { fixture.remove() }
        let port = freePortPair()
        let service = try await RunningService(
            fixture: fixture, arguments: ["--interval", "1h", "--listen", "127.0.0.1:\(port)"], ready: "http://127.0.0.1:\(port)/metrics")
        func runs(_ connector: String) async throws -> [RunRecord] { try await fixture.store.read { try $0.runs(connector: connector, limit: 50) } }
        try await service.waitFor("the initial cycle") { try await runs("cloud").contains { $0.profile == .deltaImport && $0.status != .inProgress } }

        // The source's service password changes behind the engine's back; the next run fails.
        let admin = try await fixture.sourceAdmin()
        let newPassword = "Console-New-Pass-7"
        _ = try await admin.modifyPassword(userIdentity: fixture.source.directory.serviceDN, oldPassword: nil, newPassword: Password(newPassword))
        let token = try String(contentsOfFile: fixture.configuration.statePath + "/admin.token", encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(
            try await HTTP.request(
                port: port, method: "POST", path: "/api/cycle", headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
            ).status == 202)
        try await service.waitFor("no-start-credentials") { try await runs("contoso.com").contains { $0.status == .noStartCredentials } }

        // The admin sets the new password in the console, in Chromium.
        let passwordFile = fixture.stateDirectory + "/console.pw"
        try newPassword.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let screenshots = TestDirectory.repositoryRoot.appendingPathComponent(".dev/test-output/console").path
        try? FileManager.default.removeItem(atPath: screenshots)
        let script = TestDirectory.repositoryRoot.appendingPathComponent("scripts/console-check.py").path
        let output = fixture.stateDirectory + "/console.out"
        let driver = try spawn(
            "/usr/bin/python3",
            [
                script, "http://127.0.0.1:\(port)/", fixture.configuration.statePath + "/admin.token",
                "contoso.com", passwordFile, screenshots,
            ],
            environment: CommandLine.environment, stdin: "/dev/null", stdout: output, stderr: nil)
        let driverStatus = await exitStatus(of: driver)
        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        #expect(driverStatus == 0, "\(printed)")
        #expect(printed.contains("\"ok\": true"), "\(printed)")
        #expect(printed.contains("verified and stored"), "\(printed)")
        #expect(printed.contains("\"events6000\": true"), "the Events page filtered to 6000 shows the rejection: \(printed)")
        for shot in ["1-sign-in", "2-operations", "3-connectors", "4-password-set", "5-events-6000"] {
            let data = FileManager.default.contents(atPath: "\(screenshots)/\(shot).png") ?? Data()
            #expect(data.starts(with: [0x89, 0x50, 0x4e, 0x47]), "\(shot).png is a PNG")
            Attachment.record(data, named: "\(shot).png")
        }
        #expect(try await fixture.events(6200).contains { $0.message.contains("admin console") })
        #expect(try await fixture.events(6201).count >= 1)

        // The next run, in the same process (no restart), binds with the new password.
        let asked = Date()
        #expect(
            try await HTTP.request(
                port: port, method: "POST", path: "/api/cycle", headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
            ).status == 202)
        try await service.waitFor("a successful run after the console") {
            try await runs("contoso.com").contains { $0.startedAt > asked && $0.profile == .deltaImport && $0.status.isSuccessful }
        }
        let stored = try #require(try fixture.credentials.password(for: "contoso.com"))
        #expect(stored.password.unsafeText == newPassword)
        #expect(!printed.contains(newPassword) && !printed.contains(token))

        #expect(await service.stop() == 0)
    }

    /// The console as an admin's tool: health per connector and the run chart, an export run's
    /// page with its writes and its undo preview (nothing written), an object's explanation,
    /// and a simulation of a candidate configuration. Screenshots: .dev/test-output/console-tour/.
    @Test func theConsoleShowsHealthRunsExplainSimulateAndUndo() async throws {
        let fixture = try await SyncFixture(name: "tour")
        defer { fixture.remove() }
        let original = try String(contentsOfFile: fixture.configPath, encoding: .utf8)
        _ = try fixture.reconfigure(rules: SimulateUndoTests.narrowedScope)
        let candidate = fixture.stateDirectory + "/candidate.yaml"
        try FileManager.default.moveItem(atPath: fixture.configPath, toPath: candidate)
        try original.write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
        let port = freePortPair()
        let service = try await RunningService(
            fixture: fixture, arguments: ["--interval", "1h", "--listen", "127.0.0.1:\(port)"], ready: "http://127.0.0.1:\(port)/metrics")
        func exports() async throws -> [RunRecord] {
            try await fixture.store.read { try $0.runs(connector: "cloud", limit: 50) }.filter { $0.profile == .export }
        }
        try await service.waitFor("the initial cycle") { try await exports().contains { $0.status != .inProgress } }
        // Three people leave and two change: the next cycle's export is the one to undo.
        let source = try await fixture.sourceAdmin()
        for number in 301...303 { try await source.delete("uid=user0\(number),ou=people,dc=contoso,dc=com") }
        for number in 304...305 {
            try await source.modify("uid=user0\(number),ou=people,dc=contoso,dc=com", [Modification(.replace, "title", ["Tour Guide"])])
        }
        let token = try String(contentsOfFile: fixture.configuration.statePath + "/admin.token", encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(
            try await HTTP.request(
                port: port, method: "POST", path: "/api/cycle", headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
            ).status == 202)
        try await service.waitFor("the second export") {
            let runs = try await exports()
            return runs.count >= 2 && runs.allSatisfy { $0.status != .inProgress }
        }
        let export = try #require(try await exports().first)
        #expect(export.counters.deletes == 3, "\(export.counters)")

        let screenshots = TestDirectory.repositoryRoot.appendingPathComponent(".dev/test-output/console-tour").path
        try? FileManager.default.removeItem(atPath: screenshots)
        let script = TestDirectory.repositoryRoot.appendingPathComponent("scripts/console-tour.py").path
        let output = fixture.stateDirectory + "/tour.out"
        let driver = try spawn(
            "/usr/bin/python3",
            [
                script, "http://127.0.0.1:\(port)/", fixture.configuration.statePath + "/admin.token", "contoso.com",
                "uid=user0304,ou=people,dc=contoso,dc=com", candidate, screenshots,
            ],
            environment: CommandLine.environment, stdin: "/dev/null", stdout: output, stderr: fixture.stateDirectory + "/tour.err")
        let driverStatus = await exitStatus(of: driver)
        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: fixture.stateDirectory + "/tour.err", encoding: .utf8)) ?? ""
        #expect(driverStatus == 0, "\(printed)\(errors)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: Any], "\(printed)\(errors)")
        let health = seen["health"] as? String ?? ""
        #expect(health.contains("contoso.com") && health.contains("cloud") && health.contains("accepted"), "\(health)")
        #expect(health.contains("no guard tripped"), "\(health)")
        #expect((seen["bars"] as? Int ?? 0) == (seen["runRows"] as? Int ?? -1), "one bar per run: \(seen)")
        #expect((seen["runsTable"] as? String ?? "").contains(" s"), "durations: \(seen["runsTable"] ?? "")")
        let runPage = seen["runPage"] as? String ?? ""
        #expect(runPage.contains("Run \(export.id): export on cloud") && runPage.contains("Objects written"), "\(runPage)")
        #expect(runPage.contains("delete\tuid=user0301,ou=people,dc=cloud,dc=example"), "\(runPage)")
        let undo = seen["undo"] as? String ?? ""
        #expect(undo.contains("3 entries added back") && undo.contains("ldapsync undo \(export.id) --apply"), "\(undo)")
        #expect(undo.contains("dn: uid=user0301,ou=people,dc=cloud,dc=example"), "\(undo)")
        #expect(try await fixture.targetEntry("uid=user0301,ou=people,dc=cloud,dc=example") == nil, "the preview wrote nothing")
        let explanation = seen["explanation"] as? String ?? ""
        #expect(explanation.contains("synced cloud as uid=user0304,ou=people,dc=cloud,dc=example"), "\(explanation)")
        #expect(explanation.contains("title") && explanation.contains("Tour Guide"), "\(explanation)")
        let simulation = seen["simulation"] as? String ?? ""
        #expect(simulation.contains("10 deletes"), "\(simulation)")
        #expect(simulation.contains("uid=user0015,ou=people,dc=cloud,dc=example"), "\(simulation)")
        for shot in ["1-health-and-runs", "2-run-page", "3-undo-preview", "4-explain", "5-simulate"] {
            let data = FileManager.default.contents(atPath: "\(screenshots)/\(shot).png") ?? Data()
            #expect(data.starts(with: [0x89, 0x50, 0x4e, 0x47]), "\(shot).png is a PNG")
            Attachment.record(data, named: "\(shot).png")
        }

        #expect(await service.stop() == 0)
    }
}
