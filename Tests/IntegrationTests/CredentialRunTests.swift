import Connectors
import Foundation
import LDAPClient
import SyncEngine
import Testing

/// What a run does with a rejected password, against slapd's ppolicy lockout.
@Suite struct CredentialRunTests {
    /// A fixture whose source connector binds as `cn=lockme` (locked after 3 failed binds).
    private func lockableFixture(_ name: String) async throws -> SyncFixture {
        let fixture = try await SyncFixture(name: name)
        let lockDN = env("LDAPSYNC_SOURCE_LOCK_DN", "cn=lockme,ou=service,dc=contoso,dc=com")
        let yaml = try String(contentsOfFile: fixture.configPath, encoding: .utf8)
            .replacingOccurrences(of: "bindDN: \(fixture.source.directory.serviceDN)", with: "bindDN: \(lockDN)")
            // The lock account has slapd's default size limit (500): a container below it.
            .replacingOccurrences(of: "containers: [ou=people, ou=groups]", with: "containers: [ou=groups]")
        try yaml.write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
        return fixture
    }

    @Test func rotatedPasswordGivesNoStartCredentialsAndNeverLocksTheAccount() async throws {
        let fixture = try await lockableFixture("rotate")
        defer { fixture.remove() }
        let lockDN = env("LDAPSYNC_SOURCE_LOCK_DN", "cn=lockme,ou=service,dc=contoso,dc=com")
        let original = Password(env("LDAPSYNC_SOURCE_LOCK_PASSWORD", "Lock-Me-2024"))
        _ = try await CommandLine.run(
            ["connector", "set-password", "contoso.com", "--password-stdin"], config: fixture.configPath, input: original.unsafeText)
        let first = try await CommandLine.run(["run", "contoso.com", "full-import"], config: fixture.configPath)
        #expect(first.code == 0, "\(first.stdout)\(first.stderr)")

        // The directory's admin rotates the service account's password behind the engine's back.
        let admin = try await fixture.sourceAdmin()
        try await admin.modifyPassword(userIdentity: lockDN, oldPassword: nil, newPassword: Password("Rotated-Pass-77"))

        let rejected = try await CommandLine.run(["run", "contoso.com", "delta-import"], config: fixture.configPath)
        #expect(rejected.code == 3)
        #expect(rejected.stdout.contains("no-start-credentials"))
        let events = try await fixture.events(6000)
        #expect(events.count == 1)
        #expect(events.first?.message.hasPrefix("The management agent \"contoso.com\" failed to run because the credentials were invalid.") == true)
        #expect(events.first?.message.contains("gave no reason") == true)
        #expect(events.first?.message.contains("last accepted at") == true)

        // Ten more runs: none binds, so the account (3 failures lock it) stays usable.
        for _ in 0..<10 {
            let again = try await CommandLine.run(["run", "contoso.com", "delta-import"], config: fixture.configPath)
            #expect(again.code == 3)
            #expect(again.stdout.contains("not tried again"))
        }
        // Every failed run says why (one event 6000 each), but only the first bound.
        #expect(try await fixture.events(6000).count == 11)
        let check = try await fixture.source.directory.connect()
        try await check.bind(lockDN, password: Password("Rotated-Pass-77"))  // throws if locked

        // A wrong new password is refused and the stored (rejected) one is kept.
        let wrong = try await CommandLine.run(
            ["connector", "set-password", "contoso.com", "--password-stdin"], config: fixture.configPath, input: "Not-The-Password-1")
        #expect(wrong.code == 3)
        #expect(wrong.stderr.contains("was not changed"))
        #expect(try fixture.credentials.record(for: "contoso.com")?.generation == 2)  // the fixture set 1, this test 2

        // The right one works at once.
        let right = try await CommandLine.run(
            ["connector", "set-password", "contoso.com", "--password-stdin"], config: fixture.configPath, input: "Rotated-Pass-77\n")
        #expect(right.code == 0)
        #expect(try fixture.credentials.record(for: "contoso.com")?.generation == 3)
        #expect(try await fixture.events(6200).count == 2)
        let after = try await CommandLine.run(["run", "contoso.com", "delta-import"], config: fixture.configPath)
        #expect(after.code == 0, "\(after.stdout)\(after.stderr)")

        // No password used here appears in state, logs, events, run history or output.
        let secrets = ["Lock-Me-2024", "Rotated-Pass-77", "Not-The-Password-1"]
        for file in try FileManager.default.subpathsOfDirectory(atPath: fixture.stateDirectory) {
            guard let data = FileManager.default.contents(atPath: fixture.stateDirectory + "/" + file) else { continue }
            for secret in secrets { #expect(!data.contains(Data(secret.utf8)), "\(secret) in \(file)") }
        }
        for output in [first, rejected, wrong, right, after] {
            for secret in secrets { #expect(!(output.stdout + output.stderr).contains(secret)) }
        }
    }

    @Test func stagingModeImportsAndSyncsButNeverExports() async throws {
        let fixture = try await SyncFixture(name: "staging", settings: ["stagingMode": "true"])
        defer { fixture.remove() }
        let runs = try await fixture.cycle(initial: true)
        #expect(!runs.contains { $0.profile == .export })
        #expect(try await fixture.store.read { try $0.csPendingExportCounts(connector: "cloud")[.add] } == 1616)
        #expect(try await fixture.targetEntries(filter: "(objectClass=inetOrgPerson)").isEmpty)
        let export = try await CommandLine.run(["run", "cloud", "export"], config: fixture.configPath)
        #expect(export.code == 2)
        #expect(export.stderr.contains("staging mode"))
        let preview = try await CommandLine.run(["export", "preview", "cloud"], config: fixture.configPath)
        #expect(preview.stdout.components(separatedBy: "changetype: add").count - 1 == 1616)
    }

    @Test func passwordChangedDuringAnImportStopsItWithStoppedCredentials() async throws {
        let fixture = try await SyncFixture(name: "midrun")
        defer { fixture.remove() }
        let directory = fixture.source.directory
        let newPasswordFile = fixture.stateDirectory + "/new.pw"
        try "Changed-Mid-Run-9".write(toFile: newPasswordFile, atomically: true, encoding: .utf8)
        let changed = ManagedFlag()
        let coordinator = fixture.coordinator(progress: { connector, _, done in
            guard connector == "contoso.com", done >= 1000, changed.setOnce() else { return }
            // The admin changes the service account's password while ou=people is being read.
            // (A synchronous callback: waiting here, off the cooperative pool's hands, is the point.)
            if let pid = try? spawn(
                "/usr/bin/ldappasswd",
                [
                    "-x", "-H", directory.uri, "-D", directory.adminDN, "-y", fixture.source.devDirectory + "/secrets/source-admin.pw",
                    "-T", newPasswordFile, directory.serviceDN,
                ], environment: ["LDAPNOINIT": "1"], stdin: "/dev/null", stdout: fixture.stateDirectory + "/ldappasswd.log", stderr: nil)
            {
                _ = wait(for: pid)
            }
        })
        let run = try await coordinator.run("contoso.com", .fullImport)
        #expect(run.status == .stoppedCredentials)
        #expect(run.status.exitCode == 3)
        #expect(try await fixture.events(6000).count == 1)
        // What was imported before the stop is kept and consistent; the next run finishes it.
        let partial = try await fixture.store.read { try $0.csCount(connector: "contoso.com") }
        #expect(partial == 1609)  // ou=people, read on the session bound before the change
        try fixture.credentials.setPassword(Password("Changed-Mid-Run-9"), for: "contoso.com", by: "test")
        let next = try await fixture.coordinator().run("contoso.com", .fullImport)
        #expect(next.status == .success)
        #expect(try await fixture.store.read { try $0.csCount(connector: "contoso.com") } == 1616)
    }
}

/// A flag set once, from any thread.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false

    /// Sets the flag; true only for the first caller.
    func setOnce() -> Bool {
        lock.withLock {
            defer { set = true }
            return !set
        }
    }
}
