import Foundation
import LDAPClient
import SyncEngine
import TestSupport
import Testing

/// Password sync and the service-account reset with the Samba AD DC as the target: a private
/// OpenLDAP source whose user keeps a reversible password, joined to an AD user in an OU of the
/// test's own; the target's service account is an Account Operator of its own.
@Suite struct SambaPasswordSyncTests {
    @Test func resetServiceAccountAndSyncAPasswordIntoSamba() async throws {
        let samba = TestDirectory.samba
        let admin = try await samba.admin(tls: .ldaps)
        let tag = "pws\(UInt32.random(in: 0...999_999))"
        let ou = "OU=\(tag),\(samba.base)"
        let serviceDN = "CN=svc-\(tag),\(ou)"
        let userDN = "CN=user0007-\(tag),\(ou)"
        try await admin.add(ou, attributes: [LDAPAttribute("objectClass", ["top", "organizationalUnit"]), LDAPAttribute("ou", [tag])])
        try await admin.add(
            serviceDN,
            attributes: [
                LDAPAttribute("objectClass", ["top", "person", "organizationalPerson", "user"]), LDAPAttribute("cn", ["svc-\(tag)"]),
                LDAPAttribute("sAMAccountName", ["svc-\(tag)"]), LDAPAttribute("userAccountControl", ["512"]),
                LDAPAttribute("unicodePwd", values: [SambaOU.unicodePwd("Svc-Target-Pass-1")]),
            ])
        try await admin.modify("CN=Account Operators,CN=Builtin,\(samba.base)", [Modification(.add, "member", [serviceDN])])
        try await admin.add(
            userDN,
            attributes: [
                LDAPAttribute("objectClass", ["top", "person", "organizationalPerson", "user", "inetOrgPerson"]),
                LDAPAttribute("cn", ["user0007-\(tag)"]), LDAPAttribute("sAMAccountName", ["u7-\(tag)"]), LDAPAttribute("uid", ["user0007"]),
                LDAPAttribute("userAccountControl", ["512"]), LDAPAttribute("unicodePwd", values: [SambaOU.unicodePwd("Old-User-Pass-1")]),
            ])
        let fixture = try await SyncFixture(name: "pwsamba")
        defer {
            fixture.remove()
            let cleanup = Task { for dn in [userDN, serviceDN, ou] { try? await admin.delete(dn) } }
            _ = cleanup
        }

        let source = fixture.source.directory
        try fixture.writeConfiguration(
            ConfigurationBuilder(connectors: [
                .init(name: "contoso.com", role: "source", uri: source.uri, bindDN: source.serviceDN, baseDN: source.base, containers: ["ou=people"]),
                .init(
                    name: "samba", flavor: "active-directory", role: "target", uri: samba.ldapsURI, bindDN: serviceDN, baseDN: samba.base,
                    containers: ["OU=\(tag)"], settings: ["caFile": TestDirectory.caFile]),
            ]).yaml)
        try fixture.credentials.setPassword(Password("Svc-Target-Pass-1"), for: "samba", by: "test")
        // The source keeps this user's password reversibly ({CLEARTEXT}): AD takes only the password itself.
        let sourceAdmin = try await fixture.sourceAdmin()
        let sourceUser = "uid=user0007,ou=people,dc=contoso,dc=com"
        try await sourceAdmin.modify(sourceUser, [Modification(.replace, "userPassword", ["{CLEARTEXT}User-Seven-AD-9"])])
        for (connector, profile) in [("contoso.com", "full-import"), ("contoso.com", "full-sync"), ("samba", "full-import"), ("samba", "full-sync")] {
            let run = try await CommandLine.run(["run", connector, profile], config: fixture.configPath)
            #expect(run.code == 0, "\(connector) \(profile): \(run.stdout)\(run.stderr)")
        }

        // The target's service account is reset by mistake.
        try await admin.modify(serviceDN, [Modification(.replace, "unicodePwd", values: [SambaOU.unicodePwd("Mistake-AD-Pass-3")])])
        let failed = try await CommandLine.run(["password-sync", "run"], config: fixture.configPath)
        #expect(failed.code == 3, "\(failed.stdout)\(failed.stderr)")
        let notification = try #require(try await fixture.events(6900).last)
        #expect(notification.connector == "samba")
        #expect(notification.message.contains("(52e)"), "\(notification.message)")
        #expect(notification.message.contains("ldapsync service-account reset samba"))
        let policy = try #require(try await fixture.events(659).last)
        #expect(policy.connector == "samba")
        #expect(policy.message.contains("(52e)"))

        let reset = try await CommandLine.run(
            ["service-account", "reset", "samba", "--admin-dn", samba.adminDN, "--admin-password-stdin"],
            config: fixture.configPath, input: samba.adminPassword.unsafeText)
        #expect(reset.code == 0, "\(reset.stdout)\(reset.stderr)")
        for old in ["Svc-Target-Pass-1", "Mistake-AD-Pass-3"] {
            let connection = try await samba.connect(tls: .ldaps)
            await #expect(throws: LDAPError.self) { try await connection.bind(serviceDN, password: Password(old)) }
        }

        let fixed = try await CommandLine.run(["password-sync", "run"], config: fixture.configPath)
        #expect(fixed.code == 0, "\(fixed.stdout)\(fixed.stderr)")
        #expect(fixed.stdout.contains("passwords applied 1,"), "\(fixed.stdout)")
        let user = try await samba.connect(tls: .ldaps)
        try await user.bind(userDN, password: Password("User-Seven-AD-9"))

        let stored = try #require(try fixture.credentials.password(for: "samba")).password.unsafeText
        for output in [failed, reset, fixed] {
            for secret in ["Svc-Target-Pass-1", "Mistake-AD-Pass-3", "User-Seven-AD-9", stored, samba.adminPassword.unsafeText] {
                #expect(!(output.stdout + output.stderr).contains(secret))
            }
        }
        for file in try FileManager.default.subpathsOfDirectory(atPath: fixture.stateDirectory) {
            guard let data = FileManager.default.contents(atPath: fixture.stateDirectory + "/" + file) else { continue }
            for secret in ["User-Seven-AD-9", stored, "Mistake-AD-Pass-3"] { #expect(!data.contains(Data(secret.utf8)), "\(secret) in \(file)") }
        }
    }
}
