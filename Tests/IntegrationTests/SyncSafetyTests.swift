import Connectors
import Foundation
import LDAPClient
import SyncEngine
import Testing

/// Safety: the deletion threshold, per-object export errors, and failures that must leave a
/// consistent store the next run recovers from.
@Suite struct SyncSafetyTests {
    @Test func deletingSixHundredUsersStopsAtTheThresholdAndDeletesNothing() async throws {
        let fixture = try await SyncFixture(name: "threshold")
        defer { fixture.remove() }
        _ = try await fixture.cycle(initial: true)
        let source = try await fixture.sourceAdmin()
        let sales = try await source.searchAll(SearchRequest(base: "ou=sales,ou=people,dc=contoso,dc=com", scope: .oneLevel, attributes: ["1.1"]))
        let people = (1...200).map { String(format: "uid=user%04d,ou=people,dc=contoso,dc=com", $0) }
        let deletes = (sales.map(\.dn) + people).map { WriteRequest.delete(dn: $0) }
        #expect(deletes.count == 600)
        // One at a time, as ldapdelete does: with many deletes in flight while refint rewrites
        // the groups, slapd's syncprov can drop a delete from its session log (seen here; the
        // README's "Known directory behaviour" explains it and why full imports reconcile it).
        let results = try await source.writeAll(deletes, window: 1)
        #expect(results.allSatisfy { if case .success = $0 { true } else { false } })

        let runs = try await fixture.cycle()
        let export = try #require(runs.last)
        #expect(export.profile == .export)
        #expect(export.status == .stoppedDeletionThresholdExceeded)
        #expect(export.message?.contains("600") == true)
        let events = try await fixture.events(116)
        #expect(events.count == 1)
        #expect(events.first?.connector == "cloud")
        #expect(events.first?.message.contains("deletion threshold of 500") == true)
        #expect(try await fixture.targetEntries(filter: "(objectClass=inetOrgPerson)").count == 1609)

        // The admin raises the threshold for one run: now the deletes go through.
        var raised = fixture.configuration
        raised.deletionThreshold = 1000
        let coordinator = RunCoordinator(
            configuration: raised, store: fixture.store, credentials: fixture.credentials, logger: fixture.coordinator().logger)
        let second = try await coordinator.run("cloud", .export)
        #expect(second.status == .success, "\(second.errors)")
        #expect(second.counters.deletes == 600)
        #expect(try await fixture.targetEntries(filter: "(objectClass=inetOrgPerson)").count == 1009)
    }

    @Test func aConstraintViolationOnOneObjectLeavesTheOthersExported() async throws {
        let fixture = try await SyncFixture(name: "constraint")
        defer { fixture.remove() }
        // The target refuses titles with digits (slapo-constraint), like a real tenant's rule.
        let config = try await LDAPConnection.connect(fixture.target.directory.options())
        try await config.bind("cn=admin,cn=config", password: fixture.target.directory.adminPassword)
        try await config.add(
            "olcOverlay=constraint,olcDatabase={1}mdb,cn=config",
            attributes: [
                LDAPAttribute("objectClass", ["olcOverlayConfig", "olcConstraintConfig"]), LDAPAttribute("olcOverlay", ["constraint"]),
                LDAPAttribute("olcConstraintAttribute", ["title regex \"^[A-Za-z ]*$\""]),
            ])
        let source = try await fixture.sourceAdmin()
        try await source.modify("uid=user0007,ou=people,dc=contoso,dc=com", [Modification(.replace, "title", ["Agent 007"])])

        let runs = try await fixture.cycle(initial: true)
        let export = try #require(runs.first { $0.profile == .export })
        #expect(export.status == .completedExportErrors)
        #expect(export.counters.adds == 1615)
        #expect(export.counters.errors == 1)
        let stored = try #require(try await fixture.store.read { try $0.run(id: export.id) })
        #expect(stored.errors.count == 1)
        #expect(stored.errors.first?.dn == "uid=user0007,ou=people,dc=cloud,dc=example")
        #expect(stored.errors.first?.operation == "add")
        #expect(stored.errors.first?.resultCode == 19)
        #expect(try await fixture.targetEntries(filter: "(objectClass=inetOrgPerson)").count == 1608)

        // Fixed at the source: the next cycle exports it.
        try await source.modify("uid=user0007,ou=people,dc=contoso,dc=com", [Modification(.replace, "title", ["Agent Double O Seven"])])
        let again = try await fixture.cycle()
        #expect(again.first { $0.profile == .export }?.status == .success)
        #expect(try await fixture.targetEntry("uid=user0007,ou=people,dc=cloud,dc=example")?.string("title") == "Agent Double O Seven")
    }

    @Test func serverKilledMidImportStopsTheRunAndTheNextRunRecovers() async throws {
        let fixture = try await SyncFixture(name: "midimport", settings: [:])
        defer { fixture.remove() }
        let source = fixture.source
        let coordinator = fixture.coordinator(progress: { connector, _, done in
            if connector == "contoso.com", done >= 1000 { try? source.crash() }
        })
        let stopped = try await coordinator.run("contoso.com", .fullImport)
        #expect(stopped.status == .stoppedServerDown)
        #expect(stopped.message?.contains("serverDown") == true)
        #expect(try await fixture.events(6102).count == 1)
        let partial = try await fixture.store.read { try $0.csCount(connector: "contoso.com") }
        #expect(partial >= 1000 && partial < 1616)

        try await source.start()
        let recovered = try await fixture.coordinator().run("contoso.com", .fullImport)
        #expect(recovered.status == .success)
        #expect(try await fixture.store.read { try $0.csCount(connector: "contoso.com") } == 1616)
        let rest = try await fixture.cycle()
        #expect(rest.allSatisfy { $0.status.isSuccessful })
        #expect(try await fixture.targetEntries(filter: "(objectClass=inetOrgPerson)").count == 1609)
    }

    @Test func unreachableServerIsNoStartConnection() async throws {
        let fixture = try await SyncFixture(name: "unreachable")
        defer { fixture.remove() }
        fixture.target.remove()
        let run = try await fixture.coordinator().run("cloud", .fullImport)
        #expect(run.status == .noStartConnection)
        #expect(run.status.exitCode == 4)
        #expect(run.message?.contains("127.0.0.1:\(fixture.target.port)") == true)
        let events = try await fixture.events(6102)
        #expect(events.count == 1)
        #expect(events.first?.message.contains("could not reach") == true)
    }

    @Test func runHistoryAndEventsOlderThanTheRetentionArePrunedByTheCycle() async throws {
        let fixture = try await SyncFixture(name: "prune", settings: ["runHistory": "{keep: 2d}"])
        defer { fixture.remove() }
        let old = Date().addingTimeInterval(-3 * 86_400)
        try await fixture.store.write { session in
            var run = RunRecord(connector: "cloud", profile: .export, startedAt: old, endedAt: old, status: .success)
            run.id = try session.insertRun(run)
            try session.appendRunErrors([RunObjectError(dn: "cn=x", operation: "add", resultCode: 32, message: "old")], runID: run.id)
            try session.insert(EventRecord(id: 6101, level: .information, time: old, connector: "cloud", message: "an old run ended"))
        }
        _ = try await fixture.cycle(initial: true)
        let runs = try await fixture.store.read { try $0.runs(connector: nil, limit: 100) }
        #expect(!runs.contains { $0.startedAt < Date().addingTimeInterval(-86_400) })
        #expect(runs.count >= 5)
        #expect(try await fixture.store.read { try $0.events(EventFilter(limit: 1000)) }.allSatisfy { $0.time > Date().addingTimeInterval(-86_400) })
    }
}
