import Foundation
import LDAPClient
import SyncEngine
import Testing

/// Password sync and the one-command service-account reset, against private slapd directories
/// (the target's service account is reset behind the engine's back, as an admin would by mistake).
@Suite struct PasswordSyncTests {
    @Test func serviceAccountResetByMistakeIsFixedByOneCommand() async throws {
        let fixture = try await SyncFixture(name: "pwsync")
        defer { fixture.remove() }
        let target = fixture.target.directory
        _ = try await fixture.cycle(initial: true)

        // The first password sync applies every source password (seeded {SSHA} hashes).
        let initial = try await CommandLine.run(["password-sync", "run"], config: fixture.configPath)
        #expect(initial.code == 0, "\(initial.stdout)\(initial.stderr)")
        #expect(initial.stdout.contains("password-sync: success"), "\(initial.stdout)")
        let quiet = try await CommandLine.run(["password-sync", "run"], config: fixture.configPath)
        #expect(quiet.stdout.contains("completed-no-objects"), "\(quiet.stdout)")

        // The target's service account is reset by mistake; a source user changes password.
        let mistaken = Password("Reset-By-Mistake-42")
        let targetAdmin = try await target.admin()
        _ = try await targetAdmin.modifyPassword(userIdentity: target.serviceDN, oldPassword: nil, newPassword: mistaken)
        let userDN = "uid=user0007,ou=people,dc=contoso,dc=com"
        let userPassword = Password("User-Seven-New-9")
        let sourceAdmin = try await fixture.sourceAdmin()
        _ = try await sourceAdmin.modifyPassword(userIdentity: userDN, oldPassword: nil, newPassword: userPassword)

        let failed = try await CommandLine.run(["password-sync", "run"], config: fixture.configPath)
        #expect(failed.code == 3, "\(failed.stdout)\(failed.stderr)")
        #expect(failed.stdout.contains("no-start-credentials"))
        let notification = try #require(try await fixture.events(6900).last)
        #expect(notification.connector == "cloud")
        #expect(notification.message.contains("\"cloud\""))
        #expect(notification.message.contains("could not bind"))
        #expect(notification.message.contains("gave no reason"))
        #expect(notification.message.contains("last accepted at"))
        #expect(notification.message.contains("ldapsync service-account reset cloud"))
        let policy = try #require(try await fixture.events(659).last)
        #expect(policy.connector == "cloud")
        #expect(policy.message.contains("password policy configuration"))
        #expect(policy.message.contains("could not bind"))
        // Still failing on the next run, without another bind (no lockout), and still saying why.
        let again = try await CommandLine.run(["password-sync", "run"], config: fixture.configPath)
        #expect(again.code == 3)
        #expect(try await fixture.events(6900).count == 2)

        // One command resets the account in the directory and in the engine.
        let reset = try await CommandLine.run(
            ["service-account", "reset", "cloud", "--admin-dn", target.adminDN, "--admin-password-stdin"],
            config: fixture.configPath, input: target.adminPassword.unsafeText + "\n")
        #expect(reset.code == 0, "\(reset.stdout)\(reset.stderr)")
        #expect(reset.stdout.contains("new random password"))
        let resetEvent = try #require(try await fixture.events(6202).last)
        #expect(resetEvent.connector == "cloud")
        let stored = try #require(try fixture.credentials.password(for: "cloud"))
        #expect(stored.password.unsafeText.count >= 32)
        #expect(try fixture.credentials.record(for: "cloud")?.isRejected == false)

        // Neither old password binds any more; the stored one does.
        for old in [target.servicePassword, mistaken] {
            let connection = try await target.connect()
            await #expect(throws: LDAPError.self) { try await connection.bind(target.serviceDN, password: old) }
        }
        let service = try await target.connect()
        try await service.bind(target.serviceDN, password: stored.password)

        // The next password sync applies the change, and the user binds to the target with it.
        let fixed = try await CommandLine.run(["password-sync", "run"], config: fixture.configPath)
        #expect(fixed.code == 0, "\(fixed.stdout)\(fixed.stderr)")
        #expect(fixed.stdout.contains("passwords applied 1,"), "\(fixed.stdout)")
        let user = try await target.connect()
        try await user.bind(targetDN(userDN), password: userPassword)
        // The run history names the user and the outcome.
        let runID = try #require(try await fixture.store.read { try $0.runs(connector: "cloud", limit: 1).first?.id })
        let history = try await CommandLine.run(["runs", "--id", String(runID)], config: fixture.configPath)
        #expect(history.stdout.contains("applied: \(userDN) -> \(targetDN(userDN))"), "\(history.stdout)")

        // No password appears in the state folder (not even a hash), the output or the events.
        let secrets = [
            mistaken.unsafeText, userPassword.unsafeText, stored.password.unsafeText, target.adminPassword.unsafeText,
            target.servicePassword.unsafeText, "{SSHA}",
        ]
        for file in try FileManager.default.subpathsOfDirectory(atPath: fixture.stateDirectory) {
            guard let data = FileManager.default.contents(atPath: fixture.stateDirectory + "/" + file) else { continue }
            for secret in secrets { #expect(!data.contains(Data(secret.utf8)), "\(secret) in \(file)") }
        }
        for output in [initial, failed, again, reset, fixed, history] {
            for secret in secrets { #expect(!(output.stdout + output.stderr).contains(secret)) }
        }
    }

    @Test func anInterruptedResetIsFinishedByTheNextCommand() async throws {
        let fixture = try await SyncFixture(name: "pwreset")
        defer { fixture.remove() }
        let target = fixture.target.directory
        // A reset that crashed after the directory write: the pending password is in the store
        // and in the directory, the current one is stale.
        let pending = Password("Pending-From-Crash-5")
        try fixture.credentials.setPending(pending, for: "cloud", by: "test")
        let admin = try await target.admin()
        _ = try await admin.modifyPassword(userIdentity: target.serviceDN, oldPassword: nil, newPassword: pending)

        let finished = try await CommandLine.run(["service-account", "reset", "cloud"], config: fixture.configPath)
        #expect(finished.code == 0, "\(finished.stdout)\(finished.stderr)")
        #expect(finished.stdout.contains("interrupted reset"))
        #expect(try fixture.credentials.password(for: "cloud")?.password == pending)
        #expect(try await fixture.events(6203).count == 1)

        // A reset that crashed before the directory write: its pending password does not bind,
        // so it is dropped and a new reset runs.
        try fixture.credentials.setPending(Password("Never-Written-6"), for: "cloud", by: "test")
        let redone = try await CommandLine.run(
            ["service-account", "reset", "cloud", "--admin-dn", target.adminDN, "--admin-password-stdin"],
            config: fixture.configPath, input: target.adminPassword.unsafeText)
        #expect(redone.code == 0, "\(redone.stdout)\(redone.stderr)")
        #expect(redone.stdout.contains("new random password"))
        let stored = try #require(try fixture.credentials.password(for: "cloud"))
        #expect(stored.password != pending)
        let check = try await target.connect()
        try await check.bind(target.serviceDN, password: stored.password)

        // A wrong admin password changes nothing.
        let refused = try await CommandLine.run(
            ["service-account", "reset", "cloud", "--admin-dn", target.adminDN, "--admin-password-stdin"],
            config: fixture.configPath, input: "Wrong-Admin-1")
        #expect(refused.code == 3)
        #expect(refused.stderr.contains("refused the admin bind"))
        #expect(try fixture.credentials.password(for: "cloud")?.password == stored.password)
        #expect(try fixture.credentials.pendingPassword(for: "cloud") == nil)
    }
}
