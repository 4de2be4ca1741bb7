import Foundation
import LDAPClient
import SyncEngine
import Testing

/// `export preview` shows exactly what the export then writes (issue 15): compared with what
/// the target itself logged (slapd's accesslog overlay).
@Suite struct PreviewTests {
    @Test func thePreviewIsWhatTheExportWritesToOpenLDAP() async throws {
        let fixture = try await SyncFixture(name: "preview")
        defer { fixture.remove() }
        _ = try await fixture.cycle(initial: true)
        let log = try await AccessLog.enable(on: fixture.target)

        // Every kind of write, none that the target's refint overlay would also make.
        let source = try await fixture.sourceAdmin()
        try await source.modify(
            "uid=user0007,ou=people,dc=contoso,dc=com",
            [
                Modification(.replace, "title", ["Agent"]),
                Modification(.replace, "mail", ["seven@contoso.com"]),
            ])
        try await source.add(
            "uid=newcomer,ou=people,dc=contoso,dc=com",
            attributes: [
                LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", ["newcomer"]), LDAPAttribute("cn", ["New Comer"]),
                LDAPAttribute("sn", ["Comer"]), LDAPAttribute("description", ["first day"]),
            ])
        try await source.add(
            "cn=preview-team,ou=groups,dc=contoso,dc=com",
            attributes: [
                LDAPAttribute("objectClass", ["groupOfNames"]), LDAPAttribute("cn", ["preview-team"]),
                LDAPAttribute("member", ["uid=user0001,ou=people,dc=contoso,dc=com", "uid=newcomer,ou=people,dc=contoso,dc=com"]),
            ])
        try await source.modify("cn=sales,ou=groups,dc=contoso,dc=com", [Modification(.replace, "description", ["Sales, renamed soon"])])
        try await source.rename("cn=sales,ou=groups,dc=contoso,dc=com", newRDN: "cn=sales-team", newSuperior: nil, deleteOldRDN: true)
        let groups = try await source.searchAll(
            SearchRequest(base: "ou=groups,dc=contoso,dc=com", scope: .oneLevel, filter: "(objectClass=groupOfNames)", attributes: ["cn"]))
        let doomed = try #require(groups.map(\.dn).first { !$0.contains("all-people") && !$0.contains("sales") && !$0.contains("preview") })
        try await source.delete(doomed)
        _ = try await fixture.coordinator().run("contoso.com", .deltaImport)
        _ = try await fixture.coordinator().run("contoso.com", .deltaSync)

        let preview = try await CommandLine.run(["export", "preview", "cloud"], config: fixture.configPath)
        #expect(preview.code == 0, "\(preview.stderr)")
        let planned = PreviewLDIF.writes(preview.stdout)
        let since = AccessLog.stamp()
        let export = try await fixture.coordinator().run("cloud", .export)
        #expect(export.status == .success, "\(export.errors)")
        let written = try await log.writes(by: fixture.target.directory.serviceDN, since: since)

        #expect(Set(planned.map(\.type)) == ["add", "modify", "modrdn", "delete"], "\(planned.map(\.type))")
        #expect(planned.count == written.count, "planned \(planned.map { "\($0.type) \($0.dn)" }) written \(written.map { "\($0.type) \($0.dn)" })")
        for write in written {
            #expect(
                planned.contains(write), "written but not planned as such: \(write) — planned for that DN: \(planned.filter { $0.dn == write.dn })")
        }
    }
}
