import LDAPClient
import Testing

/// Controls against the real servers: RFC 4533 content sync on slapd, DirSync and Show Deleted
/// on Samba AD.
@Suite struct ServerControlTests {
    @Test func rfc4533RefreshReturnsOnlyWhatChangedSinceTheCookie() async throws {
        let source = TestDirectory.source
        let admin = try await source.admin()
        let ou = "ou=\(uniqueName("sync")),\(source.base)"
        try await admin.add(
            ou,
            attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", [String(ou.dropFirst(3).prefix { $0 != "," })])])
        for index in 0..<3 {
            try await admin.add(
                "cn=s\(index),\(ou)",
                attributes: [LDAPAttribute("objectClass", ["person"]), LDAPAttribute("cn", ["s\(index)"]), LDAPAttribute("sn", ["S"])])
        }
        let service = try await source.service()
        let first = try await refresh(service, base: ou, cookie: nil)
        #expect(first.entries.count == 4)
        #expect(first.entries.allSatisfy { $0.state == .add && $0.uuid.count == 16 })
        let cookie = try #require(first.cookie)

        try await admin.modify("cn=s1,\(ou)", [Modification(.replace, "sn", ["Changed"])])
        let second = try await refresh(service, base: ou, cookie: cookie)
        #expect(second.entries.map(\.dn) == ["cn=s1,\(ou)"])
        #expect(second.cookie != nil)

        for index in 0..<3 { try await admin.delete("cn=s\(index),\(ou)") }
        try await admin.delete(ou)
    }

    private struct Refresh {
        var entries: [(dn: String, state: SyncStateControl.State, uuid: [UInt8])] = []
        var cookie: [UInt8]?
    }

    private func refresh(_ connection: LDAPConnection, base: String, cookie: [UInt8]?) async throws -> Refresh {
        var result = Refresh()
        let request = SearchRequest(base: base, controls: [.syncRequest(mode: .refreshOnly, cookie: cookie)])
        for try await message in connection.search(request) {
            switch message {
            case .entry(let entry):
                let control = try #require(entry.controls.first { $0.oid == LDAPControl.OID.syncState })
                let state = try SyncStateControl(control)
                result.entries.append((entry.dn, state.state, state.entryUUID))
            case .intermediate(_, let value):
                if let value, case .newCookie(let newCookie) = try SyncInfoMessage(value: value) { result.cookie = newCookie }
            case .done(let controls):
                if let done = controls.first(where: { $0.oid == LDAPControl.OID.syncDone }) {
                    result.cookie = try SyncDoneControl(done).cookie ?? result.cookie
                }
            case .reference:
                break
            }
        }
        return result
    }

    @Test func dirSyncReturnsChangesAndACookie() async throws {
        let samba = TestDirectory.samba
        let service = try await samba.service()
        var entries = 0
        var cookie: [UInt8] = []
        let request = SearchRequest(
            base: samba.base, filter: "(objectClass=user)", attributes: ["sAMAccountName"],
            controls: [.dirSync(flags: [.objectSecurity, .incrementalValues], cookie: [])])
        for try await message in service.search(request) {
            switch message {
            case .entry: entries += 1
            case .done(let controls):
                let control = try #require(controls.first { $0.oid == LDAPControl.OID.dirSync })
                cookie = try DirSyncResponse(control).cookie
            default: break
            }
        }
        #expect(entries > 5)
        #expect(!cookie.isEmpty)
    }

    @Test func showDeletedFindsTombstones() async throws {
        let samba = TestDirectory.samba
        let admin = try await samba.admin()
        let name = uniqueName("tomb")
        let dn = "CN=\(name),OU=People,\(samba.base)"
        try await admin.add(dn, attributes: [LDAPAttribute("objectClass", ["contact"]), LDAPAttribute("cn", [name])])
        try await admin.delete(dn)
        let withoutControl = try await admin.searchAll(SearchRequest(base: samba.base, filter: "(cn=\(name)*)"))
        #expect(withoutControl.isEmpty)
        let tombstones = try await admin.searchAll(
            SearchRequest(
                base: samba.base, filter: "(&(isDeleted=TRUE)(cn=\(name)*))", attributes: ["isDeleted", "objectGUID"],
                controls: [.showDeleted]))
        #expect(tombstones.count == 1)
        #expect(tombstones.first?.strings("isDeleted") == ["TRUE"])
        #expect(tombstones.first?.values("objectGUID").first?.count == 16)
    }
}
