import Credentials
import Foundation
import LDAPProtocol
import SyncEngine
import SyncStore
import Testing

@testable import PostgresStore

/// Two hosts on one PostgreSQL state share what they must: run locks (their runs exclude each
/// other in the store, as runs on one host do with the state folder's file locks) and the
/// sealed credentials (a password set on one host is the one every host binds with).
@Suite struct SharedStateTests {
    /// Notes made in one task and read in another.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String] = []
        func add(_ value: String) { lock.withLock { values.append(value) } }
        var all: [String] { lock.withLock { values } }
    }

    @Test func aRunLockInTheStoreMakesAnotherHostWaitAndNamesTheHolder() async throws {
        let settings = TestPostgres.settings()
        let hostA = try PostgresSyncStore(settings: settings)
        let hostB = try PostgresSyncStore(settings: settings)
        let held = try #require(try await hostA.sharedRunLock(connectors: ["contoso.com", "cloud"]) { _, _ in })
        let waits = Recorder()
        let acquired = Recorder()
        let waiter = Task {
            // Connector names compare case-insensitively: "Cloud" is the same space.
            let lock = try await hostB.sharedRunLock(connectors: ["Cloud"]) { name, holder in waits.add("\(name): \(holder)") }
            acquired.add("b")
            return lock
        }
        // Host B connects, tries, finds the holder and says so; under a whole test pass on 2
        // cores that can take seconds, so wait for it rather than a fixed time.
        let deadline = ContinuousClock.now + .seconds(60)
        while waits.all.isEmpty, acquired.all.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .seconds(0.5))
        #expect(acquired.all.isEmpty, "host B took the lock host A holds")
        #expect(waits.all.count == 1)
        #expect(waits.all.first?.contains("Cloud: server process") == true, "\(waits.all)")
        #expect(waits.all.first?.contains(hostA.instanceName) == true, "\(waits.all)")
        // Another connector space, and the same name in another state (schema), do not wait.
        let other = try await hostB.sharedRunLock(connectors: ["fabrikam"]) { name, _ in Issue.record("waited for \(name)") }
        other?.release()
        let elsewhere = try PostgresSyncStore(settings: TestPostgres.settings())
        let unrelated = try await elsewhere.sharedRunLock(connectors: ["cloud"]) { name, _ in Issue.record("waited for \(name) in another schema") }
        unrelated?.release()
        held.release()
        let taken = try await waiter.value
        #expect(acquired.all == ["b"])
        // A holder whose session ends (its process died) gives the lock up too.
        let again = Task { try await hostA.sharedRunLock(connectors: ["cloud"]) { _, _ in } }
        try await Task.sleep(for: .seconds(0.5))
        taken?.release()
        let reacquired = try await again.value
        #expect(reacquired != nil)
        reacquired?.release()
        // A released lock's connection goes back to the pool unlocked and with the pool's
        // lock timeout (a run lock waits without one).
        let session = try hostA.withConnection { connection in
            try connection.query(
                "SELECT current_setting('lock_timeout'), (SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory')")
        }
        #expect(session.string(0, 0) == "30s")
        #expect(session.int64(0, 1) == 0)
    }

    @Test func aStateOnThisHostHasNoLockInTheStore() async throws {
        let store = try StoreKind.sqlite.makeStore()
        #expect(try await store.sharedRunLock(connectors: ["cloud"]) { _, _ in } == nil)
    }

    /// Through the command line: an export while another host's run holds the target's lock in
    /// the store waits, says for whom, writes nothing meanwhile, and runs once it is released.
    @Test func anExportWaitsForAnotherHostsRun() async throws {
        let fixture = try await SyncFixture(name: "sharedlock", store: .postgres)
        defer { fixture.remove() }
        _ = try await fixture.coordinator().run("contoso.com", .fullImport)
        _ = try await fixture.coordinator().run("contoso.com", .fullSync)
        let otherHost = try PostgresSyncStore(settings: try #require(fixture.store as? PostgresSyncStore).settings)
        let held = try #require(try await otherHost.sharedRunLock(connectors: ["cloud"]) { _, _ in })
        func exports() async throws -> Int {
            try await fixture.store.read { try $0.runs(connector: "cloud", limit: 100) }.filter { $0.profile == .export }.count
        }
        let log = fixture.stateDirectory + "/export.log"
        let pid = try CommandLine.start(
            ["run", "cloud", "export"], config: fixture.configPath, log: log, extraEnvironment: ["LDAPSYNC_LOG_LEVEL": "info"])
        let waiting = "waiting for the run lock of \"cloud\" in the store, held by server process"
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains(waiting) {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .seconds(1))
        #expect(try await exports() == 0, "an export ran while another host held the lock")
        #expect(try await fixture.store.read { try $0.csPendingExportCounts(connector: "cloud")[.add] ?? 0 } > 1500)
        held.release()
        #expect(await exitStatus(of: pid) == 0, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(output.contains(waiting) && output.contains(otherHost.instanceName), "\(output)")
        #expect(try await exports() == 1)
        #expect(try await fixture.store.read { try $0.csPendingExportCounts(connector: "cloud") }.isEmpty)
    }

    /// A password rotated and set on host A is the one host B binds with at once (a failover
    /// never binds with a password another host replaced): the sealed credentials live in the
    /// store, still sealed with the key each host keeps.
    @Test func aPasswordSetOnOneHostIsTheOneEveryHostBindsWith() async throws {
        let fixture = try await SyncFixture(name: "sharedcreds", store: .postgres)
        defer { fixture.remove() }
        // Host A's credentials are in the store (the fixture set them there).
        let shown = try await CommandLine.run(["connector", "show", "contoso.com"], config: fixture.configPath)
        #expect(shown.code == 0, "\(shown.stdout)\(shown.stderr)")
        // Host B: the same configuration in another folder, with a copy of the key only.
        let folder = fixture.stateDirectory + "/b"
        try FileManager.default.createDirectory(atPath: folder + "/state", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.copyItem(atPath: fixture.configuration.keyFile, toPath: folder + "/state/ldapsync.key")
        try String(contentsOfFile: fixture.configPath, encoding: .utf8).write(toFile: folder + "/ldapsync.yaml", atomically: true, encoding: .utf8)
        let hostB = folder + "/ldapsync.yaml"
        let first = try await CommandLine.run(["run", "contoso.com", "full-import"], config: hostB)
        #expect(first.code == 0, "\(first.stdout)\(first.stderr)")

        // The directory's admin rotates the service account's password; an admin sets it on A.
        let rotated = "Shared-Rotated-Pass-8"
        let admin = try await fixture.sourceAdmin()
        _ = try await admin.modifyPassword(userIdentity: fixture.source.directory.serviceDN, oldPassword: nil, newPassword: Password(rotated))
        let set = try await CommandLine.run(
            ["connector", "set-password", "contoso.com", "--password-stdin"], config: fixture.configPath, input: rotated)
        #expect(set.code == 0, "\(set.stdout)\(set.stderr)")
        // B binds with it at once.
        let again = try await CommandLine.run(["run", "contoso.com", "delta-import"], config: hostB)
        #expect(again.code == 0, "\(again.stdout)\(again.stderr)")
        let status = try await fixture.store.read { try $0.runs(connector: "contoso.com", limit: 1).first?.status }
        #expect(status == .success || status == .completedNoObjects, "\(String(describing: status))")
        // B never had a credentials file, and the store holds no password in clear.
        #expect(!FileManager.default.fileExists(atPath: folder + "/state/credentials.json"))
        let store = try #require(fixture.store as? PostgresSyncStore)
        let sealed = try #require(try PostgresCredentialDocument(store: store).load())
        #expect(String(decoding: sealed, as: UTF8.self).contains("contoso.com"))
        #expect(!String(decoding: sealed, as: UTF8.self).contains(rotated))
        #expect(Data(sealed).range(of: Data(rotated.utf8)) == nil)
    }

    /// A state folder's `credentials.json` (a state moved into PostgreSQL by hand, or a host that
    /// kept its passwords there before) is read while the store holds none, and moved into the
    /// store by the first write; from then on the store's document is the one, and another
    /// host's older file is never read.
    @Test func aStateFoldersFileSeedsTheStoreOnce() throws {
        let store = try TestPostgres.store()
        let root = NSTemporaryDirectory() + "ldapsync-seed-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (hostA, hostB) = (root + "/a", root + "/b")
        for folder in [hostA, hostB] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let key = try CredentialKey.create(at: hostA + "/ldapsync.key")
        try FileManager.default.copyItem(atPath: hostA + "/ldapsync.key", toPath: hostB + "/ldapsync.key")
        // Both folders hold a file of their own, from before; B's is older.
        try CredentialStore(directory: hostA, key: key).setPassword(Password("From-A-File-1"), for: "cloud", by: "test")
        try CredentialStore(directory: hostB, key: key).setPassword(Password("Older-B-File-1"), for: "cloud", by: "test")

        let onA = try CredentialStore(directory: hostA, key: key, document: PostgresCredentialDocument.shared(by: store, stateDirectory: hostA))
        #expect(try onA.password(for: "cloud")?.password.unsafeText == "From-A-File-1")
        #expect(try PostgresCredentialDocument(store: store).load() == nil, "a read moved nothing")
        // The first write carries the file's content into the store with it.
        try onA.setPassword(Password("Set-On-A-2"), for: "contoso.com", by: "test")
        #expect(try onA.password(for: "cloud")?.password.unsafeText == "From-A-File-1")
        #expect(try PostgresCredentialDocument(store: store).load() != nil)

        let onB = try CredentialStore(directory: hostB, key: key, document: PostgresCredentialDocument.shared(by: store, stateDirectory: hostB))
        #expect(try onB.password(for: "cloud")?.password.unsafeText == "From-A-File-1", "B read its own older file")
        #expect(try onB.password(for: "contoso.com")?.password.unsafeText == "Set-On-A-2")
    }
}
