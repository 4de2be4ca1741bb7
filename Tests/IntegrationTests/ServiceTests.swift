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
        var reaped = false
        defer {
            if !reaped {
                kill(pid, SIGKILL)
                _ = wait(for: pid)
            }
        }
        let admin = try await fixture.sourceAdmin()
        /// Source connections bound as the service account, by connection number (cn=monitor).
        func serviceConnections() async throws -> Set<String> {
            let entries = try await admin.searchAll(
                SearchRequest(
                    base: "cn=Connections,cn=Monitor", filter: "(monitorConnectionAuthzDN=\(svcDN))", attributes: ["monitorConnectionNumber"]))
            return Set(entries.compactMap { $0.string("monitorConnectionNumber") })
        }
        func runs(_ connector: String) async throws -> [RunRecord] { try await fixture.store.read { try $0.runs(connector: connector, limit: 100) } }
        func waitFor(_ what: String, seconds: Int = 120, _ condition: () async throws -> Bool) async throws {
            if try await poll(seconds: seconds, interval: .milliseconds(100), condition) { return }
            Issue.record("timed out waiting for \(what); service log:\n\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
            throw CancellationError()
        }

        try await waitFor("the initial cycle") { try await runs("cloud").contains { $0.profile == .export && $0.status == .success } }
        let pooled = try await serviceConnections()
        #expect(!pooled.isEmpty, "the service keeps its bound connection between runs")

        // 1. Rotate in the directory and hand the engine the new password right away.
        try await admin.modifyPassword(userIdentity: svcDN, oldPassword: nil, newPassword: Password("Second-Svc-Pass-2"))
        let set = try await CommandLine.run(
            ["connector", "set-password", "contoso.com", "--password-stdin"], config: fixture.configPath, input: "Second-Svc-Pass-2")
        #expect(set.code == 0)
        #expect(
            set.stderr.contains("through the running service (pid \(pid))") && set.stdout.contains("pooled connection(s) closed"),
            "\(set.stdout)\(set.stderr)")
        // Idle connections close at once; one a run holds (the scheduled password sync, ~10 s under
        // CI's load) closes when the run hands it back with the old generation.
        try await waitFor("the flush", seconds: 60) { try await serviceConnections().isDisjoint(with: pooled) }
        try await waitFor("event 6201", seconds: 10) { try await fixture.events(6201).count >= 1 }
        let afterSet = Date()
        try await waitFor("a run with the new password") {
            try await runs("contoso.com").contains { $0.startedAt > afterSet && $0.status.isSuccessful && $0.profile == .deltaImport }
        }

        // 2. Rotate without telling the engine: the next run says so (6000) and binds no more.
        try await admin.modifyPassword(userIdentity: svcDN, oldPassword: nil, newPassword: Password("Third-Svc-Pass-3"))
        try await waitFor("no-start-credentials") { try await runs("contoso.com").contains { $0.status == .noStartCredentials } }
        #expect(try await fixture.events(6000).first?.message.contains("last accepted at") == true)
        let set2 = try await CommandLine.run(
            ["connector", "set-password", "contoso.com", "--password-stdin"], config: fixture.configPath, input: "Third-Svc-Pass-3")
        #expect(set2.code == 0)
        let afterSet2 = Date()
        try await waitFor("recovery in the same process") {
            try await runs("contoso.com").contains { $0.startedAt > afterSet2 && $0.status.isSuccessful }
        }
        #expect(kill(pid, 0) == 0, "the same service process (no restart)")
        // Nothing secret in what `ps` shows of the service (its command line) nor its environment.
        for file in ["cmdline", "environ"] {
            let shown = FileManager.default.contents(atPath: "/proc/\(pid)/\(file)") ?? Data()
            for secret in ["Second-Svc-Pass-2", "Third-Svc-Pass-3", "Svc-Sync-2024"] {
                #expect(!shown.contains(Data(secret.utf8)), "\(secret) in \(file)")
            }
        }

        // SIGTERM stops it cleanly.
        kill(pid, SIGTERM)
        let status = await exitStatus(of: pid)
        reaped = true
        #expect(status == 0)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        for secret in ["Second-Svc-Pass-2", "Third-Svc-Pass-3", "Svc-Sync-2024"] { #expect(!text.contains(secret)) }
    }

    @Test func theServiceSyncsPasswordsOnItsOwnSchedule() async throws {
        let fixture = try await SyncFixture(name: "svcpw", settings: ["schedule": "{interval: 1h, passwordSync: 2s}"])
        defer { fixture.remove() }
        let log = fixture.stateDirectory + "/service.log"
        let pid = try CommandLine.start(["service"], config: fixture.configPath, log: log)
        defer {
            kill(pid, SIGKILL)
            _ = wait(for: pid)
        }
        func passwordRuns() async throws -> [RunRecord] {
            try await fixture.store.read { try $0.runs(connector: "cloud", limit: 100) }.filter { $0.profile == .passwordSync }
        }
        let clock = ContinuousClock()
        var deadline = clock.now + .seconds(120)
        while try await passwordRuns().first(where: { $0.status == .success }) == nil, clock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(try await passwordRuns().contains { $0.status == .success }, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")

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
        #expect(try await fixture.store.read { try $0.runs(connector: "cloud", limit: 100) }.filter { $0.profile == .export }.count == 1)
    }

    @Test func sigtermMidExportStopsAfterTheBatchAndTheRestartConverges() async throws {
        // A narrow window keeps the export long enough to be caught mid-way on a loaded
        // machine (the whole suite runs at once): SIGTERM takes effect at the export's next chunk.
        // The initial cycle's export starts beside the full sync, so the signal may come while
        // the sync runs: a sync runs to its end once started, then the service stops.
        let fixture = try await SyncFixture(name: "sigterm", targetSettings: ["exportWindow": "8"])
        defer { fixture.remove() }
        let source = try await fixture.sourceAdmin()
        let adds = WriteRequest.bulkPeople("term", count: 20_000)
        _ = try await source.writeAll(adds, window: 64)
        let log = fixture.stateDirectory + "/service.log"
        let pid = try CommandLine.start(["service", "--interval", "1h"], config: fixture.configPath, log: log)
        var reaped = false
        defer {
            if !reaped {
                kill(pid, SIGKILL)
                _ = wait(for: pid)
            }
        }
        let target = try await fixture.target.directory.admin()
        // slapd's monitor counts completed adds, polled by a process of its own.
        let watcher = try SignalWhen.addsCompleted(on: fixture.target, atLeast: 1000, send: SIGTERM, to: pid)
        #expect(await exitStatus(of: watcher) == 0, "the export reached 1000 adds within 10 minutes")
        let signalled = Date()
        let status = await exitStatus(of: pid)
        let exited = Date()
        reaped = true
        #expect(status == 0, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        // Within a minute of the signal, or of the end of a sync the signal found running.
        let syncEnded = try #require(
            try await fixture.store.read { try $0.runs(connector: "contoso.com", limit: 20) }.first { $0.profile == .fullSync }?.endedAt)
        #expect(exited.timeIntervalSince(max(signalled, syncEnded)) < 60)
        let export = try #require(try await fixture.store.read { try $0.runs(connector: "cloud", limit: 20) }.first { $0.profile == .export })
        #expect(export.status == .stoppedShutdown, "\(export)")
        #expect(export.message?.contains("SIGTERM") == true)
        #expect(export.counters.adds > 0 && export.counters.adds < 21_609)
        #expect(try await fixture.store.read { try $0.interruptedRuns() }.isEmpty)

        // Started again, the next cycle finishes the job: every person once.
        let rerun = try await CommandLine.run(["cycle"], config: fixture.configPath)
        #expect(rerun.code == 0, "\(rerun.stdout)\(rerun.stderr)")
        let persons = try await target.searchAll(
            SearchRequest(base: "dc=cloud,dc=example", filter: "(objectClass=inetOrgPerson)", attributes: ["uid"]))
        let uids = persons.flatMap { $0.strings("uid") }
        #expect(uids.count == 21_609)
        #expect(Set(uids).count == uids.count)
    }

    @Test func schedulerSettingsAreKeptAndShown() async throws {
        let fixture = try await SyncFixture(name: "sched")
        defer { fixture.remove() }
        let set = try await CommandLine.run(["scheduler", "set", "--interval", "5m"], config: fixture.configPath)
        #expect(set.code == 0, "\(set.stderr)")
        #expect(try await CommandLine.run(["scheduler", "disable"], config: fixture.configPath).code == 0)
        let shown = try await CommandLine.run(["scheduler", "show"], config: fixture.configPath)
        #expect(shown.stdout.contains("enabled: no (scheduler enable/disable)"), "\(shown.stdout)")
        #expect(shown.stdout.contains("interval: 5m (scheduler set)"))
        #expect(shown.stdout.contains("full: no full cycle has run yet"))
        // Disabled: a running service starts no cycle.
        let log = fixture.stateDirectory + "/service.log"
        let pid = try CommandLine.start(["service"], config: fixture.configPath, log: log)
        var reaped = false
        defer {
            if !reaped {
                kill(pid, SIGKILL)
                _ = wait(for: pid)
            }
        }
        try await Task.sleep(for: .seconds(3))
        #expect(try await fixture.store.read { try $0.runs(connector: nil, limit: 10) }.filter { $0.profile != .passwordSync }.isEmpty)
        // Enabled again: it starts one within its 5-second look.
        #expect(try await CommandLine.run(["scheduler", "enable"], config: fixture.configPath).code == 0)
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while clock.now < deadline,
            try await fixture.store.read({ try $0.runs(connector: "cloud", limit: 10) }).first(where: { $0.profile == .export }) == nil
        {
            try await Task.sleep(for: .milliseconds(200))
        }
        kill(pid, SIGTERM)
        let status = await exitStatus(of: pid)
        reaped = true
        #expect(status == 0)
        #expect(try await fixture.store.read { try $0.runs(connector: "cloud", limit: 10) }.contains { $0.profile == .export })
        let after = try await CommandLine.run(["scheduler", "show", "--json"], config: fixture.configPath)
        #expect(after.stdout.contains("\"nextCycle\" : \"delta\""), "\(after.stdout)")
    }
}
