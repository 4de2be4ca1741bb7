import Foundation
import LDAPClient
import SyncEngine
import Testing

/// An export shares its writes out among several connections (`exportConnections`), and the
/// target ends up the same as with one.
@Suite struct ExportConnectionsTests {
    /// Connections the target's slapd has accepted since it started (cn=monitor).
    static func acceptedConnections(_ fixture: SyncFixture) async throws -> Int {
        let admin = try await fixture.target.directory.admin()
        defer { Task { await admin.close() } }
        let entry = try #require(
            try await admin.searchAll(SearchRequest(base: "cn=Total,cn=Connections,cn=Monitor", scope: .base, attributes: ["monitorCounter"]))
                .first)
        return Int(try #require(entry.string("monitorCounter"))) ?? -1
    }

    @Test(arguments: [1, 4])
    func anInitialExportOnSeveralConnectionsWritesEverything(connections: Int) async throws {
        let fixture = try await SyncFixture(name: "export-conns-\(connections)", targetSettings: ["exportConnections": "\(connections)"])
        defer { fixture.remove() }
        let coordinator = fixture.coordinator()
        for (connector, profile) in [("contoso.com", RunProfile.fullImport), ("cloud", .fullImport), ("contoso.com", .fullSync)] {
            let run = try await coordinator.run(connector, profile)
            #expect(run.status.isSuccessful, "\(connector) \(profile): \(run.status) \(run.message ?? "")")
        }
        let pending = try await fixture.store.read { try $0.csPendingExportCounts(connector: "cloud") }.values.reduce(0, +)
        #expect(pending > 1000, "\(pending) pending exports")
        let before = try await Self.acceptedConnections(fixture)
        let export = try await coordinator.run("cloud", .export)
        let after = try await Self.acceptedConnections(fixture)
        #expect(export.status == .success, "\(export.status) \(export.message ?? "") \(export.errors.prefix(3))")
        #expect(export.counters.adds == pending, "\(export.counters)")
        // The export's connections, plus the one this test opened to read the counter again.
        #expect(after - before == connections + 1, "\(after - before) connections accepted during the export")
        // Everything is there, groups with their members: a confirming import finds nothing to change.
        let people = try await fixture.targetEntries("ou=people,dc=cloud,dc=example", filter: "(objectClass=inetOrgPerson)", attributes: ["1.1"])
        let sourcePeople = try await fixture.sourceAdmin().searchAll(
            SearchRequest(base: "ou=people,dc=contoso,dc=com", filter: "(objectClass=inetOrgPerson)", attributes: ["1.1"]))
        #expect(people.count == sourcePeople.count)
        _ = try await coordinator.run("cloud", .deltaImport)
        let sync = try await coordinator.run("cloud", .deltaSync)
        #expect(sync.status.isSuccessful)
        #expect(try await fixture.store.read { try $0.csPendingExportCounts(connector: "cloud") }.values.reduce(0, +) == 0)
    }
}
