import Connectors
import Foundation
import LDAPClient
import PostgresStore
import SyncEngine
import Testing

/// The guards that keep a bad day from wiping a target (issue 14): the shrink guard on import,
/// the deletion threshold's percentage on export, and one lock per connector space.
@Suite struct SafetyGuardTests {
    private func people(_ fixture: SyncFixture) async throws -> Int {
        try await fixture.targetEntries(filter: "(objectClass=inetOrgPerson)", attributes: ["1.1"]).count
    }

    @Test func aSourceThatStopsShowingPeopleDeletesNothingUntilAccepted() async throws {
        let fixture = try await SyncFixture(name: "shrink", settings: ["deletionThreshold": "{ count: 5000, percent: 100 }"])
        defer { fixture.remove() }
        _ = try await fixture.cycle(initial: true)
        let before = try await people(fixture)
        #expect(before > 1500)

        // The sync account loses read access to the people (an ACL change on the running server).
        let config = try await LDAPConnection.connect(fixture.source.directory.options())
        try await config.bind("cn=admin,cn=config", password: fixture.source.directory.adminPassword)
        try await config.modify(
            "olcDatabase={1}mdb,cn=config",
            [
                Modification(
                    .add, "olcAccess",
                    [
                        "{1}to dn.children=\"ou=people,dc=contoso,dc=com\" by dn.exact=\"\(fixture.source.directory.serviceDN)\" none by * read"
                    ])
            ])
        await config.close()

        // The next full cycle: the directory answers successfully with no people at all.
        let runs = try await fixture.cycle(initial: true)
        let source = try #require(runs.first { $0.connector == "contoso.com" && $0.profile == .fullImport })
        #expect(source.status == .stoppedShrinkGuard, "\(source.status) \(source.message ?? "")")
        #expect(source.status.exitCode == 1)
        let event = try #require(try await fixture.events(117).first)
        #expect(event.connector == "contoso.com" && event.level == .warning)
        #expect(event.message.contains("ou=people,dc=contoso,dc=com") && event.message.contains("--accept-deletes"), "\(event.message)")
        #expect(event.message.contains(" of "), "\(event.message)")
        #expect(try await people(fixture) == before, "nothing may be deleted in the target")
        let export = try #require(runs.first { $0.profile == .export })
        #expect(export.counters.deletes == 0)
        // The guard says so in the preview and the metrics as well.
        let preview = try await CommandLine.run(["export", "preview", "cloud"], config: fixture.configPath)
        #expect(preview.stderr.contains("shrink guard: the last import of contoso.com stopped before deleting"), "\(preview.stderr)")

        // The admin accepts: the import stages the deletes, the cycle carries them out.
        let accepted = try await CommandLine.run(["run", "contoso.com", "full-import", "--accept-deletes"], config: fixture.configPath)
        #expect(accepted.code == 0, "\(accepted.stdout)\(accepted.stderr)")
        let cycle = try await CommandLine.run(["cycle"], config: fixture.configPath)
        #expect(cycle.code == 0, "\(cycle.stdout)\(cycle.stderr)")
        #expect(try await people(fixture) == 0)
    }

    @Test func theThresholdsPercentageProtectsATargetOfAnySize() async throws {
        let fixture = try await SyncFixture(name: "percent", settings: ["deletionThreshold": "{ count: 500, percent: 10 }"])
        defer { fixture.remove() }
        _ = try await fixture.cycle(initial: true)
        let before = try await people(fixture)
        let source = try await fixture.sourceAdmin()
        let deletes = (1...200).map { WriteRequest.delete(dn: String(format: "uid=user%04d,ou=people,dc=contoso,dc=com", $0)) }
        _ = try await source.writeAll(deletes, window: 1)

        // 200 deletes: under the count of 500, over 10% of the ~1,660 objects in sync.
        let runs = try await fixture.cycle()
        let export = try #require(runs.last)
        #expect(export.status == .stoppedDeletionThresholdExceeded, "\(export.status) \(export.message ?? "")")
        #expect(export.message?.contains("more than the deletion threshold of 10%") == true, "\(export.message ?? "")")
        let event = try #require(try await fixture.events(116).first)
        #expect(event.message.contains("--accept-deletes"))
        #expect(try await people(fixture) == before)
        let preview = try await CommandLine.run(["export", "preview", "cloud"], config: fixture.configPath)
        #expect(preview.stderr.contains("the export would STOP before deleting anything"), "\(preview.stderr)")

        let accepted = try await CommandLine.run(["run", "cloud", "export", "--accept-deletes"], config: fixture.configPath)
        #expect(accepted.code == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(try await people(fixture) == before - 200)
    }

    @Test func aSyncAndAnExportOfTheSameTargetNeverOverlap() async throws {
        let fixture = try await SyncFixture(name: "race", settings: ["schedule": "{ passwordSync: off }"])
        defer { fixture.remove() }
        _ = try await fixture.coordinator().run("contoso.com", .fullImport)
        // Two processes at once: the full sync writes the target's pending exports, the export
        // records what it wrote there. Each takes the target's connector-space lock.
        async let sync = CommandLine.run(
            ["run", "contoso.com", "full-sync"], config: fixture.configPath, extraEnvironment: ["LDAPSYNC_LOG_LEVEL": "info"])
        // The export starts once the sync holds the locks (its run is recorded in progress).
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline,
            try await fixture.store.read({ try $0.runs(connector: "contoso.com", limit: 5) }).first(where: { $0.profile == .fullSync }) == nil
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        async let export = CommandLine.run(["run", "cloud", "export"], config: fixture.configPath, extraEnvironment: ["LDAPSYNC_LOG_LEVEL": "info"])
        let (synced, exported) = try await (sync, export)
        #expect(synced.code == 0, "\(synced.stdout)\(synced.stderr)")
        #expect(exported.code == 0, "\(exported.stdout)\(exported.stderr)")
        let runs = try await fixture.store.read { try $0.runs(connector: nil, limit: 10) }
        let syncRun = try #require(runs.first { $0.profile == .fullSync })
        let exportRun = try #require(runs.first { $0.profile == .export })
        #expect(try #require(syncRun.endedAt) <= exportRun.startedAt, "the export started before the sync ended")
        // Whatever the order, nothing was lost: the next export writes what is left, then the target is in step.
        _ = try await fixture.coordinator().run("cloud", .export)
        _ = try await fixture.coordinator().run("cloud", .deltaImport)
        let sync2 = try await fixture.coordinator().run("contoso.com", .fullSync)
        #expect(sync2.status == .success)
        #expect(try await fixture.store.read { try $0.csPendingExportCounts(connector: "cloud") }.isEmpty)
        #expect(try await people(fixture) > 1500)

        // An export that finds the target's lock held waits, saying by whom, and runs after it.
        func exports() async throws -> Int {
            try await fixture.store.read { try $0.runs(connector: "cloud", limit: 100) }.filter { $0.profile == .export }.count
        }
        let exportsBefore = try await exports()
        let lockPath = fixture.configuration.statePath + "/locks/cloud.lock"
        let held = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        #expect(held >= 0 && flock(held, LOCK_EX) == 0)
        let log = fixture.stateDirectory + "/export.log"
        let pid = try CommandLine.start(
            ["run", "cloud", "export"], config: fixture.configPath, log: log, extraEnvironment: ["LDAPSYNC_LOG_LEVEL": "info"])
        let waitDeadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < waitDeadline,
            !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("waiting for the run lock of \"cloud\"")
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await exports() == exportsBefore, "no export ran while the lock was held")
        close(held)
        #expect(await exitStatus(of: pid) == 0, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        #expect(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("waiting for the run lock of \"cloud\""))
    }

    @Test func aDamagedSchedulerFileDoesNotStopTheService() async throws {
        let fixture = try await SyncFixture(name: "schedjson", settings: ["schedule": "{ interval: 1h, passwordSync: off }"])
        defer { fixture.remove() }
        let file = fixture.configuration.statePath + "/scheduler.json"
        try "{ \"enabled\": tru".write(toFile: file, atomically: true, encoding: .utf8)
        let service = try await RunningService(fixture: fixture, arguments: [])
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, try await fixture.events(6204).isEmpty { try await Task.sleep(for: .milliseconds(200)) }
        let event = try #require(try await fixture.events(6204).first, "no event 6204: \(service.output)")
        #expect(event.level == .warning && event.message.contains("scheduler.json") && event.message.contains("damaged-"), "\(event.message)")
        // The service goes on: its first cycle runs.
        while ContinuousClock.now < deadline,
            try await fixture.store.read({ try $0.runs(connector: "cloud", limit: 5) })
                .first(where: { $0.profile == .export && $0.status != .inProgress }) == nil
        {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(kill(service.pid, 0) == 0, "the service stopped: \(service.output)")
        #expect(await service.stop() == 0)
        let kept = try FileManager.default.contentsOfDirectory(atPath: fixture.configuration.statePath).filter {
            $0.hasPrefix("scheduler.json.damaged-")
        }
        #expect(kept.count == 1)
    }

    @Test func aBusyDatabaseNamesItsHolderAndReadsDoNotWait() async throws {
        let fixture = try await SyncFixture(name: "busy")
        defer { fixture.remove() }
        _ = try await fixture.coordinator().run("contoso.com", .fullImport)
        // Another process holds the store's write lock (until the test ends and kills it): a
        // SQLite transaction, or a PostgreSQL session holding the store's advisory lock.
        let log = fixture.stateDirectory + "/holder.log"
        let holder: pid_t
        let holderName: String
        if let postgres = fixture.store as? PostgresSyncStore {
            let settings = postgres.settings
            let connection = "host=\(settings.host) port=\(settings.port) dbname=\(settings.database) user=\(settings.user) sslmode=require"
            holder = try spawn(
                "/usr/bin/psql",
                [
                    "-X", "-q", connection, "-c", "SELECT pg_advisory_lock(\(postgres.writeLockKey))", "-c", "\\echo locked", "-c",
                    "SELECT pg_sleep(300)",
                ],
                environment: ["PGPASSWORD": try String(contentsOfFile: settings.passwordFile, encoding: .utf8), "PGAPPNAME": "lock-holder"],
                stdin: "/dev/null", stdout: log, stderr: nil)
            holderName = "(lock-holder from 127.0.0.1) holds its write lock"
        } else {
            let database = fixture.configuration.statePath + "/ldapsync.db"
            let script =
                "import sqlite3, time; c = sqlite3.connect('\(database)', isolation_level=None); c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(300)"
            holder = try spawn("/usr/bin/python3", ["-c", script], environment: [:], stdin: "/dev/null", stdout: log, stderr: nil)
            holderName = "is busy: pid \(holder) (python3"
        }
        defer {
            kill(holder, SIGKILL)
            Thread.detachNewThread { _ = wait(for: holder) }
        }
        while !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("locked") { try await Task.sleep(for: .milliseconds(50)) }

        // Reading needs no write lock: at once.
        let started = ContinuousClock.now
        let runs = try await CommandLine.run(["runs"], config: fixture.configPath)
        #expect(runs.code == 0, "\(runs.stderr)")
        // Well under the 30 s a writer would wait (the PostgreSQL pass runs 19 suites at once on 2 cores:
        // a command can take 11 s to start and read there).
        #expect(ContinuousClock.now - started < .seconds(20))
        // Writing waits the busy timeout, then names who holds the lock.
        let run = try await CommandLine.run(["run", "contoso.com", "delta-import"], config: fixture.configPath)
        #expect(run.code != 0)
        #expect(run.stderr.contains(holderName), "\(run.stderr)")
    }

    @Test func aRenameReplayedAfterTheServerActedCountsAsDone() async throws {
        let fixture = try await SyncFixture(name: "rename-replay")
        defer { fixture.remove() }
        _ = try await fixture.cycle(initial: true)
        let source = try await fixture.sourceAdmin()
        try await source.rename("uid=user0042,ou=people,dc=contoso,dc=com", newRDN: "uid=user0042b", newSuperior: nil, deleteOldRDN: true)
        _ = try await fixture.coordinator().run("contoso.com", .deltaImport)
        _ = try await fixture.coordinator().run("contoso.com", .deltaSync)
        // The export wrote the rename and died before recording it: the target already has the new DN.
        let target = try await fixture.target.directory.admin()
        try await target.rename(targetDN("uid=user0042,ou=people,dc=contoso,dc=com"), newRDN: "uid=user0042b", newSuperior: nil, deleteOldRDN: true)
        let export = try await fixture.coordinator().run("cloud", .export)
        #expect(export.status == .success, "\(export.status) \(export.errors)")
        #expect(export.counters.renames == 1)
        #expect(try await fixture.targetEntry(targetDN("uid=user0042b,ou=people,dc=contoso,dc=com")) != nil)
    }
}
