import Foundation
import LDAPClient
import LDAPProtocol
import SyncEngine
import Testing

@testable import PostgresStore

/// Two services on one PostgreSQL state (each with a state folder of its own, holding copies of
/// the key and the sealed credentials): one active, one standby. The active one dies (kill -9)
/// or freezes (SIGSTOP) in the middle of an export of 20,000 people; the standby takes over
/// within the failover time and finishes, and the target ends equal to the source with no
/// duplicate. A frozen one thawed after losing its lease commits nothing (audited by a trigger
/// that records which session committed each write).
@Suite(.serialized) struct FailoverTests {
    static let leaseTime = 4
    /// A takeover comes at most 4/3 of the lease time after the active one stopped renewing
    /// (it renews every third of it); the slack covers a loaded machine.
    static let failoverBound: Duration = .seconds(leaseTime * 4 / 3 + 6)
    static let people = 20_000
    static let expectedPersons = people + 1_609

    private struct Pair {
        let fixture: SyncFixture
        let store: PostgresSyncStore
        let secondConfig: String
    }

    /// The fixture on PostgreSQL and a second installation (state folder `b/state`) on the
    /// same store.
    private func pair(_ name: String) async throws -> Pair {
        let fixture = try await SyncFixture(
            name: name, settings: ["schedule": "{ interval: 1h, passwordSync: off }"], targetSettings: ["exportWindow": "8"], store: .postgres,
            leaseTime: .seconds(Self.leaseTime))
        let store = try #require(fixture.store as? PostgresSyncStore)
        // The second host: the same configuration in another folder, the key copied (the sealed
        // credentials are in the store).
        let folder = fixture.stateDirectory + "/b"
        let state = folder + "/state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.copyItem(atPath: fixture.configuration.keyFile, toPath: state + "/ldapsync.key")
        let yaml = try String(contentsOfFile: fixture.configPath, encoding: .utf8)
        try yaml.write(toFile: folder + "/ldapsync.yaml", atomically: true, encoding: .utf8)
        // Which session committed each write to the main tables (rolled back writes leave no row).
        try store.withConnection { connection in
            try connection.run(
                """
                CREATE TABLE write_audit (application TEXT NOT NULL, at TIMESTAMPTZ NOT NULL);
                CREATE FUNCTION audit_write() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO write_audit VALUES (current_setting('application_name'), clock_timestamp()); RETURN NULL; END $$;
                CREATE TRIGGER cs_audit AFTER INSERT OR UPDATE OR DELETE ON cs_object FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
                CREATE TRIGGER mv_audit AFTER INSERT OR UPDATE OR DELETE ON mv_object FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
                CREATE TRIGGER run_audit AFTER INSERT OR UPDATE OR DELETE ON run FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
                CREATE TRIGGER event_audit AFTER INSERT OR UPDATE OR DELETE ON event FOR EACH STATEMENT EXECUTE FUNCTION audit_write();
                """)
        }
        return Pair(fixture: fixture, store: store, secondConfig: folder + "/ldapsync.yaml")
    }

    /// Once A's first cycle (run on becoming active) is done and B is a standby: 20,000 more
    /// people in the source, and a cycle asked of A through its socket (the command line goes
    /// through the running service). Returns the pid of that command.
    private func startBigExport(_ pair: Pair, logs: [String]) async throws -> pid_t {
        let fixture = pair.fixture
        try await waitFor("A's first cycle", seconds: 300, logs: logs) {
            let runs = try await fixture.store.read { try $0.runs(connector: "cloud", limit: 20) }
            let running = try await fixture.store.read { try $0.interruptedRuns() }
            return runs.contains { $0.profile == .deltaImport || $0.profile == .fullImport } && running.isEmpty
        }
        let source = try await fixture.sourceAdmin()
        let adds: [WriteRequest] = (1...Self.people).map { index in
            .add(
                dn: "uid=fo\(index),ou=people,dc=contoso,dc=com",
                attributes: [
                    LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", ["fo\(index)"]), LDAPAttribute("cn", ["Fo \(index)"]),
                    LDAPAttribute("sn", ["Fo"]),
                ])
        }
        _ = try await source.writeAll(adds, window: 64)
        await source.close()
        return try CommandLine.start(["cycle"], config: fixture.configPath, log: fixture.stateDirectory + "/cycle.log")
    }

    /// The two services: A (which becomes active) and B (a standby), killed with the test.
    private final class Services {
        let a: pid_t
        let b: pid_t
        let logA: String
        let logB: String
        let holderA: String
        var aReaped = false

        init(a: pid_t, b: pid_t, logA: String, logB: String, holderA: String) {
            (self.a, self.b, self.logA, self.logB, self.holderA) = (a, b, logA, logB, holderA)
        }

        deinit {
            for pid in aReaped ? [b] : [a, b] {
                kill(pid, SIGCONT)
                kill(pid, SIGKILL)
                _ = wait(for: pid)
            }
        }
    }

    /// Starts A, waits until it is active, then B, until it is a standby.
    private func startServices(_ pair: Pair) async throws -> Services {
        let logA = pair.fixture.stateDirectory + "/a.log"
        let logB = pair.fixture.stateDirectory + "/b.log"
        let a = try CommandLine.start(["service"], config: pair.fixture.configPath, log: logA)
        do {
            try await waitFor("A active", seconds: 60, logs: [logA]) { try await activations(pair).count == 1 }
        } catch {
            kill(a, SIGKILL)
            _ = wait(for: a)
            throw error
        }
        let b = try CommandLine.start(["service"], config: pair.secondConfig, log: logB)
        let services = Services(a: a, b: b, logA: logA, logB: logB, holderA: try await activations(pair)[0].holder)
        try await waitFor("B standby", seconds: 60, logs: [logB]) {
            ((try? String(contentsOfFile: logB, encoding: .utf8)) ?? "").contains("failover: standby")
        }
        return services
    }

    /// The 6209 events (who became active, with which token), oldest first.
    private func activations(_ pair: Pair) async throws -> [(holder: String, token: Int64, at: Date)] {
        try await pair.fixture.events(6209).map { ($0.details["holder"] ?? "", Int64($0.details["token"] ?? "") ?? 0, $0.time) }
    }

    private func waitFor(_ what: String, seconds: Int, logs: [String], _ condition: () async throws -> Bool) async throws {
        if try await poll(seconds: seconds, condition) { return }
        let text = logs.map { "\($0):\n" + ((try? String(contentsOfFile: $0, encoding: .utf8)) ?? "") }.joined(separator: "\n")
        Issue.record("timed out waiting for \(what); logs:\n\(text.suffix(6000))")
        throw CancellationError()
    }

    /// The target holds every source person exactly once.
    private func targetConverged(_ fixture: SyncFixture) async throws -> Bool {
        let persons = try await fixture.targetEntries(filter: "(objectClass=inetOrgPerson)", attributes: ["uid"])
        let uids = persons.flatMap { $0.strings("uid") }
        return uids.count == Self.expectedPersons && Set(uids).count == uids.count
    }

    @Test func aStandbyTakesOverFromAKilledActiveServiceAndFinishesTheExport() async throws {
        let pair = try await pair("failover-kill")
        let fixture = pair.fixture
        defer { fixture.remove() }
        let services = try await startServices(pair)
        let (a, logA, logB, holderA) = (services.a, services.logA, services.logB, services.holderA)

        // The standby serves reads and refuses writes (the command line goes through it).
        let reads = try await CommandLine.run(["runs"], config: pair.secondConfig)
        #expect(reads.code == 0, "\(reads.stderr)")
        let write = try await CommandLine.run(["run", "contoso.com", "delta-import"], config: pair.secondConfig)
        #expect(write.code != 0 && write.stderr.contains("standby"), "\(write.stdout)\(write.stderr)")

        // kill -9 the active service while the export of the 20,000 is writing.
        let cycle = try await startBigExport(pair, logs: [logA])
        defer {
            kill(cycle, SIGKILL)
            _ = wait(for: cycle)
        }
        let watcher = try SignalWhen.addsCompleted(on: fixture.target, atLeast: 4000, send: SIGKILL, to: a)
        #expect(await exitStatus(of: watcher) == 0, "the export reached 4000 adds within 10 minutes")
        let killed = Date()
        _ = wait(for: a)
        services.aReaped = true
        #expect(try !(await targetConverged(fixture)), "the export was not finished when A died")

        // B becomes active within the failover time, having ended A's sessions, and finishes.
        try await waitFor("B active", seconds: 60, logs: [logB]) { try await activations(pair).count == 2 }
        let takeover = try await activations(pair)[1]
        #expect(takeover.holder != holderA && takeover.token == 2)
        #expect(
            takeover.at.timeIntervalSince(killed) < Double(Self.failoverBound.components.seconds), "took \(takeover.at.timeIntervalSince(killed)) s")
        let event = try #require(try await fixture.events(6209).last)
        #expect(event.details["previous"] == holderA)
        // The previous holder's lease had run out when B took over (server time, not a default).
        // Not necessarily after the kill: under a whole test pass on 2 cores A's renewals once
        // lagged 10 s behind (CI rehearsal), and B took the lease before the kill.
        let expiry = try #require(event.details["previousExpiry"].flatMap { try? Date($0, strategy: .iso8601) })
        #expect(expiry <= takeover.at.addingTimeInterval(1), "\(event.message)")
        #expect(abs(expiry.timeIntervalSince(killed)) < Double(Self.leaseTime * 5), "\(event.message)")
        try await waitFor("the target equal to the source", seconds: 600, logs: [logB]) { try await targetConverged(fixture) }
        // A's run left in progress is closed by B (B's own confirming import may still be running).
        try await waitFor("no run left in progress", seconds: 120, logs: [logB]) { try await fixture.store.read { try $0.interruptedRuns() }.isEmpty }
        let closed = try await fixture.store.read { try $0.runs(connector: nil, limit: 100) }
        #expect(closed.contains { $0.connector == "cloud" && $0.profile == .export && $0.status == .success }, "\(closed)")
        #expect(closed.contains { $0.status == .stoppedShutdown && $0.message?.contains("ended before the run finished") == true }, "\(closed)")

        // A started again is a standby: B keeps the lease.
        let again = try CommandLine.start(["service"], config: fixture.configPath, log: logA + ".2")
        defer {
            kill(again, SIGKILL)
            _ = wait(for: again)
        }
        try await waitFor("A again a standby", seconds: 60, logs: [logA + ".2"]) {
            ((try? String(contentsOfFile: logA + ".2", encoding: .utf8)) ?? "").contains("failover: standby")
        }
        try await Task.sleep(for: .seconds(Self.leaseTime))
        #expect(try await activations(pair).count == 2)
        withExtendedLifetime(services) {}
    }

    @Test func aFrozenActiveServiceThawedAfterLosingItsLeaseWritesNothing() async throws {
        let pair = try await pair("failover-freeze")
        let fixture = pair.fixture
        defer { fixture.remove() }
        let services = try await startServices(pair)
        let (a, logA, logB, holderA) = (services.a, services.logA, services.logB, services.holderA)

        // Freeze A mid-export; B takes over once A's lease has run out.
        let cycle = try await startBigExport(pair, logs: [logA])
        defer {
            kill(cycle, SIGKILL)
            _ = wait(for: cycle)
        }
        let watcher = try SignalWhen.addsCompleted(on: fixture.target, atLeast: 3000, send: SIGSTOP, to: a)
        #expect(await exitStatus(of: watcher) == 0, "the export reached 3000 adds within 10 minutes")
        try await waitFor("B active", seconds: 60, logs: [logB]) { try await activations(pair).count == 2 }
        #expect(try await activations(pair)[1].token == 2)

        // Thawed, A finds its sessions ended and its lease gone: it commits nothing from now on.
        let thawed = Date()
        kill(a, SIGCONT)
        try await waitFor("the target equal to the source", seconds: 600, logs: [logA, logB]) { try await targetConverged(fixture) }
        try await waitFor("A a standby", seconds: 60, logs: [logA]) {
            let log = (try? String(contentsOfFile: logA, encoding: .utf8)) ?? ""
            return log.contains("is a standby now") || log.contains("failover: standby")
        }
        let writesByA = try pair.store.withConnection { connection in
            try connection.query(
                "SELECT COUNT(*) FROM write_audit WHERE application = $1 AND at > to_timestamp($2)",
                [.text(holderA), .real(thawed.timeIntervalSince1970)]
            ).int(0, 0) ?? -1
        }
        #expect(writesByA == 0, "A committed \(writesByA) writes after it was thawed")
        let writesBefore = try pair.store.withConnection { connection in
            try connection.query("SELECT COUNT(*) FROM write_audit WHERE application = $1", [.text(holderA)]).int(0, 0) ?? -1
        }
        #expect(writesBefore > 0, "the audit saw A's writes before the freeze")
        withExtendedLifetime(services) {}
    }
}
