import Foundation
import LDAPClient
import SyncEngine
import SyncStore
import Testing

/// Range retrieval (MS-ADTS 3.1.1.3.1.3.3) against the shared Samba AD DC: a group of 5,000
/// members in an OU of the test's own, removed at the end.
///
/// Samba 4.17 does not enforce MaxValRange: a plain request for `member` (or `*`) gets all
/// 5,000 values at once under `member`. It does honour explicit `member;range=low-high`
/// requests (lowercase `range=` only), answering `-*` once the slice reaches the last value and
/// an empty `member;range=N-*` past it. So the ranged path is driven here with explicit slices.
@Suite(.serialized) struct ADRangedRetrievalTests {
    static let memberCount = 5_000

    @Test func aGroupOfFiveThousandMembersIsReadWholeInRangesAndImportedWhole() async throws {
        let samba = TestDirectory.samba
        let admin = try await samba.admin(tls: .ldaps)
        let group = try await BigGroup.create(admin, in: samba.base, members: Self.memberCount)
        do {
            try await checkRangedReads(group, admin)
            try await checkCompletion(group, admin)
            try await checkImport(group, samba)
        } catch {
            await group.remove(admin)
            throw error
        }
        await group.remove(admin)
    }

    /// What Samba does unasked, and (a): explicit ranges of 1000 give exactly the 5,000 DNs.
    private func checkRangedReads(_ group: BigGroup, _ admin: LDAPConnection) async throws {
        let plain = try #require(try await admin.searchAll(SearchRequest(base: group.dn, scope: .base, attributes: ["member"])).first)
        #expect(!plain.hasRangedAttributes, "Samba sliced a plain request: \(plain.attributes.map(\.name))")
        let serverOrder = plain.values("member")
        #expect(serverOrder.count == Self.memberCount)

        // Samba's own answers to explicit slices: where they start and end.
        let slice = try #require(try await admin.searchAll(SearchRequest(base: group.dn, scope: .base, attributes: ["member;range=1000-1999"])).first)
        #expect(slice.attributes.map(\.name) == ["member;range=1000-1999"])
        #expect(slice.values("member;range=1000-1999") == Array(serverOrder[1000...1999]))
        let tail = try #require(try await admin.searchAll(SearchRequest(base: group.dn, scope: .base, attributes: ["member;range=4000-4999"])).first)
        #expect(tail.attributes.map(\.name) == ["member;range=4000-*"])
        let past = try #require(try await admin.searchAll(SearchRequest(base: group.dn, scope: .base, attributes: ["member;range=5000-*"])).first)
        #expect(past.attributes.map(\.name) == ["member;range=5000-*"] && past.values("member;range=5000-*").isEmpty)

        // (a) Ranges of 1000: every DN once, in the server's order.
        let ranged = try await admin.allValues(dn: group.dn, attribute: "member", rangeSize: 1000)
        #expect(ranged.count == Self.memberCount)
        #expect(Set(ranged).count == ranged.count)
        #expect(Set(ranged.map { String(decoding: $0, as: UTF8.self).lowercased() }) == group.memberKeys)
        #expect(ranged == serverOrder)
        // Sizes that do not divide 5,000, that take it in one slice, and that end exactly on it.
        for size in [1_499, 4_999, 5_000, 20_000] {
            #expect(try await admin.allValues(dn: group.dn, attribute: "member", rangeSize: size) == serverOrder, "range size \(size)")
        }
        #expect(try await admin.allValues(dn: group.dn, attribute: "description", rangeSize: 1000).isEmpty)
        let missing = await #expect(throws: LDAPError.self) {
            try await admin.allValues(dn: "CN=nobody,\(group.ou)", attribute: "member", rangeSize: 1000)
        }
        #expect(missing?.code == .noSuchObject)
        #expect(missing?.dn == "CN=nobody,\(group.ou)")
        #expect(missing?.description.contains("member;range=0-999") == true)
    }

    /// Completing an entry that came with a slice, as the import does.
    private func checkCompletion(_ group: BigGroup, _ admin: LDAPConnection) async throws {
        let serverOrder = try await admin.allValues(dn: group.dn, attribute: "member", rangeSize: 5000)
        let first = try #require(
            try await admin.searchAll(
                SearchRequest(
                    base: group.dn, scope: .base, attributes: ["cn", "objectGUID", "uSNChanged", "member;range=0-999"])
            ).first)
        #expect(first.hasRangedAttributes)
        let whole = try await admin.completeRangedAttributes(first)
        #expect(!whole.hasRangedAttributes)
        #expect(whole.values("member") == serverOrder)
        #expect(whole.attributes.map(\.name).sorted() == ["cn", "member", "objectGUID", "uSNChanged"])
        #expect(whole.values("objectGUID") == first.values("objectGUID"))

        // A slice that ends on the last value without `-*` (AD at exactly MaxValRange values):
        // the next request gets Samba's empty `member;range=5000-*`.
        let exact = LDAPEntry(dn: group.dn, attributes: [LDAPAttribute("member;range=0-4999", values: serverOrder)])
        #expect(try await admin.completeRangedAttributes(exact).values("member") == serverOrder)

        // An entry version older than the server's (the group changed after the page was read):
        // the attribute is read again from the start, and comes out whole all the same.
        let stale = LDAPEntry(
            dn: group.dn,
            attributes: [
                LDAPAttribute("uSNChanged", ["1"]), LDAPAttribute("member;range=0-999", values: Array(serverOrder[0..<1000])),
            ])
        #expect(try await admin.completeRangedAttributes(stale).values("member") == serverOrder)

        // A slice whose values do not match its range, a malformed range, a vanished entry:
        // errors that name the entry and the attribute.
        let short = LDAPEntry(dn: group.dn, attributes: [LDAPAttribute("member;range=0-999", values: Array(serverOrder[0..<999]))])
        let shortError = await #expect(throws: LDAPError.self) { try await admin.completeRangedAttributes(short) }
        #expect(shortError?.dn == group.dn)
        #expect(shortError?.description.contains("member") == true)
        let malformed = LDAPEntry(dn: group.dn, attributes: [LDAPAttribute("member;range=0-x", ["a"])])
        let malformedError = await #expect(throws: LDAPError.self) { try await admin.completeRangedAttributes(malformed) }
        #expect(malformedError?.dn == group.dn)
        #expect(malformedError?.description.contains("member;range=0-x") == true)
        let gone = LDAPEntry(dn: "CN=gone,\(group.ou)", attributes: [LDAPAttribute("member;range=0-0", ["x"])])
        let goneError = await #expect(throws: LDAPError.self) { try await admin.completeRangedAttributes(gone) }
        #expect(goneError?.code == .noSuchObject)
        #expect(goneError?.dn == "CN=gone,\(group.ou)")
        #expect(goneError?.description.contains("member;range=1-*") == true)
    }

    /// (b) An AD-flavor full import through the CLI keeps all 5,000 members in the connector space.
    private func checkImport(_ group: BigGroup, _ samba: TestDirectory) async throws {
        let privateTarget = try await PrivateDirectory(.target, name: "adrange")
        defer { privateTarget.remove() }
        let target = privateTarget.directory
        let testStore = TestStore()
        let scratch = try ScratchConfig(
            "adrange", yaml: ScratchConfig.adSource(bindDN: samba.serviceDN, containers: [group.ouRDN], target: target, store: testStore.setting))
        defer { scratch.remove() }
        let config = scratch.path
        #expect(try await CommandLine.run(["init"], config: config).code == 0)
        let set = try await CommandLine.run(
            ["connector", "set-password", "contoso-ad", "--password-stdin"], config: config, input: samba.servicePassword.unsafeText)
        #expect(set.code == 0, "\(set.stderr)")
        let run = try await CommandLine.run(["run", "contoso-ad", "full-import"], config: config)
        #expect(run.code == 0, "\(run.stdout)\n\(run.stderr)")

        let store = try testStore.open(statePath: scratch.folder + "/state")
        let object = try #require(try await store.read { try $0.csObject(connector: "contoso-ad", dn: group.dn) })
        #expect(object.objectType == "group")
        let members = object.attributes["member"]
        #expect(members.count == Self.memberCount)
        #expect(Set(members.map { String(decoding: $0, as: UTF8.self).lowercased() }) == group.memberKeys)
        #expect(!object.attributes.keys.contains { $0.contains(";range=") })
        #expect(try await store.read { try $0.csCount(connector: "contoso-ad") } == Self.memberCount + 1)

        let shown = try await CommandLine.run(["cs", "show", "contoso-ad", "--dn", group.dn], config: config)
        #expect(shown.code == 0, "\(shown.stderr)")
        #expect(shown.stdout.split(separator: "\n").filter { $0.hasPrefix("member: ") }.count == Self.memberCount)

        // (c) The cycle carries the group into the OpenLDAP target with exactly the same 5,000 members.
        let targetSet = try await CommandLine.run(
            ["connector", "set-password", "cloud", "--password-stdin"], config: config, input: target.servicePassword.unsafeText)
        #expect(targetSet.code == 0, "\(targetSet.stderr)")
        let cycle = try await CommandLine.run(["cycle"], config: config)
        #expect(cycle.code == 0, "\(cycle.stdout)\n\(cycle.stderr)")
        let admin = try await target.admin()
        let targetGroup = group.dn.replacingOccurrences(of: samba.base, with: target.base)
        let synced = try #require(try await admin.searchAll(SearchRequest(base: targetGroup, scope: .base, attributes: ["member"])).first)
        let expected = Set(group.users.map { normalizedDN($0.replacingOccurrences(of: samba.base, with: target.base)) })
        #expect(synced.values("member").count == Self.memberCount)
        #expect(Set(synced.strings("member").map { normalizedDN($0) }) == expected)
    }

    /// OpenLDAP knows no range option (it answers nothing for `objectClass;range=0-0`):
    /// `allValues` then asks once more plainly. (A private slapd: the shared target's service
    /// password is rotated by other tests.)
    @Test func allValuesFallsBackToAPlainReadOnOpenLDAP() async throws {
        let directory = try await PrivateDirectory(.target, name: "range-fallback")
        defer { directory.remove() }
        let target = directory.directory
        let connection = try await target.admin()
        defer { Task { await connection.close() } }
        let values = try await connection.allValues(dn: target.base, attribute: "objectClass", rangeSize: 1)
        let plain = try #require(try await connection.searchAll(SearchRequest(base: target.base, scope: .base, attributes: ["objectClass"])).first)
        #expect(!values.isEmpty)
        #expect(values == plain.values("objectClass"))
    }
}

/// A group with many members, each a user of its own, in an OU of the test's own.
struct BigGroup: Sendable {
    let ou: String
    let ouRDN: String
    let dn: String
    let users: [String]
    /// The member DNs lowercased, for comparisons.
    var memberKeys: Set<String> { Set(users.map { $0.lowercased() }) }

    /// Creates the OU, the users (pipelined adds) and the group (members added 500 a modify).
    static func create(_ admin: LDAPConnection, in base: String, members: Int) async throws -> BigGroup {
        let tag = "r" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let ouRDN = "OU=\(tag)"
        let ou = "\(ouRDN),\(base)"
        try await admin.add(ou, attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", [tag])])
        let users = (0..<members).map { "CN=u" + String(repeating: "0", count: max(0, 5 - String($0).count)) + String($0) + "," + ou }
        let group = BigGroup(ou: ou, ouRDN: ouRDN, dn: "CN=big,\(ou)", users: users)
        do {
            let adds = users.indices.map { index in
                WriteRequest.add(
                    dn: users[index],
                    attributes: [
                        LDAPAttribute("objectClass", ["top", "person", "organizationalPerson", "user"]),
                        LDAPAttribute("sAMAccountName", ["\(tag)-\(index)"]),
                    ])
            }
            try Self.requireSuccess(try await admin.writeAll(adds, window: 64), "adding users")
            try await admin.add(
                group.dn,
                attributes: [
                    LDAPAttribute("objectClass", ["top", "group"]), LDAPAttribute("sAMAccountName", ["\(tag)-big"]),
                ])
            for chunk in stride(from: 0, to: users.count, by: 500) {
                try await admin.modify(group.dn, [Modification(.add, "member", Array(users[chunk..<min(chunk + 500, users.count)]))])
            }
        } catch {
            await group.remove(admin)
            throw error
        }
        return group
    }

    /// Deletes the group, the users and the OU (pipelined deletes; what is not there is fine).
    func remove(_ admin: LDAPConnection) async {
        let deletes = ([dn] + users).map { WriteRequest.delete(dn: $0) }
        let results = (try? await admin.writeAll(deletes, window: 64)) ?? []
        let failed = results.compactMap { result -> LDAPError? in
            if case .failure(let error) = result, error.code != .noSuchObject { return error }
            return nil
        }
        do {
            try await admin.delete(ou)
        } catch let error as LDAPError where error.code == .noSuchObject {
        } catch {
            Issue.record("could not remove \(ou): \(error) (\(failed.count) deletes failed, first: \(failed.first.map { "\($0)" } ?? "none"))")
        }
    }

    private static func requireSuccess(_ results: [Result<Void, LDAPError>], _ what: String) throws {
        let failures = results.compactMap { if case .failure(let error) = $0 { error } else { nil } }
        if let first = failures.first {
            throw LDAPError(
                code: first.code, operation: first.operation, diagnostic: "\(what): \(failures.count) failed, the first: \(first)", dn: first.dn)
        }
    }
}
