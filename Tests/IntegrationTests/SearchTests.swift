import LDAPClient
import Testing

/// Searching the seeded source directory: paging past the size limit, attributes, binary values.
@Suite struct SearchTests {
    let source = TestDirectory.source

    @Test func pagedSearchReadsPastTheServersSizeLimit() async throws {
        let connection = try await source.service()
        var pages = 0
        var total = 0
        let request = SearchRequest(base: "ou=people,\(source.base)", scope: .oneLevel, attributes: ["uid"])
        for try await page in connection.pagedSearch(request, pageSize: 200) {
            #expect(page.count <= 200)
            pages += 1
            total += page.count
        }
        #expect(total == 1210)  // SEED_SOURCE_PEOPLE_ONELEVEL: more than the 500 size limit
        #expect(pages == 7)
    }

    /// A page whose entries hold more values than the budget comes in parts: every entry
    /// once, in the server's order, each part but the last holding at least the budget (a part
    /// ends after the messages received so far, so it may hold more).
    @Test func aPageOfLargeEntriesComesInParts() async throws {
        let connection = try await source.service()
        let request = SearchRequest(base: source.base, filter: "(|(objectClass=groupOfNames)(uid=user00*))", attributes: ["uid", "cn", "member"])
        let whole = try await connection.searchAll(request, pageSize: 1000).map(\.dn)
        var parts: [[LDAPEntry]] = []
        for try await part in connection.pagedSearch(request, pageSize: 1000, valueBudget: 300) { parts.append(part) }
        #expect(parts.flatMap { $0 }.map(\.dn) == whole)
        #expect(whole.count > 100 && parts.count >= 3, "\(whole.count) entries in \(parts.count) parts of \(parts.map(\.count))")
        for part in parts.dropLast() {
            let values = part.reduce(0) { $0 + $1.valueCount }
            #expect(values >= 300, "a part of \(part.count) entries holds \(values) values")
        }
    }

    @Test func sizeLimitIsReportedAfterTheEntriesBeforeIt() async throws {
        let connection = try await source.service()
        var seen = 0
        let error = await #expect(throws: LDAPError.self) {
            for try await message in connection.search(
                SearchRequest(base: "ou=people,\(source.base)", scope: .oneLevel, attributes: ["uid"], sizeLimit: 10))
            {
                if case .entry = message { seen += 1 }
            }
        }
        #expect(error?.code == .sizeLimitExceeded)
        #expect(seen == 10)
    }

    @Test func subtreeCountsMatchTheSeed() async throws {
        let connection = try await source.service()
        let persons = try await connection.searchAll(SearchRequest(base: source.base, filter: "(objectClass=inetOrgPerson)", attributes: ["1.1"]))
        #expect(persons.count == 1634)
        let group = try await connection.searchAll(
            SearchRequest(base: "cn=all-people,ou=groups,\(source.base)", scope: .base, attributes: ["member"]))
        #expect(group.first?.values("member").count == 1609)
    }

    @Test func entriesStreamOneAtATime() async throws {
        let connection = try await source.service()
        var count = 0
        for try await entry in connection.pagedSearch(
            SearchRequest(base: "ou=sales,ou=people,\(source.base)", scope: .oneLevel, attributes: ["uid", "mail"]), pageSize: 50
        ).entries {
            #expect(entry.string("mail") == "\(entry.string("uid") ?? "?")@contoso.com")
            count += 1
        }
        #expect(count == 400)
    }

    @Test func binaryValueComesBackAsBytes() async throws {
        let connection = try await source.service()
        let entries = try await connection.searchAll(
            SearchRequest(base: "uid=photo,ou=people,\(source.base)", scope: .base, attributes: ["jpegPhoto"]))
        let photo = try #require(entries.first?.values("jpegPhoto").first)
        #expect(photo.count == 512)
        #expect(Array(photo.prefix(4)) == [0xff, 0xd8, 0xff, 0xe0])
        #expect(Array(photo.suffix(2)) == [0xff, 0xd9])
    }

    @Test func missingBaseIsNoSuchObjectWithMatchedDN() async throws {
        let connection = try await source.service()
        let error = await #expect(throws: LDAPError.self) {
            _ = try await connection.searchAll(SearchRequest(base: "ou=nowhere,\(source.base)"))
        }
        #expect(error?.code == .noSuchObject)
        #expect(error?.matchedDN?.lowercased() == source.base)
        #expect(error?.isTransient == false)
    }

    @Test func filterInjectionFindsNothingExtra() async throws {
        let connection = try await source.service()
        let base = "ou=people,\(source.base)"
        let honest = try await connection.searchAll(
            SearchRequest(base: base, filter: try LDAPFilter.equality("uid", "user0001"), attributes: ["uid"]))
        #expect(honest.count == 1)
        for attack in ["*", "*)(uid=*", "user0001)(|(uid=*", "*)(objectClass=*))(|(uid=*", "user0001\\", "\u{0}"] {
            let found = try await connection.searchAll(SearchRequest(base: base, filter: try LDAPFilter.equality("uid", attack), attributes: ["uid"]))
            #expect(found.isEmpty, "value \(attack.debugDescription) matched \(found.count) entries")
        }
    }

    @Test func badFilterIsAClientError() async throws {
        let connection = try await source.service()
        let error = await #expect(throws: LDAPError.self) {
            _ = try await connection.searchAll(SearchRequest(base: source.base, filter: "(uid=a"))
        }
        #expect(error?.code == .filterError)
        // A malformed filter is refused locally; the connection stays usable.
        #expect(try await connection.whoAmI().contains("svc-sync"))
    }
}
