import Foundation
import LDAPClient
import SyncEngine
import SyncStore
import Testing

@testable import Connectors

/// Delta import from the shared Samba AD DC: DirSync for the service account that holds
/// "Replicating Directory Changes", uSNChanged + invocationId for an ordinary account. Each run
/// is a new `ldapsync` process, as an admin (or the scheduler) runs it.
@Suite struct ADDeltaImportTests {
    @Test func dirSyncDeltaStagesExactlyWhatChanged() async throws {
        try await ADScratch.with("add") { ad in
            let samba = ad.samba
            let second = "OU=second,\(ad.ou)"
            try await ad.admin.add(second, attributes: [LDAPAttribute("objectClass", ["top", "organizationalUnit"])])
            let alice = try await ad.addUser("alice")
            let bob = try await ad.addUser("bob", password: "Bob-Delta-Pass-1")
            let carol = try await ad.addUser("carol")
            let dave = try await ad.addUser("dave")
            let erin = try await ad.addUser("erin")
            let frank = try await ad.addUser("frank")
            let hank = try await ad.addUser("hank")
            let g1 = try await ad.addGroup("g1", members: ["CN=alice,\(ad.ou)", "CN=hank,\(ad.ou)"])
            let g2 = try await ad.addGroup("g2", members: ["CN=carol,\(ad.ou)", "CN=frank,\(ad.ou)"])
            try await ad.configure(bindDN: samba.serviceDN, password: samba.servicePassword.unsafeText)
            let store = try ad.store()

            let full = try await ad.run("full-import", store)
            #expect(full.counters.adds == 9, "\(full.counters)")
            guard case .dirSync = try #require(try await ad.watermark(store)) else {
                Issue.record("the service account holds Replicating Directory Changes: the watermark must be a DirSync cookie")
                return
            }
            #expect(try await ad.run("delta-import", store).counters == RunCounters(), "nothing changed yet")

            let gina = try await ad.addUser("gina")
            try await ad.admin.modify("CN=alice,\(ad.ou)", [Modification(.replace, "description", ["changed by the delta test"])])
            try await ad.admin.modify("CN=bob,\(ad.ou)", [Modification(.replace, "userAccountControl", ["514"])])
            try await ad.admin.rename("CN=carol,\(ad.ou)", newRDN: "CN=carol2")
            try await ad.admin.rename("CN=dave,\(ad.ou)", newRDN: "CN=dave", newSuperior: second)
            try await ad.admin.rename("CN=erin,\(ad.ou)", newRDN: "CN=erin", newSuperior: ad.outside)
            try await ad.admin.delete("CN=frank,\(ad.ou)")
            try await ad.admin.modify(
                "CN=g1,\(ad.ou)",
                [
                    Modification(.delete, "member", ["CN=hank,\(ad.ou)"]),
                    Modification(.add, "member", ["CN=gina,\(ad.ou)"]),
                ])

            let delta = try await ad.run("delta-import", store)
            #expect(delta.message == nil, "\(delta.message ?? "")")
            var expected = RunCounters()
            // alice (description), bob (disabled), g1 (members), hank (memberOf: AD does not report
            // the other end of a link), g2 (carol renamed, frank gone: its member values changed)
            (expected.adds, expected.updates, expected.renames, expected.deletes) = (1, 5, 2, 2)
            #expect(delta.counters == expected, "\(delta.counters)")

            let space = try await ad.connectorSpace(store)
            #expect(Set(space.keys) == [alice, bob, carol, dave, gina, hank, g1, g2], "erin moved out of scope and frank was deleted")
            #expect(!space.keys.contains(erin) && !space.keys.contains(frank))
            #expect(space[gina]?.dn == "CN=gina,\(ad.ou)")
            #expect(space[alice]?.attributes.strings("description") == ["changed by the delta test"])
            #expect(space[hank]?.attributes.strings("memberOf") == [])
            #expect(space[gina]?.attributes.strings("memberOf").map(normalizedDN) == [normalizedDN("CN=g1,\(ad.ou)")])
            #expect(space[bob]?.attributes.strings("userAccountControl") == ["514"])
            #expect(space[carol].map { normalizedDN($0.dn) } == normalizedDN("CN=carol2,\(ad.ou)"))
            #expect(space[dave].map { normalizedDN($0.dn) } == normalizedDN("CN=dave,\(second)"))
            #expect(
                Set(space[g1]?.attributes.strings("member").map(normalizedDN) ?? [])
                    == Set(["CN=alice,\(ad.ou)", "CN=gina,\(ad.ou)"].map(normalizedDN)))
            #expect(space[g2]?.attributes.strings("member").map(normalizedDN) == [normalizedDN("CN=carol2,\(ad.ou)")])

            let quiet = try await ad.run("delta-import", store)
            #expect(quiet.counters == RunCounters(), "a second delta import finds nothing: \(quiet.counters)")
            #expect(quiet.status == .completedNoObjects)
        }
    }

    @Test func dirSyncCookieCarriesOverToANewProcess() async throws {
        try await ADScratch.with("adc") { ad in
            let users = [try await ad.addUser("u1"), try await ad.addUser("u2"), try await ad.addUser("u3")]
            try await ad.configure(bindDN: ad.samba.serviceDN, password: ad.samba.servicePassword.unsafeText)
            let store = try ad.store()
            #expect(try await ad.run("full-import", store).counters.adds == 3)
            let first = try #require(try await ad.watermark(store))

            try await ad.admin.modify("CN=u2,\(ad.ou)", [Modification(.replace, "telephoneNumber", ["+1 555 0102"])])
            // A new process: only what the cookie of the last one says is new.
            let delta = try await ad.run("delta-import", store)
            var expected = RunCounters()
            expected.updates = 1
            #expect(delta.counters == expected, "\(delta.counters)")
            #expect(try await ad.connectorSpace(store)[users[1]]?.attributes.strings("telephoneNumber") == ["+1 555 0102"])
            let second = try #require(try await ad.watermark(store))
            #expect(second != first, "the cookie moves on")
            #expect(try await ad.run("delta-import", store).counters == RunCounters())
        }
    }

    @Test func dirSyncTombstonesForAnAccountThatMaySeeThem() async throws {
        try await ADScratch.with("adt") { ad in
            let users = [try await ad.addUser("t1"), try await ad.addUser("t2"), try await ad.addUser("t3")]
            // Samba shows tombstones to Administrator only (see README, Known directory behaviour).
            try await ad.configure(bindDN: ad.samba.adminDN, password: ad.samba.adminPassword.unsafeText)
            let store = try ad.store()
            #expect(try await ad.run("full-import", store).counters.adds == 3)

            try await ad.admin.delete("CN=t1,\(ad.ou)")
            var expected = RunCounters()
            expected.deletes = 1
            #expect(try await ad.run("delta-import", store).counters == expected)
            guard case .dirSync(_, let seesTombstones) = try #require(try await ad.watermark(store)) else { return }
            #expect(seesTombstones, "DirSync delivered a tombstone: the account is known to see deletions")

            // From now on deletions come from DirSync alone (no anchor comparison).
            try await ad.admin.delete("CN=t2,\(ad.ou)")
            #expect(try await ad.run("delta-import", store).counters == expected)
            #expect(Set(try await ad.connectorSpace(store).keys) == [users[2]])
        }
    }

    @Test func usnWatermarkForAnAccountWithoutDirSync() async throws {
        try await ADScratch.with("adu") { ad in
            let plain = "CN=plain,\(ad.outside)"
            try await ad.addUser("plain", in: ad.outside, password: "Plain-Usn-Pass-7")
            let keep = try await ad.addUser("keep")
            let change = try await ad.addUser("change")
            let gone = try await ad.addUser("gone")
            try await ad.configure(bindDN: plain, password: "Plain-Usn-Pass-7")
            let store = try ad.store()

            #expect(try await ad.run("full-import", store).counters.adds == 3)
            guard case .usn(let invocationID, let usn) = try #require(try await ad.watermark(store)) else {
                Issue.record("DirSync is refused to an ordinary account: the watermark must be a USN")
                return
            }
            #expect(usn > 0 && invocationID.count == 36)

            try await ad.admin.modify("CN=change,\(ad.ou)", [Modification(.replace, "description", ["usn delta"])])
            try await ad.admin.delete("CN=gone,\(ad.ou)")
            let delta = try await ad.run("delta-import", store)
            var expected = RunCounters()
            (expected.updates, expected.deletes) = (1, 1)
            #expect(delta.counters == expected, "\(delta.counters)")
            let space = try await ad.connectorSpace(store)
            #expect(Set(space.keys) == [keep, change])
            #expect(space[change]?.attributes.strings("description") == ["usn delta"])
            #expect(!space.keys.contains(gone))
            #expect(try await ad.run("delta-import", store).counters == RunCounters())

            // A watermark from another DC database (a restore) is not trusted: full import.
            try await store.write {
                try $0.setWatermark(ADWatermark.usn(invocationID: "00000000-0000-0000-0000-000000000001", usn: usn).encoded, connector: "samba")
            }
            let restored = try await ad.run("delta-import", store)
            #expect(restored.message?.contains("another DC database") == true, "\(restored.message ?? "")")
            #expect(restored.message?.hasSuffix("a full import was run instead") == true)
            #expect(restored.counters.unchanged == 2)
            guard case .usn(let again, _) = try #require(try await ad.watermark(store)) else { return }
            #expect(again == invocationID)
        }
    }

    @Test func refusedDirSyncCookieFallsBackToAFullImport() async throws {
        try await ADScratch.with("adg") { ad in
            try await ad.addUser("one")
            try await ad.addUser("two")
            try await ad.configure(bindDN: ad.samba.serviceDN, password: ad.samba.servicePassword.unsafeText)
            let store = try ad.store()
            #expect(try await ad.run("full-import", store).counters.adds == 2)

            try await store.write {
                try $0.setWatermark(ADWatermark.dirSync(cookie: Array("not a cookie".utf8), seesTombstones: false).encoded, connector: "samba")
            }
            try await ad.admin.delete("CN=two,\(ad.ou)")
            let fallback = try await ad.run("delta-import", store)
            #expect(fallback.message?.contains("refused the stored DirSync cookie") == true, "\(fallback.message ?? "")")
            #expect(fallback.message?.hasSuffix("a full import was run instead") == true)
            var expected = RunCounters()
            (expected.deletes, expected.unchanged) = (1, 1)
            #expect(fallback.counters == expected, "\(fallback.counters)")
            guard case .dirSync(let cookie, _) = try #require(try await ad.watermark(store)) else { return }
            #expect(cookie != Array("not a cookie".utf8))
            #expect(try await ad.run("delta-import", store).counters == RunCounters(), "the full import stored a good cookie")
        }
    }
}
