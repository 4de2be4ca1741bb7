import Foundation
import LDAPClient
import SyncEngine
import Testing

/// `ldapsync service`: a new password takes effect without a restart, and connections bound
/// with the old one are closed at once.
@Suite struct ServiceTests {
    @Test func newPasswordTakesEffectWithoutRestartAndOldConnectionsAreFlushed() async throws {
        let fixture = try await SyncFixture(name: "service")
        defer { fixture.remove() }
        let svcDN = fixture.source.directory.serviceDN
        let log = fixture.stateDirectory + "/service.log"
        let pid = try CommandLine.start(["service", "--interval", "3s"], config: fixture.configPath, log: log)
        defer {
            kill(pid, SIGKILL)
            _ = wait(for: pid)  // SIGKILL: immediate
        }
        let admin = try await fixture.sourceAdmin()
        /// Source connections bound as the service account, by connection number (cn=monitor).
        func serviceConnections() async throws -> Set<String> {
            let entries = try await admin.searchAll(SearchRequest(base: "cn=Connections,cn=Monitor", filter: "(monitorConnectionAuthzDN=\(svcDN))", attributes: ["monitorConnectionNumber"]))
            return Set(entries.compactMap { $0.string("monitorConnectionNumber") })
        }
        func runs(_ connector: String) throws -> [RunRecord] { try fixture.store.read { try $0.runs(connector: connector, limit: 100) } }
        func waitFor(_ what: String, seconds: Int = 120, _ condition: () async throws -> Bool) async throws {
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(seconds)
            while clock.now < deadline {
                if try await condition() { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("timed out waiting for \(what); service log:\n\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
            throw CancellationError()
        }

        try await waitFor("the initial cycle") { try runs("cloud").contains { $0.profile == .export && $0.status == .success } }
        let pooled = try await serviceConnections()
        #expect(!pooled.isEmpty, "the service keeps its bound connection between runs")

        // 1. Rotate in the directory and hand the engine the new password right away.
        try await admin.modifyPassword(userIdentity: svcDN, oldPassword: nil, newPassword: Password("Second-Svc-Pass-2"))
        let set = try await CommandLine.run(["connector", "set-password", "contoso.com", "--password-stdin"], config: fixture.configPath, input: "Second-Svc-Pass-2")
        #expect(set.code == 0)
        #expect(set.stdout.contains("(pid \(pid)) was told to flush"))
        try await waitFor("the flush", seconds: 10) { try await serviceConnections().isDisjoint(with: pooled) }
        try await waitFor("event 6201", seconds: 10) { try fixture.events(6201).count >= 1 }
        let afterSet = Date()
        try await waitFor("a run with the new password") {
            try runs("contoso.com").contains { $0.startedAt > afterSet && $0.status.isSuccessful && $0.profile == .deltaImport }
        }

        // 2. Rotate without telling the engine: the next run says so (6000) and binds no more.
        try await admin.modifyPassword(userIdentity: svcDN, oldPassword: nil, newPassword: Password("Third-Svc-Pass-3"))
        try await waitFor("no-start-credentials") { try runs("contoso.com").contains { $0.status == .noStartCredentials } }
        #expect(try fixture.events(6000).first?.message.contains("last accepted at") == true)
        let set2 = try await CommandLine.run(["connector", "set-password", "contoso.com", "--password-stdin"], config: fixture.configPath, input: "Third-Svc-Pass-3")
        #expect(set2.code == 0)
        let afterSet2 = Date()
        try await waitFor("recovery in the same process") {
            try runs("contoso.com").contains { $0.startedAt > afterSet2 && $0.status.isSuccessful }
        }
        #expect(kill(pid, 0) == 0, "the same service process (no restart)")
        // Nothing secret in what `ps` shows of the service (its command line) nor its environment.
        for file in ["cmdline", "environ"] {
            let shown = FileManager.default.contents(atPath: "/proc/\(pid)/\(file)") ?? Data()
            for secret in ["Second-Svc-Pass-2", "Third-Svc-Pass-3", "Svc-Sync-2024"] { #expect(!shown.contains(Data(secret.utf8)), "\(secret) in \(file)") }
        }

        // SIGTERM stops it cleanly.
        kill(pid, SIGTERM)
        #expect(await exitStatus(of: pid) == 0)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        for secret in ["Second-Svc-Pass-2", "Third-Svc-Pass-3", "Svc-Sync-2024"] { #expect(!text.contains(secret)) }
    }

    @Test func theServiceSyncsPasswordsOnItsOwnSchedule() async throws {
        let fixture = try await SyncFixture(name: "svcpw", extraYAML: "schedule: {interval: 1h, passwordSync: 2s}")
        defer { fixture.remove() }
        let log = fixture.stateDirectory + "/service.log"
        let pid = try CommandLine.start(["service"], config: fixture.configPath, log: log)
        defer {
            kill(pid, SIGKILL)
            _ = wait(for: pid)  // SIGKILL: immediate
        }
        func passwordRuns() throws -> [RunRecord] { try fixture.store.read { try $0.runs(connector: "cloud", limit: 100) }.filter { $0.profile == .passwordSync } }
        let clock = ContinuousClock()
        var deadline = clock.now + .seconds(120)
        while try passwordRuns().first(where: { $0.status == .success }) == nil, clock.now < deadline { try await Task.sleep(for: .milliseconds(200)) }
        #expect(try passwordRuns().contains { $0.status == .success }, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")

        // A password changed in the source reaches the target within a password sync interval,
        // with no sync cycle in between (the next one is an hour away).
        let userDN = "uid=user0011,ou=people,dc=contoso,dc=com"
        let admin = try await fixture.sourceAdmin()
        _ = try await admin.modifyPassword(userIdentity: userDN, oldPassword: nil, newPassword: Password("Changed-By-User-11"))
        deadline = clock.now + .seconds(60)
        var bound = false
        while !bound, clock.now < deadline {
            let connection = try await fixture.target.directory.connect()
            bound = (try? await connection.bind(targetDN(userDN), password: Password("Changed-By-User-11"))) != nil
            await connection.close()
            if !bound { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(bound, "the target user never took the new password; service log:\n\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        #expect(try fixture.store.read { try $0.runs(connector: "cloud", limit: 100) }.filter { $0.profile == .export }.count == 1)
    }
}
