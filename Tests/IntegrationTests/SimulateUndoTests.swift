import Connectors
import Foundation
import LDAPClient
import Operations
import SyncEngine
import Testing

/// `ldapsync simulate` and `ldapsync undo` against real slapd, checked by what the directories
/// logged (the accesslog overlay) and hold.
@Suite struct SimulateUndoTests {
    /// An outbound rule for cloud's people that leaves out uid=user0010 … user0019.
    static let narrowedScope = """
        rules:
          - name: people out
            connector: cloud
            direction: outbound
            objectType: person
            scope: "(!(uid=user001*))"
            join: [uid]
            flowAll: true
            exclude: [userPassword]
        """

    /// A candidate that narrows the outbound scope: the simulation lists exactly the deletes the
    /// real run then makes, and no directory received a write while it ran.
    @Test func aSimulationOfANarrowedScopeListsExactlyTheDeletesTheRealRunMakes() async throws {
        let fixture = try await SyncFixture(name: "simulate")
        defer { fixture.remove() }
        _ = try await fixture.cycle(initial: true)
        let current = fixture.stateDirectory + "/current.yaml"
        try FileManager.default.copyItem(atPath: fixture.configPath, toPath: current)
        let candidate = try fixture.reconfigure(rules: Self.narrowedScope)
        let targetLog = try await AccessLog.enable(on: fixture.target)
        let sourceLog = try await AccessLog.enable(on: fixture.source)
        try await Task.sleep(for: .seconds(2))
        let since = AccessLog.stamp()

        let result = try await CommandLine.run(["simulate", "--against", current, "--json"], config: fixture.configPath)
        #expect(result.code == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(SimulationReport.self, from: Data(result.stdout.utf8))
        let cloud = try #require(report.targets.first { $0.connector == "cloud" })
        let expected = Set((10...19).map { normalizedDN("uid=user00\($0),ou=people,dc=cloud,dc=example") })
        // The ten people go, and the two groups they were members of lose them.
        let groups = Set(["cn=all-people,ou=groups,dc=cloud,dc=example", "cn=engineering,ou=groups,dc=cloud,dc=example"])
        #expect(cloud.candidate.deletes == 10 && cloud.candidate.adds == 0 && cloud.candidate.updates == 2, "\(cloud.candidate)")
        #expect(cloud.current == SimulationReport.Counts(), "the current configuration has nothing left to export: \(cloud.current)")
        #expect(Set(cloud.changes.filter { $0.candidate == "delete" }.map { normalizedDN($0.dn) }) == expected, "\(cloud.changes)")
        #expect(Set(cloud.changes.filter { $0.candidate == "update" }.map { normalizedDN($0.dn) }) == groups, "\(cloud.changes)")
        #expect(cloud.changes.allSatisfy { $0.current == "none" })
        let text = try await CommandLine.run(["simulate", "--ldif"], config: fixture.configPath)
        #expect(text.stdout.contains("cloud: the next export would make 0 adds, 2 updates, 0 renames, 10 deletes"), "\(text.stdout)")
        #expect(text.stdout.components(separatedBy: "changetype: delete").count == 11, "\(text.stdout)")

        // Nothing was written anywhere, and the real state has nothing pending.
        #expect(try await targetLog.writes(by: fixture.target.directory.serviceDN, since: since).isEmpty)
        #expect(try await sourceLog.writes(by: fixture.source.directory.serviceDN, since: since).isEmpty)
        let pending = try await fixture.store.read { try $0.csPendingExportCounts(connector: "cloud") }
        #expect(pending.values.reduce(0, +) == 0, "\(pending)")
        #expect(try await fixture.targetEntry("uid=user0015,ou=people,dc=cloud,dc=example") != nil)

        // The real run with the candidate makes exactly those deletes.
        let before = AccessLog.stamp()
        _ = try await fixture.coordinator(candidate).cycle(initial: true)
        let written = try await targetLog.writes(by: fixture.target.directory.serviceDN, since: before)
        #expect(Set(written.filter { $0.type == "delete" }.map(\.dn)) == expected, "\(written)")
        #expect(Set(written.filter { $0.type == "modify" }.map(\.dn)) == groups && written.count == 12, "\(written)")
    }

    /// An export that deleted 50 people and modified 20, undone: the target is as before, byte
    /// for byte, and the next cycles (delta and full) leave it so until the source changes.
    @Test func anUndoneExportStaysUndoneUntilTheSourceChangesAgain() async throws {
        let fixture = try await SyncFixture(name: "undo")
        defer { fixture.remove() }
        _ = try await fixture.cycle(initial: true)
        let deleted = (101...150).map { "uid=user0\($0),ou=people" }
        let modified = (201...220).map { "uid=user0\($0),ou=people" }
        let targetBase = "dc=cloud,dc=example"
        var before: [String: [String: [[UInt8]]]] = [:]
        for rdn in deleted + modified {
            before[rdn] = Self.image(try #require(try await fixture.targetEntry("\(rdn),\(targetBase)")))
        }
        let source = try await fixture.sourceAdmin()
        for rdn in deleted { try await source.delete("\(rdn),dc=contoso,dc=com") }
        for rdn in modified {
            try await source.modify(
                "\(rdn),dc=contoso,dc=com", [Modification(.replace, "title", ["Changed"]), Modification(.delete, "telephoneNumber", [])])
        }
        let runs = try await fixture.cycle()
        let export = try #require(runs.first { $0.profile == .export })
        // 50 deletes, 20 modifies, and the group that listed the 50.
        #expect(export.counters.deletes == 50 && export.counters.updates == 21, "\(export.counters)")
        #expect(try await fixture.targetEntry("\(deleted[0]),\(targetBase)") == nil)

        // The preview writes nothing.
        let preview = try await CommandLine.run(["undo", "\(export.id)"], config: fixture.configPath)
        #expect(preview.code == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("would write: 50 entries added back, 21 modifies reverted, 0 renames reverted, 0 added entries deleted"))
        #expect(preview.stdout.components(separatedBy: "changetype: add").count == 51, "\(preview.stdout)")
        #expect(!preview.stdout.lowercased().contains("userpassword"), "no secret in the preview")
        #expect(try await fixture.targetEntry("\(deleted[0]),\(targetBase)") == nil)

        let applied = try await CommandLine.run(["undo", "\(export.id)", "--apply"], config: fixture.configPath)
        #expect(applied.code == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("21 objects are held"), "\(applied.stdout)")
        #expect(applied.stdout.contains("50 entries are put back that no source object holds"), "\(applied.stdout)")
        func expectAsBefore(_ when: String) async throws {
            for rdn in deleted + modified {
                let entry = try await fixture.targetEntry("\(rdn),\(targetBase)")
                #expect(entry.map(Self.image) == before[rdn], "\(when): \(rdn)")
            }
        }
        try await expectAsBefore("after the undo")
        for initial in [false, true] {
            let again = try await fixture.cycle(initial: initial)
            let exported = again.filter { $0.profile == .export }.map(\.counters.changes).reduce(0, +)
            #expect(exported == 0, "a \(initial ? "full" : "delta") cycle after the undo wrote \(exported) changes")
            try await expectAsBefore(initial ? "after a full cycle" : "after a delta cycle")
        }

        // A change in the source lifts one object's hold; --release the others'.
        try await source.modify("\(modified[0]),dc=contoso,dc=com", [Modification(.replace, "title", ["Again"])])
        _ = try await fixture.cycle()
        #expect(try await fixture.targetEntry("\(modified[0]),\(targetBase)")?.string("title") == "Again")
        #expect(
            try await fixture.targetEntry("\(modified[1]),\(targetBase)")?.string("title")
                == before[modified[1]]?["title"].map { String(decoding: $0[0], as: UTF8.self) })
        let release = try await CommandLine.run(["undo", "\(export.id)", "--release"], config: fixture.configPath)
        #expect(release.stdout.contains("released 20 objects"), "\(release.stdout)\(release.stderr)")
        #expect(try await fixture.events(6206).count == 1)
        _ = try await fixture.cycle(initial: true)
        #expect(try await fixture.targetEntry("\(modified[1]),\(targetBase)")?.string("title") == "Changed")
        #expect(try await fixture.targetEntry("\(deleted[0]),\(targetBase)") != nil, "the put-back entries are left alone")

        // Undo of something that is not an export run is refused, naming why.
        let wrong = try await CommandLine.run(["undo", "\(runs[0].id)"], config: fixture.configPath)
        #expect(wrong.code != 0 && wrong.stderr.contains("only an export run to a target can be undone"), "\(wrong.stderr)")
    }

    /// An entry's user attributes, by lowercased name, values sorted.
    static func image(_ entry: LDAPEntry) -> [String: [[UInt8]]] {
        var image: [String: [[UInt8]]] = [:]
        for attribute in entry.attributes where !["entryuuid", "pwdaccountlockedtime"].contains(attribute.name.lowercased()) {
            image[attribute.name.lowercased(), default: []] += attribute.values
        }
        return image.mapValues { $0.sorted { $0.lexicographicallyPrecedes($1) } }
    }
}
