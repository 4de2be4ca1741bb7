import Foundation
import Testing

@testable import SyncEngine

/// The deletion threshold's window: earlier exports' deletes count with the pending ones, back to
/// the last accepted export, and real-time mode has a window unless told otherwise.
@Suite struct DeletionWindowTests {
    @Test func earlierDeletesCountWithThePendingOnes() {
        let threshold = DeletionThreshold(count: 20, percent: 100)
        let window = Duration.seconds(3600)
        #expect(threshold.exceeded(deletes: 10, synced: 1000, earlier: DeletesInWindow(deletes: 10, window: window)) == nil)
        #expect(
            threshold.exceeded(deletes: 10, synced: 1000, earlier: DeletesInWindow(deletes: 11, window: window))
                == "10 deletes are pending and 11 were exported in the last 1h (21 in all), more than the deletion threshold of 20")
        #expect(threshold.exceeded(deletes: 21, synced: 1000) == "21 deletes are pending, more than the deletion threshold of 20")
        // An export without a delete goes ahead, however many went before it (a threshold
        // lowered since, say): only deletes are stopped.
        #expect(threshold.exceeded(deletes: 0, synced: 1000, earlier: DeletesInWindow(deletes: 400, window: window)) == nil)
        // The share is of what was in sync before the window's deletes: 30 of 100, not 30 of 80.
        let share = DeletionThreshold(count: 500, percent: 25)
        #expect(
            share.exceeded(deletes: 10, synced: 80, earlier: DeletesInWindow(deletes: 20, window: .seconds(600)))
                == "10 deletes are pending and 20 were exported in the last 10m (30 in all), 30% of the 100 objects in sync, "
                + "more than the deletion threshold of 25%")
        #expect(share.exceeded(deletes: 5, synced: 80, earlier: DeletesInWindow(deletes: 20, window: .seconds(600))) == nil)
    }

    @Test func theCountStopsAtTheLastAcceptedExport() {
        func export(_ deletes: Int, accepted: Bool = false) -> RunRecord {
            var run = RunRecord(connector: "cloud", profile: .export, startedAt: Date())
            run.counters.deletes = deletes
            if accepted { run.counters.acceptedDeletes = deletes }
            return run
        }
        let window = Duration.seconds(60)
        #expect(DeletesInWindow(exports: [export(3), export(0), export(4)], window: window).deletes == 7)
        #expect(DeletesInWindow(exports: [export(3), export(400, accepted: true), export(4)], window: window).deletes == 3)
        #expect(DeletesInWindow(exports: [], window: window).deletes == 0)
    }

    @Test func realTimeModeHasAnHourUnlessToldOtherwise() {
        #expect(DeletionThreshold().window(in: .realtime) == .seconds(3600))
        #expect(DeletionThreshold().window(in: .interval) == nil)
        #expect(DeletionThreshold(window: .zero).window(in: .realtime) == nil)
        #expect(DeletionThreshold(window: .seconds(600)).window(in: .interval) == .seconds(600))
    }

    @Test func theWindowIsReadFromTheConfiguration() throws {
        func threshold(_ setting: String) throws -> DeletionThreshold {
            let yaml = """
                deletionThreshold: \(setting)
                connectors:
                  - { name: corp, flavor: openldap, role: source, uri: "ldap://127.0.0.1:1", bindDN: "cn=a", baseDN: "dc=x" }
                  - { name: cloud, flavor: openldap, role: target, uri: "ldap://127.0.0.1:2", bindDN: "cn=a", baseDN: "dc=y" }
                """
            return try Configuration.parse(yaml: yaml, file: "/etc/ldapsync/ldapsync.yaml").deletionThreshold
        }
        #expect(try threshold("{ count: 20, window: 10m }") == DeletionThreshold(count: 20, window: .seconds(600)))
        #expect(try threshold("{ window: off }").window == .zero)
        #expect(try threshold("{ percent: 10 }").window == nil)
    }

    /// Counters stored before a counter existed read it as zero.
    @Test func countersStoredByAnEarlierVersionStillDecode() throws {
        let counters = try JSONDecoder().decode(RunCounters.self, from: Data(#"{"adds":2,"deletes":5}"#.utf8))
        #expect(counters.adds == 2 && counters.deletes == 5 && counters.acceptedDeletes == 0 && counters.joins == 0)
    }
}
