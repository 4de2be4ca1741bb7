import Foundation
import LDAPClient
import SyncEngine
import Testing

/// No lockouts against Samba AD (lockout threshold 3): after a rotation, ten runs leave the
/// account usable, and event 6000 carries AD's reason in words.
@Suite struct SambaCredentialTests {
    @Test func tenRunsAfterARotationLeaveTheADAccountUnlocked() async throws {
        let samba = TestDirectory.samba
        let admin = try await samba.admin(tls: .ldaps)
        let name = uniqueName("syncacct")
        let dn = "CN=\(name),OU=Service,\(samba.base)"
        try await admin.add(
            dn,
            attributes: [
                LDAPAttribute("objectClass", ["top", "person", "organizationalPerson", "user"]), LDAPAttribute("cn", [name]),
                LDAPAttribute("sAMAccountName", [String(name.prefix(20))]), LDAPAttribute("userAccountControl", ["512"]),
                LDAPAttribute("unicodePwd", values: [SambaOU.unicodePwd("First-AD-Pass-1")]),
            ])
        defer { Task { try? await admin.delete(dn) } }

        let testStore = TestStore()
        let scratch = try ScratchConfig(
            "adlock", yaml: ScratchConfig.adSource(bindDN: dn, containers: ["OU=People"], target: TestDirectory.target, store: testStore.setting))
        defer { scratch.remove() }
        let config = scratch.path
        #expect(try await CommandLine.run(["init"], config: config).code == 0)
        let set = try await CommandLine.run(
            ["connector", "set-password", "contoso-ad", "--password-stdin"], config: config, input: "First-AD-Pass-1")
        #expect(set.code == 0, "\(set.stderr)")
        let first = try await CommandLine.run(["connector", "test", "contoso-ad"], config: config)
        #expect(first.code == 0, "\(first.stderr)")

        // Rotated by an admin behind the engine's back.
        try await admin.modify(dn, [Modification(.replace, "unicodePwd", values: [SambaOU.unicodePwd("Second-AD-Pass-2")])])
        for _ in 0..<10 {
            let run = try await CommandLine.run(["run", "contoso-ad", "full-import"], config: config)
            #expect(run.code == 3)
            #expect(run.stdout.contains("no-start-credentials"))
        }
        let events = try await CommandLine.run(["events", "--id", "6000"], config: config)
        #expect(events.stdout.contains("the password is wrong, or the account does not exist (52e)"))
        #expect(events.stdout.contains("last accepted at"))
        // Not locked out (775): the new password binds.
        let check = try await samba.connect(tls: .ldaps)
        try await check.bind(dn, password: Password("Second-AD-Pass-2"))
    }
}
