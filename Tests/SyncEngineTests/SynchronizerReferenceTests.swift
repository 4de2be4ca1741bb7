import LDAPProtocol
import SyncStore
import Testing

@testable import SyncEngine

/// Reference translation when a group's members change target DN in the same sync run: store
/// work only (an in-memory store, no directory).
@Suite struct SynchronizerReferenceTests {
    /// A group evaluated in a run before its members' renames (here: queued first by the
    /// deletion of another member, and lower in id) must be evaluated again once their new
    /// target DNs are known. slapd's refint does not change a group's entryCSN, so the group
    /// itself does not come with the renames in a delta import: its image in the source
    /// connector space is unchanged and only the members' renames can bring it up to date.
    /// The same with transactions ended by their values (here: after the first slice read) or
    /// one object each, and no target DN kept between transactions (a million-object run drops
    /// that cache): every DN read again from the store.
    @Test(arguments: [(500, 100_000, 250_000), (500, 1, 0), (1, 1, 0)])
    func groupFollowsMembersRenamedLaterInTheSameRun(batchSize: Int, valueBudget: Int, targetDNBudget: Int) async throws {
        let folder = try ConfigurationFolder()
        let configuration = try Configuration.load(path: try folder.write(designSampleYAML))
        let store = try SQLiteSyncStore()
        var synchronizer = try await Synchronizer(configuration: configuration, store: store)
        synchronizer.batchSize = batchSize
        synchronizer.valueBudget = valueBudget
        synchronizer.targetDNBudget = targetDNBudget
        let source = "contoso.com"
        let people = "ou=people,dc=contoso,dc=com"
        let renamed = (0..<5).map { "user\($0)" }
        let members = renamed + ["gone"]

        // The group first (lowest ids), then its members; full sync and export.
        try await store.write { session in
            var group = AttributeSet()
            group.set("objectClass", ["groupOfNames"])
            group.set("cn", ["all"])
            group.set("member", members.map { "uid=\($0),\(people)" })
            try session.save(
                ConnectorSpaceObject(
                    connector: source, anchor: "group", dn: "cn=all,ou=groups,dc=contoso,dc=com",
                    objectType: "group", attributes: group, pendingImport: .add))
            for uid in members {
                var person = AttributeSet()
                person.set("objectClass", ["inetOrgPerson"])
                person.set("uid", [uid])
                person.set("cn", [uid])
                person.set("sn", [uid])
                try session.save(
                    ConnectorSpaceObject(
                        connector: source, anchor: uid, dn: "uid=\(uid),\(people)",
                        objectType: "person", attributes: person, pendingImport: .add))
            }
        }
        _ = try await synchronizer.run(connector: try #require(configuration.connector(named: source)), full: true)
        try await exportEverything(store, configuration)

        // Delta: the members renamed and one deleted; the group's source image as it was.
        try await store.write { session in
            for uid in renamed {
                var object = try #require(try session.csObject(connector: source, anchor: uid))
                object.dn = "uid=\(uid)-renamed,\(people)"
                object.attributes.set("uid", ["\(uid)-renamed"])
                object.pendingImport = .update
                try session.save(object)
            }
            var gone = try #require(try session.csObject(connector: source, anchor: "gone"))
            gone.pendingImport = .delete
            try session.save(gone)
        }
        let outcome = try await synchronizer.run(connector: try #require(configuration.connector(named: source)), full: false)
        #expect(outcome.errors.isEmpty)

        let group = try #require(try await store.read { try $0.csObject(connector: "cloud", dn: "cn=all,ou=groups,dc=cloud,dc=example") })
        #expect(group.pendingExport == .update)
        let desired = Set((group.desiredAttributes?.strings("member") ?? []).map(normalizedDN))
        #expect(desired == Set(renamed.map { normalizedDN("uid=\($0)-renamed,ou=people,dc=cloud,dc=example") }))
    }

    /// A deleted metaverse object's id is never given to a new one. A group keeps listing a
    /// deleted member until its source changes (slapd's refint cleans it up later, in another
    /// delta import); a person projected meanwhile must not take the deleted one's place in the
    /// group. SQLite reuses the largest rowid after it is deleted unless the table says
    /// AUTOINCREMENT: measured in the real-time benchmark, where a new person showed up in five
    /// groups of the target that the source never put it in.
    @Test func aNewObjectNeverTakesTheIdOfADeletedMember() async throws {
        let folder = try ConfigurationFolder()
        let configuration = try Configuration.load(path: try folder.write(designSampleYAML))
        let store = try SQLiteSyncStore()
        let synchronizer = try await Synchronizer(configuration: configuration, store: store)
        let source = try #require(configuration.connector(named: "contoso.com"))
        let people = "ou=people,dc=contoso,dc=com"
        func person(_ uid: String) -> ConnectorSpaceObject {
            var attributes = AttributeSet()
            attributes.set("objectClass", ["inetOrgPerson"])
            attributes.set("uid", [uid])
            attributes.set("cn", [uid])
            attributes.set("sn", [uid])
            return ConnectorSpaceObject(
                connector: source.name, anchor: uid, dn: "uid=\(uid),\(people)", objectType: "person", attributes: attributes,
                pendingImport: .add)
        }
        // The group first, then its members: the last member has the largest metaverse id.
        try await store.write { session in
            var group = AttributeSet()
            group.set("objectClass", ["groupOfNames"])
            group.set("cn", ["staff"])
            group.set("member", ["ann", "bob", "leaver"].map { "uid=\($0),\(people)" })
            try session.save(
                ConnectorSpaceObject(
                    connector: source.name, anchor: "group", dn: "cn=staff,ou=groups,dc=contoso,dc=com", objectType: "group",
                    attributes: group, pendingImport: .add))
            for uid in ["ann", "bob", "leaver"] { try session.save(person(uid)) }
        }
        _ = try await synchronizer.run(connector: source, full: true)
        try await exportEverything(store, configuration)
        let leaverID = try #require(try await store.read { try $0.csObject(connector: source.name, anchor: "leaver")?.metaverseID })

        // The member is deleted; the group's source image still lists it.
        try await store.write { session in
            var leaver = try #require(try session.csObject(connector: source.name, anchor: "leaver"))
            leaver.pendingImport = .delete
            try session.save(leaver)
        }
        _ = try await synchronizer.run(connector: source, full: false)
        try await exportEverything(store, configuration)
        // A newcomer, in no group.
        try await store.write { try $0.save(person("newcomer")) }
        let outcome = try await synchronizer.run(connector: source, full: false)
        #expect(outcome.errors.isEmpty)

        let newcomerID = try #require(try await store.read { try $0.csObject(connector: source.name, anchor: "newcomer")?.metaverseID })
        #expect(newcomerID != leaverID)
        let group = try #require(try await store.read { try $0.csObject(connector: "cloud", dn: "cn=staff,ou=groups,dc=cloud,dc=example") })
        let members = Set(((group.desiredAttributes ?? group.attributes).strings("member")).map(normalizedDN))
        #expect(members == Set(["ann", "bob"].map { normalizedDN("uid=\($0),ou=people,dc=cloud,dc=example") }))
    }

    /// Marks every pending export of the target as written and confirmed (deletes: gone), as an
    /// export and the import after it would.
    private func exportEverything(_ store: SQLiteSyncStore, _ configuration: Configuration) async throws {
        let policy = FlowPolicy(rules: try RuleSet.compile(configuration), target: configuration.targets[0])
        try await store.write { session in
            for id in try session.csPendingExportIDs(connector: configuration.targets[0].name, laterTypes: [.group]) {
                let object = try #require(try session.csObject(id: id))
                let plan = try ExportPlan.plan(object, objectClasses: [], policy: policy)
                guard var exported = plan.exported else {
                    try session.deleteCSObject(id: id)
                    continue
                }
                exported.anchor = "target-\(id)"
                exported.exportUnconfirmed = false
                try session.save(exported)
            }
        }
    }
}
