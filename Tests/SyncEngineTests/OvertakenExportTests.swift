import LDAPProtocol
import Testing

@testable import SyncEngine

/// What an export that ran beside a sync records when the sync changed the object meanwhile.
@Suite struct OvertakenExportTests {
    static func pendingAdd(title: String) -> ConnectorSpaceObject {
        ConnectorSpaceObject(
            id: 7, connector: "cloud", anchor: nil, dn: "uid=ann,ou=people,dc=cloud", objectType: "person", attributes: AttributeSet(),
            metaverseID: 3, pendingExport: .add, desiredDN: "uid=ann,ou=people,dc=cloud",
            desiredAttributes: AttributeSet([LDAPAttribute("uid", ["ann"]), LDAPAttribute("title", [title])]))
    }

    static func plan(_ object: ConnectorSpaceObject) throws -> ExportPlan {
        let configuration = try SyncRulesConfigurationTests.load("")
        let policy = FlowPolicy(rules: try RuleSet.compile(configuration), target: configuration.targets[0])
        return try ExportPlan.plan(object, objectClasses: ["inetOrgPerson"], policy: policy)
    }

    @Test func anUnchangedObjectRecordsTheExportedImage() throws {
        let plan = try Self.plan(Self.pendingAdd(title: "A"))
        let recorded = try #require(plan.recorded(succeeded: true, current: plan.object))
        #expect(recorded == plan.exported)
        #expect(recorded.pendingExport == .none && recorded.exportUnconfirmed)
        #expect(plan.recorded(succeeded: false, current: plan.object) == nil, "a failure is stored by the caller with its error")
    }

    @Test func aNewerWishStaysPendingAsAnUpdateOverTheWrittenImage() throws {
        let plan = try Self.plan(Self.pendingAdd(title: "A"))
        let newer = Self.pendingAdd(title: "B")
        let recorded = try #require(plan.recorded(succeeded: true, current: newer))
        #expect(recorded.pendingExport == .update, "the entry exists now")
        #expect(recorded.desiredAttributes?.strings("title") == ["B"], "the sync's wish is kept")
        #expect(recorded.attributes.strings("title") == ["A"], "the image is what the directory holds")
        #expect(recorded.exportUnconfirmed)
        #expect(plan.recorded(succeeded: false, current: newer) == nil, "the newer wish is left alone")
    }

    @Test func aDeprovisionDecidedMeanwhileStaysAPendingDeleteOfTheWrittenEntry() throws {
        let plan = try Self.plan(Self.pendingAdd(title: "A"))
        var deprovisioned = plan.object
        deprovisioned.pendingExport = .delete
        deprovisioned.desiredDN = nil
        deprovisioned.desiredAttributes = nil
        let recorded = try #require(plan.recorded(succeeded: true, current: deprovisioned))
        #expect(recorded.pendingExport == .delete)
        #expect(recorded.dn == "uid=ann,ou=people,dc=cloud")
    }

    @Test func anObjectGoneMeanwhileComesBackJoinedToNothing() throws {
        let plan = try Self.plan(Self.pendingAdd(title: "A"))
        let orphan = try #require(plan.recorded(succeeded: true, current: nil))
        #expect(orphan.id == 0 && orphan.metaverseID == nil && orphan.pendingExport == .none)
        #expect(orphan.dn == "uid=ann,ou=people,dc=cloud" && orphan.exportUnconfirmed)
        #expect(plan.recorded(succeeded: false, current: nil) == nil)
    }
}
