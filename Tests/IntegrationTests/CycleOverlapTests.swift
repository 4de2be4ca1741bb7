import Foundation
import LDAPClient
import LDAPProtocol
import SyncEngine
import Testing

@testable import RuleLanguage

/// The initial cycle's export starts beside the full sync (against real slapd): people arrive
/// in the target while the sync still runs, groups after their members, one export run, and the
/// result is the cycle that waits.
@Suite struct CycleOverlapTests {
    @Test func theInitialExportWritesPeopleWhileTheSyncRunsAndConverges() async throws {
        let fixture = try await SyncFixture(name: "overlap")
        defer { fixture.remove() }
        let source = try await fixture.sourceAdmin()
        // Enough people that the sync outlasts the export's start on a machine busy with the
        // whole suite (with 10,000 the first write came in the second the sync ended).
        let wave = 30_000
        let adds = WriteRequest.bulkPeople("wave", count: wave)
        #expect(try await source.writeAll(adds, window: 64).allSatisfy { if case .success = $0 { true } else { false } })
        let runs = try await fixture.cycle(initial: true)
        #expect(runs.allSatisfy { $0.status.isSuccessful }, "\(runs.map { "\($0.connector) \($0.profile): \($0.status) \($0.message ?? "")" })")

        // People written while the source's sync still ran: the target's own time of each write
        // (entryCSN, in microseconds) before the sync's end, read after the cycle, so that no
        // poll of a busy machine can miss them.
        let sync = try #require(try await Self.sourceSync(fixture))
        let persons = try await fixture.targetEntries(filter: "(objectClass=inetOrgPerson)", attributes: ["uid", "entryCSN"])
        let written = persons.compactMap { $0.string("entryCSN").flatMap(Self.csnTime) }
        #expect(written.count == persons.count, "every person has an entryCSN")
        let syncEnd = try #require(sync.endedAt)
        #expect(
            written.contains { $0 < syncEnd },
            "no person reached the target while the sync ran (first \(written.min()?.description ?? "none"), sync ended \(syncEnd))")

        // One export run, started beside the sync, with every add; every member a group names is there.
        let exports = runs.filter { $0.profile == .export }
        #expect(exports.count == 1)
        let export = try #require(exports.first)
        #expect(export.startedAt < syncEnd)
        #expect(export.counters.adds == wave + 1_616 && export.counters.errors == 0)
        #expect(runs.last?.profile == .deltaImport && runs.last?.counters.unchanged == wave + 1_616)
        let uids = persons.flatMap { $0.strings("uid") }
        #expect(uids.count == wave + 1_609 && Set(uids).count == uids.count)
        let personDNs = Set(persons.map { normalizedDN($0.dn) })
        let groups = try await fixture.targetEntries(filter: "(objectClass=groupOfNames)", attributes: ["member"])
        #expect(groups.count == 7)
        for group in groups {
            let members = group.strings("member").filter { $0.lowercased().contains("ou=people") }
            #expect(members.allSatisfy { personDNs.contains(normalizedDN($0)) }, "\(group.dn) names a member the target lacks")
        }

        // Nothing left over: the next cycle is quiet.
        let next = try await fixture.cycle()
        #expect(next.first { $0.profile == .export }?.counters.changes ?? 0 == 0, "\(next.map { "\($0.profile) \($0.counters)" })")
        #expect(try await fixture.store.read { try $0.csPendingExportCounts(connector: "cloud") }.isEmpty)
    }

    /// The deletion threshold still holds every delete back when the export started beside the
    /// sync: only the new people were written meanwhile, and the run says so.
    @Test func aMassDeleteStopsAtTheThresholdAndOnlyNewPeopleWereWritten() async throws {
        let fixture = try await SyncFixture(name: "overlap-threshold", settings: ["deletionThreshold": "{ count: 20, percent: 100 }"])
        defer { fixture.remove() }
        _ = try await fixture.cycle(initial: true)
        let source = try await fixture.sourceAdmin()
        let deletes = (500..<540).map { WriteRequest.delete(dn: "uid=user0\($0),ou=people,dc=contoso,dc=com") }
        #expect(try await source.writeAll(deletes, window: 1).allSatisfy { if case .success = $0 { true } else { false } })
        for index in 1...3 {
            try await source.add(
                "uid=newcomer\(index),ou=people,dc=contoso,dc=com",
                attributes: [
                    LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", ["newcomer\(index)"]),
                    LDAPAttribute("cn", ["Newcomer \(index)"]), LDAPAttribute("sn", ["Newcomer"]),
                ])
        }

        let runs = try await fixture.cycle(initial: true)
        let export = try #require(runs.first { $0.profile == .export })
        #expect(export.status == .stoppedDeletionThresholdExceeded, "\(export)")
        // What was written is confirmed in the same cycle.
        #expect(runs.last?.profile == .deltaImport && runs.last?.connector == "cloud")
        #expect(export.counters.adds == 3 && export.counters.deletes == 0)
        #expect(
            export.message?.contains("40") == true && export.message?.contains("the 3 adds written during the sync stand") == true,
            "\(export.message ?? "")")
        #expect(try await fixture.events(116).count == 1)
        #expect(try await fixture.targetEntry("uid=user0520,ou=people,dc=cloud,dc=example") != nil, "nothing was deleted")
        #expect(try await fixture.targetEntry("uid=newcomer2,ou=people,dc=cloud,dc=example") != nil)
        #expect(try await fixture.targetEntries(filter: "(objectClass=inetOrgPerson)").count == 1612)
    }

    static func sourceSync(_ fixture: SyncFixture) async throws -> RunRecord? {
        try await fixture.store.read { try $0.runs(connector: "contoso.com", limit: 10) }.first { $0.profile == .fullSync }
    }

    /// An export beside the syncs reads back only the wish of what it wrote, not the image:
    /// on either store, the wish read back is the planned one until a sync changes the object,
    /// and absent once it is deleted (an equal wish is taken to be the object as planned).
    @Test func theWishReadBackIsThePlannedOneUntilASyncChangesIt() async throws {
        let fixture = try await SyncFixture(name: "overlap-wish")
        defer { fixture.remove() }
        let dn = "uid=ann,ou=people,dc=cloud,dc=example"
        var planned = ConnectorSpaceObject(
            connector: "cloud", anchor: nil, dn: dn, objectType: "person", attributes: AttributeSet(), pendingExport: .add,
            desiredDN: dn, desiredAttributes: AttributeSet([LDAPAttribute("uid", ["ann"]), LDAPAttribute("Title", ["A", "B"])]))
        planned.id = try await fixture.store.write { try $0.save(planned) }
        let wish = { (id: Int64) in try await fixture.store.read { try $0.csExportWishes(ids: [id, 999_999]) } }
        #expect(try await wish(planned.id) == [planned.id: planned.exportWish])

        let changes: [(String, (inout ConnectorSpaceObject) -> Void)] = [
            ("desired values", { $0.desiredAttributes?["title"] = [Array("C".utf8)] }),
            ("desired DN", { $0.desiredDN = "uid=ann2,ou=people,dc=cloud,dc=example" }),
            ("pending export", { $0.pendingExport = .delete }),
            ("DN", { $0.dn = "uid=ann3,ou=people,dc=cloud,dc=example" }),
            // The image is not the wish: changing it alone is no overtaking.
            ("image only", { $0.attributes["description"] = [Array("x".utf8)] }),
        ]
        for (what, change) in changes {
            var changed = planned
            change(&changed)
            try await fixture.store.write { _ = try $0.save(changed) }
            let read = try #require(try await wish(planned.id)[planned.id], "\(what)")
            #expect((read != planned.exportWish) == (what != "image only"), "\(what)")
            #expect(read == changed.exportWish, "\(what)")
            try await fixture.store.write { _ = try $0.save(planned) }
        }
        try await fixture.store.write { try $0.deleteCSObject(id: planned.id) }
        #expect(try await wish(planned.id).isEmpty)
    }

    /// The time of an entryCSN (`20261207204500.123456Z#000000#000#000000`: a generalized time,
    /// then the CSN's counters), nil when it is not one.
    static func csnTime(_ csn: String) -> Date? {
        Timestamp.generalizedTime(String(csn.prefix { $0 != "#" })).map {
            Date(timeIntervalSince1970: Double($0.seconds) + Double($0.ticks) / Double(Timestamp.ticksPerSecond))
        }
    }
}
