import Foundation
import LDAPClient
import SyncEngine
import TestSupport
import Testing

/// Active Directory (the Samba AD DC) as the source of a sync cycle into OpenLDAP, and OpenLDAP
/// into AD as the target. Each test works in an OU of its own.
@Suite struct ADCycleTests {
    /// A config: the AD OU as source `contoso-ad`, the fixture's private OpenLDAP target `cloud`.
    private func adSourceConfig(_ fixture: SyncFixture, _ ou: SambaOU) throws {
        try fixture.writeConfiguration(ScratchConfig.adSource(containers: ["OU=\(ou.tag)"], target: fixture.target.directory))
        try fixture.credentials.setPassword(TestDirectory.samba.servicePassword, for: "contoso-ad", by: "test")
    }

    private func cycle(_ fixture: SyncFixture, initial: Bool = false) async throws -> CommandLine.Result {
        let result = try await CommandLine.run(["cycle"] + (initial ? ["--initial"] : []), config: fixture.configPath)
        #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
        return result
    }

    @Test func adUsersAndGroupsConvergeInOpenLDAPThroughEveryKindOfChange() async throws {
        let ou = try await SambaOU.create("ad")
        let fixture = try await SyncFixture(name: "adcycle")
        defer { fixture.remove() }
        do {
            try await run(fixture, ou)
        } catch {
            await ou.remove()
            throw error
        }
        await ou.remove()
    }

    private func run(_ fixture: SyncFixture, _ ou: SambaOU) async throws {
        try adSourceConfig(fixture, ou)
        let t = ou.tag
        let alice = try await ou.addUser(
            "Alice \(t)", account: "alice-\(t)",
            extra: [
                LDAPAttribute("givenName", ["Alice"]), LDAPAttribute("sn", ["Smith"]), LDAPAttribute("mail", ["alice@\(t).example"]),
                LDAPAttribute("title", ["Engineer"]), LDAPAttribute("department", ["R&D"]),
            ])
        let bob = try await ou.addUser("Bob \(t)", account: "bob-\(t)", extra: [LDAPAttribute("sn", ["Jones"])])
        let carol = try await ou.addUser("Carol \(t)", account: "carol-\(t)")
        let group = try await ou.addGroup("team-\(t)", members: [alice, bob])
        let base = fixture.target.directory.base
        func target(_ adDN: String) -> String { adDN.replacingOccurrences(of: TestDirectory.samba.base, with: base) }
        let targetAdmin = try await fixture.target.directory.admin()
        func entry(_ dn: String, _ attributes: [String] = ["*", "pwdAccountLockedTime"]) async throws -> LDAPEntry? {
            do {
                return try await targetAdmin.searchAll(SearchRequest(base: dn, scope: .base, attributes: attributes)).first
            } catch LDAPResultCode.noSuchObject {
                return nil
            }
        }
        func members(_ dn: String) async throws -> Set<String> {
            Set(try await entry(dn)?.strings("member").map { normalizedDN($0) } ?? [])
        }

        _ = try await cycle(fixture, initial: true)
        let aliceEntry = try #require(try await entry(target(alice)))
        #expect(aliceEntry.strings("objectClass").contains("inetOrgPerson"))
        #expect(aliceEntry.string("uid") == "alice-\(t)")
        #expect(aliceEntry.string("sn") == "Smith")
        #expect(aliceEntry.string("givenName") == "Alice")
        #expect(aliceEntry.string("mail") == "alice@\(t).example")
        #expect(aliceEntry.string("departmentNumber") == "R&D")
        #expect(aliceEntry.string("pwdAccountLockedTime") == nil)
        // cn stands in for a missing sn (inetOrgPerson requires one).
        #expect(try await entry(target(carol))?.string("sn") == "Carol \(t)")
        #expect(try await members(target(group)) == Set([target(alice), target(bob)].map { normalizedDN($0) }))

        // Every kind of change in AD.
        let moved = try await ou.addOU("Moved")
        let dave = try await ou.addUser("Dave \(t)", account: "dave-\(t)")
        try await ou.admin.modify(alice, [Modification(.replace, "title", ["Architect"])])
        try await ou.admin.modify(bob, [Modification(.replace, "userAccountControl", ["514"])])
        try await ou.admin.rename(carol, newRDN: "CN=Carol Renamed \(t)", newSuperior: nil)
        let carolRenamed = "CN=Carol Renamed \(t),\(ou.dn)"
        try await ou.admin.rename(dave, newRDN: "CN=Dave \(t)", newSuperior: moved)
        let daveMoved = "CN=Dave \(t),\(moved)"
        try await ou.admin.modify(group, [Modification(.add, "member", [carolRenamed, daveMoved])])
        try await ou.admin.delete(alice)

        _ = try await cycle(fixture)
        #expect(try await entry(target(alice)) == nil)
        #expect(try await entry(target(bob))?.string("pwdAccountLockedTime") == AccountState.permanentLock)
        #expect(try await entry(target(carol)) == nil)
        #expect(try await entry(target(carolRenamed))?.string("uid") == "carol-\(t)")
        #expect(try await entry(target(daveMoved))?.string("uid") == "dave-\(t)")
        #expect(try await members(target(group)) == Set([target(bob), target(carolRenamed), target(daveMoved)].map { normalizedDN($0) }))

        // Enabled again: the lock goes; a title change is the only other write. Then quiet.
        try await ou.admin.modify(bob, [Modification(.replace, "userAccountControl", ["512"])])
        _ = try await cycle(fixture)
        #expect(try await entry(target(bob))?.string("pwdAccountLockedTime") == nil)
        let quiet = try await CommandLine.run(["cycle", "--json"], config: fixture.configPath)
        #expect(quiet.code == 0)
        let exportRun = try #require(try await fixture.store.read { try $0.runs(connector: "cloud", limit: 10) }.first { $0.profile == .export })
        #expect(exportRun.status == .completedNoObjects, "\(exportRun)")
    }

    @Test func openLDAPUsersAreCreatedInADAndBindWithTheirSyncedPassword() async throws {
        try await withADTarget("at", tls: true) { setup in
            let (fixture, tag, ouDN, sambaAdmin, source, sourceOU) = (setup.fixture, setup.tag, setup.ouDN, setup.admin, setup.source, setup.sourceOU)
            let samba = TestDirectory.samba
            // A small OU of the source: two people (passwords kept reversibly) and a group.
            for (uid, cn, password) in [("ada-\(tag)", "Ada \(tag)", "Ada-Pass-2024x"), ("ben-\(tag)", "Ben \(tag)", "Ben-Pass-2024y")] {
                try await source.add(
                    "uid=\(uid),\(sourceOU)",
                    attributes: [
                        LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", [uid]), LDAPAttribute("cn", [cn]),
                        LDAPAttribute("sn", ["Tester"]), LDAPAttribute("mail", ["\(uid)@contoso.com"]),
                        LDAPAttribute("userPassword", ["{CLEARTEXT}\(password)"]),
                    ])
            }
            try await source.add(
                "cn=grp-\(tag),\(sourceOU)",
                attributes: [
                    LDAPAttribute("objectClass", ["groupOfNames"]), LDAPAttribute("cn", ["grp-\(tag)"]),
                    LDAPAttribute("member", ["uid=ada-\(tag),\(sourceOU)", "uid=ben-\(tag),\(sourceOU)"]),
                ])
            _ = try await cycle(fixture, initial: true)
            let ada = try #require(try await sambaAdmin.searchAll(SearchRequest(base: ouDN, filter: "(sAMAccountName=ada-\(tag))")).first)
            #expect(ada.dn == "CN=Ada \(tag),\(ouDN)")
            #expect(ada.string("userPrincipalName") == "ada-\(tag)@contoso.com")
            #expect(ada.string("mail") == "ada-\(tag)@contoso.com")
            #expect(ada.string("userAccountControl") == "512")
            let group = try #require(try await sambaAdmin.searchAll(SearchRequest(base: ouDN, filter: "(sAMAccountName=grp-\(tag))")).first)
            #expect(
                Set(group.strings("member").map { normalizedDN($0) })
                    == Set(["CN=Ada \(tag),\(ouDN)", "CN=Ben \(tag),\(ouDN)"].map { normalizedDN($0) }))

            // Password sync sets each person's own password (over TLS); they bind with it.
            let sync = try await CommandLine.run(["password-sync", "run"], config: fixture.configPath)
            #expect(sync.code == 0, "\(sync.stdout)\(sync.stderr)")
            #expect(sync.stdout.contains("passwords applied 2,"), "\(sync.stdout)")
            let user = try await samba.connect(tls: .ldaps)
            try await user.bind("ada-\(tag)@contoso.com", password: Password("Ada-Pass-2024x"))

            // Nothing left to write: the next cycle exports nothing.
            _ = try await cycle(fixture)
            let export = try #require(
                try await fixture.store.read { try $0.runs(connector: "contoso-ad", limit: 10) }.first { $0.profile == .export })
            #expect(export.status == .completedNoObjects, "\(export)")
        }
    }

    @Test func aLargeGroupIsExportedToADInChunksExactly() async throws {
        try await withADTarget("lg", tls: false) { setup in
            let (fixture, tag, ouDN, sambaAdmin, source, sourceOU) = (setup.fixture, setup.tag, setup.ouDN, setup.admin, setup.source, setup.sourceOU)
            // Plain LDAP on purpose: people are then created disabled without a password, which
            // spares Samba 2,500 Kerberos key derivations; the membership is what is tested here.
            let count = 2_500
            let people = (0..<count).map { "uid=m\($0)-\(tag),\(sourceOU)" }
            let adds: [WriteRequest] = people.enumerated().map { index, dn in
                .add(
                    dn: dn,
                    attributes: [
                        LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", ["m\(index)-\(tag)"]),
                        LDAPAttribute("cn", ["Member \(index) \(tag)"]), LDAPAttribute("sn", ["Member"]),
                    ])
            }
            _ = try await source.writeAll(adds, window: 64)
            let groupDN = "cn=big-\(tag),\(sourceOU)"
            try await source.add(
                groupDN,
                attributes: [
                    LDAPAttribute("objectClass", ["groupOfNames"]), LDAPAttribute("cn", ["big-\(tag)"]),
                    LDAPAttribute("member", people),
                ])
            func adMembers() async throws -> Set<String> {
                let group = try #require(
                    try await sambaAdmin.searchAll(SearchRequest(base: "CN=big-\(tag),\(ouDN)", scope: .base, attributes: ["member"])).first)
                return Set(group.strings("member").map { normalizedDN($0) })
            }
            func expected(_ indexes: Range<Int>) -> Set<String> { Set(indexes.map { normalizedDN("CN=Member \($0) \(tag),\(ouDN)") }) }

            _ = try await cycle(fixture, initial: true)
            #expect(try await adMembers() == expected(0..<count))
            let member = try await sambaAdmin.searchAll(
                SearchRequest(base: "CN=Member 7 \(tag),\(ouDN)", scope: .base, attributes: ["userAccountControl"]))
            #expect(member.first?.string("userAccountControl") == "514", "created disabled: no password over plain LDAP")

            // 1,200 members leave at once: removed in chunks, exactly.
            try await source.modify(groupDN, [Modification(.delete, "member", Array(people[1_300...]))])
            _ = try await cycle(fixture)
            #expect(try await adMembers() == expected(0..<1_300))
        }
    }

    /// What `withADTarget` sets up: an OU `ou=<tag>` in the fixture's private source, synced by
    /// the fixture's configuration into `OU=<tag>` of the shared Samba DC (connector
    /// `contoso-ad`, bound as Administrator).
    private struct ADTargetSetup {
        let fixture: SyncFixture
        let tag: String
        let sourceOU: String
        let ouDN: String
        let admin: LDAPConnection
        let source: LDAPConnection
    }

    /// Runs `body` with an OpenLDAP source OU and its AD target OU (over LDAPS with the CA when
    /// `tls`, plain LDAP otherwise), and removes what it wrote to Samba afterwards, failed or not.
    @Test func thePreviewIsWhatTheExportWritesToAD() async throws {
        try await withADTarget("pv", tls: true) { setup in
            let (fixture, tag, ouDN, source, sourceOU) = (setup.fixture, setup.tag, setup.ouDN, setup.source, setup.sourceOU)
            for uid in ["ann-\(tag)", "bob-\(tag)"] {
                try await source.add(
                    "uid=\(uid),\(sourceOU)",
                    attributes: [
                        LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", [uid]), LDAPAttribute("cn", [uid]),
                        LDAPAttribute("sn", ["Tester"]),
                    ])
            }
            try await source.add(
                "cn=old-\(tag),\(sourceOU)",
                attributes: [
                    LDAPAttribute("objectClass", ["groupOfNames"]), LDAPAttribute("cn", ["old-\(tag)"]),
                    LDAPAttribute("member", ["uid=ann-\(tag),\(sourceOU)"]),
                ])
            _ = try await cycle(fixture, initial: true)
            // A modify, an add (with its initial password), a new group, a group deleted.
            try await source.modify(
                "uid=ann-\(tag),\(sourceOU)", [Modification(.replace, "title", ["Lead"]), Modification(.replace, "mail", ["ann@contoso.com"])])
            try await source.add(
                "uid=cid-\(tag),\(sourceOU)",
                attributes: [
                    LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", ["cid-\(tag)"]), LDAPAttribute("cn", ["cid-\(tag)"]),
                    LDAPAttribute("sn", ["Tester"]), LDAPAttribute("description", ["new"]),
                ])
            try await source.add(
                "cn=new-\(tag),\(sourceOU)",
                attributes: [
                    LDAPAttribute("objectClass", ["groupOfNames"]), LDAPAttribute("cn", ["new-\(tag)"]),
                    LDAPAttribute("member", ["uid=ann-\(tag),\(sourceOU)", "uid=bob-\(tag),\(sourceOU)"]),
                ])
            try await source.delete("cn=old-\(tag),\(sourceOU)")
            for run in [["contoso.com", "delta-import"], ["contoso.com", "delta-sync"]] {
                #expect(try await CommandLine.run(["run"] + run, config: fixture.configPath).code == 0)
            }
            let preview = try await CommandLine.run(["export", "preview", "contoso-ad"], config: fixture.configPath)
            #expect(preview.code == 0, "\(preview.stderr)")
            #expect(preview.stdout.contains("# unicodePwd: a random initial password"), "\(preview.stdout)")
            let planned = PreviewLDIF.writes(preview.stdout)
            let mark = SambaAudit.mark()
            let export = try await CommandLine.run(["run", "contoso-ad", "export"], config: fixture.configPath)
            #expect(export.code == 0, "\(export.stdout)\(export.stderr)")
            try await Task.sleep(for: .milliseconds(500))
            let written = try SambaAudit.writes(since: mark, below: ouDN)
            #expect(Set(planned.map(\.type)) == ["add", "modify", "delete"], "\(planned.map(\.type))")
            #expect(
                planned.count == written.count, "planned \(planned.map { "\($0.type) \($0.dn)" }) written \(written.map { "\($0.type) \($0.dn)" })")
            for write in written {
                // The initial password is sent (redacted in the log) where the plan says so; nothing else differs.
                var expected = write
                expected.changes.remove("unicodepwd:redacted")
                let match = planned.first { $0.type == write.type && $0.dn == write.dn }
                #expect(
                    match.map { Set($0.changes.map { $0.lowercasedName }) } == Set(expected.changes.map { $0.lowercasedName }),
                    "\(write.type) \(write.dn): planned \(match?.changes.sorted() ?? []) written \(expected.changes.sorted())")
            }
            #expect(written.contains { $0.type == "add" && $0.changes.contains("unicodepwd:redacted") }, "no initial password was sent")
        }
    }

    private func withADTarget(_ prefix: String, tls: Bool, _ body: (ADTargetSetup) async throws -> Void) async throws {
        let fixture = try await SyncFixture(name: "ad\(prefix)")
        defer { fixture.remove() }
        let samba = TestDirectory.samba
        let tag = "\(prefix)\(UInt32.random(in: 0...999_999))"
        let setup = ADTargetSetup(
            fixture: fixture, tag: tag, sourceOU: "ou=\(tag),dc=contoso,dc=com", ouDN: "OU=\(tag),\(samba.base)",
            admin: try await samba.admin(tls: .ldaps), source: try await fixture.sourceAdmin())
        try await setup.source.add(setup.sourceOU, attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", [tag])])
        let source = fixture.source.directory
        try fixture.writeConfiguration(
            ConfigurationBuilder(connectors: [
                .init(name: "contoso.com", role: "source", uri: source.uri, bindDN: source.serviceDN, baseDN: source.base, containers: ["ou=\(tag)"]),
                .init(
                    name: "contoso-ad", flavor: "active-directory", role: "target", uri: tls ? samba.ldapsURI : samba.uri, bindDN: samba.adminDN,
                    baseDN: samba.base, containers: ["OU=\(tag)"], settings: tls ? ["caFile": TestDirectory.caFile] : [:]),
            ]).yaml)
        try fixture.credentials.setPassword(samba.adminPassword, for: "contoso-ad", by: "test")
        do {
            try await body(setup)
        } catch {
            await SambaOU.removeSubtree(setup.ouDN, setup.admin)
            throw error
        }
        await SambaOU.removeSubtree(setup.ouDN, setup.admin)
    }

    @Test func aDisabledServiceAccountGivesEvent6000SayingSo() async throws {
        let scratch = try ScratchConfig(
            "addisabled",
            yaml: ScratchConfig.adSource(
                bindDN: env("LDAPSYNC_SAMBA_DISABLED_DN", "CN=disabled-user,OU=People,DC=contoso,DC=com"), target: TestDirectory.target))
        defer { scratch.remove() }
        let config = scratch.path
        #expect(try await CommandLine.run(["init"], config: config).code == 0)
        let password = env("LDAPSYNC_SAMBA_TEST_PASSWORD", "Bind-Check-2024")
        #expect(
            try await CommandLine.run(
                ["connector", "set-password", "contoso-ad", "--password-stdin", "--no-verify"], config: config, input: password
            ).code == 0)
        let run = try await CommandLine.run(["run", "contoso-ad", "full-import"], config: config)
        #expect(run.code == 3)
        #expect(run.stdout.contains("no-start-credentials"))
        let events = try await CommandLine.run(["events", "--id", "6000"], config: config)
        #expect(events.stdout.contains("The management agent \"contoso-ad\" failed to run because the credentials were invalid."))
        #expect(events.stdout.contains("(533)"), "\(events.stdout)")
        #expect(events.stdout.contains("disabled"), "\(events.stdout)")
    }
}
