import LDAPClient
import Testing

/// Writes against the real target slapd: special-character DNs through add, rename, move and
/// delete; binary round trips; pipelined batches; RFC 3062 password changes.
@Suite struct WriteTests {
    /// The seed's awkward names (RFC 4514 specials, leading `#`, padding, multi-valued, UTF-8).
    static let specialRDNs = [
        "cn=Doe\\, Jane", "cn=Special \\,\\+\\\"\\\\\\<\\>\\;\\= Chars", "cn=\\#hashtag",
        "cn=\\ Padded Name\\ ", "cn=Ann Lee+uid=alee", "cn=Zoë Ångström", "cn=王小明",
    ]

    let target = TestDirectory.target

    /// A fresh OU for one test, removed (with its children) afterwards.
    private func scratchOU(_ connection: LDAPConnection) async throws -> String {
        let dn = "ou=\(uniqueName("test")),\(target.base)"
        try await connection.add(
            dn,
            attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", [String(dn.dropFirst(3).prefix { $0 != "," })])])
        return dn
    }

    private func exists(_ connection: LDAPConnection, _ dn: String) async throws -> LDAPEntry? {
        do {
            return try await connection.searchAll(SearchRequest(base: dn, scope: .base)).first
        } catch LDAPResultCode.noSuchObject {
            return nil
        }
    }

    @Test(arguments: specialRDNs)
    func specialCharacterDNsSurviveAddRenameMoveDelete(rdn: String) async throws {
        let connection = try await target.service()
        let ou = try await scratchOU(connection)
        let other = try await scratchOU(connection)
        let parsed = try DistinguishedName("\(rdn),\(ou)")
        let leaf = try #require(parsed.rdn)
        var attributes = [LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("sn", ["Test"])]
        for part in leaf.attributes { attributes.append(LDAPAttribute(part.type, [part.value])) }
        try await connection.add(parsed.description, attributes: attributes)

        // Read back: the server's DN parses to the same name.
        let added = try #require(try await exists(connection, parsed.description))
        #expect(try DistinguishedName(added.dn) == parsed)

        // Rename within the OU, then move to the other OU keeping the new RDN.
        let renamedRDN = RelativeDistinguishedName("cn", "\(leaf.attributes[0].value), renamed+#=")
        try await connection.rename(parsed.description, newRDN: renamedRDN.description, deleteOldRDN: false)
        let renamed = try DistinguishedName(ou).appending(renamedRDN)
        #expect(try await exists(connection, parsed.description) == nil)
        #expect(try await exists(connection, renamed.description) != nil)
        try await connection.rename(renamed.description, newRDN: renamedRDN.description, newSuperior: other)
        let moved = try DistinguishedName(other).appending(renamedRDN)
        let movedEntry = try #require(try await exists(connection, moved.description))
        #expect(movedEntry.strings("cn").contains(renamedRDN.attributes[0].value))

        try await connection.delete(moved.description)
        #expect(try await exists(connection, moved.description) == nil)
        try await connection.delete(ou)
        try await connection.delete(other)
    }

    @Test func everyByteValueRoundTrips() async throws {
        let connection = try await target.service()
        let ou = try await scratchOU(connection)
        let bytes = (0...255).map(UInt8.init) + [0xff, 0xd9, 0x00, 0x80]
        let dn = "cn=binary,\(ou)"
        try await connection.add(
            dn,
            attributes: [
                LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("cn", ["binary"]), LDAPAttribute("sn", ["B"]),
                LDAPAttribute("jpegPhoto", values: [bytes]),
            ])
        #expect(try await exists(connection, dn)?.values("jpegPhoto") == [bytes])
        let replaced = Array(bytes.reversed())
        try await connection.modify(dn, [Modification(.replace, "jpegPhoto", values: [replaced])])
        #expect(try await exists(connection, dn)?.values("jpegPhoto") == [replaced])
        try await connection.delete(dn)
        try await connection.delete(ou)
    }

    @Test func modifyAddReplaceDeleteValues() async throws {
        let connection = try await target.service()
        let ou = try await scratchOU(connection)
        let dn = "cn=mods,\(ou)"
        try await connection.add(
            dn,
            attributes: [
                LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("cn", ["mods"]), LDAPAttribute("sn", ["M"]),
                LDAPAttribute("mail", ["a@x", "b@x"]),
            ])
        try await connection.modify(
            dn, [Modification(.add, "mail", ["c@x"]), Modification(.delete, "mail", ["a@x"]), Modification(.replace, "title", ["Boss"])])
        let entry = try #require(try await exists(connection, dn))
        #expect(Set(entry.strings("mail")) == ["b@x", "c@x"])
        #expect(entry.strings("title") == ["Boss"])
        let error = await #expect(throws: LDAPError.self) {
            try await connection.modify(dn, [Modification(.delete, "mail", ["nope@x"])])
        }
        #expect(error?.code == .noSuchAttribute)
        #expect(error?.dn == dn)
        try await connection.delete(dn)
        try await connection.delete(ou)
    }

    @Test func pipelinedBatchReportsEachResultInOrder() async throws {
        let connection = try await target.service()
        let ou = try await scratchOU(connection)
        var requests: [WriteRequest] = (0..<300).map { index in
            .add(
                dn: "uid=p\(index),\(ou)",
                attributes: [
                    LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", ["p\(index)"]),
                    LDAPAttribute("cn", ["P \(index)"]), LDAPAttribute("sn", ["P"]),
                ])
        }
        requests.insert(requests[10], at: 150)  // a duplicate add: must fail alone
        let results = try await connection.writeAll(requests, window: 32)
        #expect(results.count == 301)
        let failures = results.enumerated().compactMap { index, result -> (Int, LDAPError)? in
            if case .failure(let error) = result { return (index, error) }
            return nil
        }
        #expect(failures.count == 1)
        #expect(failures.first?.0 == 150)
        #expect(failures.first?.1.code == .entryAlreadyExists)
        let listed = try await connection.searchAll(SearchRequest(base: ou, scope: .oneLevel, attributes: ["1.1"]))
        #expect(listed.count == 300)
        let deletes = listed.map { WriteRequest.delete(dn: $0.dn) } + [.delete(dn: ou)]
        let deleted = try await connection.writeAll(Array(deletes.dropLast()), window: 64)
        #expect(deleted.allSatisfy { if case .success = $0 { true } else { false } })
        try await connection.delete(ou)
    }

    @Test func passwordModifyExtendedOperation() async throws {
        let admin = try await target.service()
        let ou = try await scratchOU(admin)
        let dn = "uid=pw,\(ou)"
        try await admin.add(
            dn,
            attributes: [
                LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", ["pw"]), LDAPAttribute("cn", ["pw"]),
                LDAPAttribute("sn", ["pw"]),
            ])
        try await admin.modifyPassword(userIdentity: dn, oldPassword: nil, newPassword: Password("First-Pass-1"))
        let user = try await target.connect()
        try await user.bind(dn, password: Password("First-Pass-1"))
        // The user changes their own password, then the server generates one.
        try await user.modifyPassword(userIdentity: nil, oldPassword: Password("First-Pass-1"), newPassword: Password("Second-Pass-2"))
        let generated = try #require(try await admin.modifyPassword(userIdentity: dn, oldPassword: nil, newPassword: nil))
        #expect(!generated.isEmpty)
        let again = try await target.connect()
        try await again.bind(dn, password: generated)
        #expect(try await again.whoAmI() == "dn:\(dn)")
        try await admin.delete(dn)
        try await admin.delete(ou)
    }
}
