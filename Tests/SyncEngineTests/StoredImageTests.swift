import Foundation
import LDAPProtocol
import SyncStore
import Testing

@testable import SyncEngine

/// What imports rely on to skip unchanged entries without decoding them: a deterministic
/// attribute encoding, and the store's undecoded images (an in-memory store, no directory).
@Suite struct StoredImageTests {
    @Test func theSameAttributesEncodeToTheSameBytesWhateverTheirOrderOfArrival() throws {
        let a = AttributeSet([LDAPAttribute("cn", ["Ann"]), LDAPAttribute("objectClass", ["top", "inetOrgPerson"]), LDAPAttribute("SN", ["Lee"])])
        let b = AttributeSet([LDAPAttribute("SN", ["Lee"]), LDAPAttribute("cn", ["Ann"]), LDAPAttribute("objectClass", ["top", "inetOrgPerson"])])
        #expect(a.encoded() == b.encoded())
        #expect(try AttributeSet(encoded: a.encoded()) == a)
        // Another value, or the same values in another order, is another encoding: the import
        // then compares decoded content (which ignores value order) before calling it changed.
        let changed = AttributeSet([
            LDAPAttribute("cn", ["Ann"]), LDAPAttribute("objectClass", ["top", "inetOrgPerson"]), LDAPAttribute("SN", ["Li"]),
        ])
        #expect(a.encoded() != changed.encoded())
        let reordered = AttributeSet([
            LDAPAttribute("cn", ["Ann"]), LDAPAttribute("objectClass", ["inetOrgPerson", "top"]), LDAPAttribute("SN", ["Lee"]),
        ])
        #expect(a.encoded() != reordered.encoded())
        #expect(a.sameContent(as: reordered))
    }

    @Test func anEntryEncodedDirectlyIsByteForByteTheSetsEncoding() throws {
        // The import writes an entry's encoding without building the set: any difference would
        // make every stored object look changed (or a changed one look unchanged).
        let cases: [[LDAPAttribute]] = [
            [],
            [LDAPAttribute("sn", ["Lee"]), LDAPAttribute("CN", ["Ann", "A"]), LDAPAttribute("cn", ["B"])],
            [LDAPAttribute("cn", ["B"]), LDAPAttribute("CN", ["Ann"]), LDAPAttribute("Cn", ["C"]), LDAPAttribute("a", ["1"])],
            [LDAPAttribute("member", values: []), LDAPAttribute("userPassword", ["secret"]), LDAPAttribute("ÉTAT", ["x"])],
            [LDAPAttribute("jpegPhoto;binary", values: [[0, 255, 1]]), LDAPAttribute("description", [String(repeating: "y", count: 300)])],
            (0..<40).map { LDAPAttribute("attr\(39 - $0 % 7)", ["v\($0)"]) },
        ]
        for attributes in cases {
            for skipping: Set<String> in [[], ["userpassword", "a"]] {
                let packed = PackedEntry(LDAPEntry(dn: "cn=x", attributes: attributes))
                #expect(AttributeSet.encoded(packed, skipping: skipping) == AttributeSet(attributes, skipping: skipping).encoded())
            }
        }
    }

    @Test func theEncodingIsTheOneStoredImagesWereWrittenIn() throws {
        // Connector spaces written by earlier versions are compared byte for byte with new
        // encodings: the format (count, then sorted lowercased keys' display names and values,
        // LEB128 lengths) must not drift.
        let set = AttributeSet([LDAPAttribute("sn", ["Lee"]), LDAPAttribute("CN", ["Ann", "A"]), LDAPAttribute("cn", ["B"])])
        let expected: [UInt8] =
            [2] + [2] + Array("CN".utf8) + [3, 3] + Array("Ann".utf8) + [1] + Array("A".utf8) + [1] + Array("B".utf8)
            + [2] + Array("sn".utf8) + [1, 3] + Array("Lee".utf8)
        #expect(set.encoded() == expected)
        #expect(try AttributeSet(encoded: expected) == set)
        let long = AttributeSet([LDAPAttribute("description", [String(repeating: "x", count: 200)])])
        #expect(Array(long.encoded().prefix(16)) == [1, 11] + Array("description".utf8) + [1, 0xc8, 0x01])
    }

    @Test func attributeNamesAreMatchedWithoutCase() {
        var set = AttributeSet([LDAPAttribute("objectClass", ["top"]), LDAPAttribute("Ünïcode", ["x"])])
        #expect(set["OBJECTCLASS"] == [Array("top".utf8)])
        #expect(set["objectclass"] == [Array("top".utf8)])
        #expect(set["üNÏCODE"] == [Array("x".utf8)])
        #expect(set.displayName("objectclass") == "objectClass")
        set["ObjectClass"] = []
        #expect(set["objectClass"].isEmpty)
        #expect(set.keys == ["ünïcode"])
    }

    @Test func aSetIsTheSameWhateverOrderItsAttributesWereSetAndRemovedIn() throws {
        // The set is one array sorted by key: every way of building the same content must end as
        // the same array (equality, encoding, `keys`), including a name set twice and one removed.
        let names = ["uid", "CN", "mail", "objectClass", "sn", "description", "member", "Ünïcode"]
        var generator = SystemRandomNumberGenerator()
        let reference = AttributeSet(names.sorted { AttributeSet.key($0) < AttributeSet.key($1) }.map { LDAPAttribute($0, [$0]) })
        for _ in 0..<50 {
            var set = AttributeSet()
            for name in names.shuffled(using: &generator) {
                set[name] = [Array("draft".utf8)]
                set["gone"] = [Array("x".utf8)]
                set[name] = [Array(name.utf8)]
                set["GONE"] = []
            }
            #expect(set == reference)
            #expect(set.encoded() == reference.encoded())
            #expect(set.keys == names.map { AttributeSet.key($0) }.sorted())
        }
    }

    @Test func aDamagedEncodingIsAnErrorOrASetNeverACrash() {
        // A count far beyond the bytes, a length past the end: errors, not allocations or traps.
        #expect(throws: AttributeDecodingError.self) { try AttributeSet(encoded: [0xff, 0xff, 0xff, 0xff, 0x0f]) }
        #expect(throws: AttributeDecodingError.self) { try AttributeSet(encoded: [1, 2] + Array("cn".utf8) + [1, 9, 0x41]) }
        // Names out of order or twice (no encoder writes them, a damaged page could): still a
        // sorted set, the later values of a name replacing the earlier.
        let unordered: [UInt8] =
            [3] + [2] + Array("sn".utf8) + [1, 1, 0x42] + [2] + Array("CN".utf8) + [1, 1, 0x41] + [2] + Array("cn".utf8) + [1, 1, 0x43]
        let set = try? AttributeSet(encoded: unordered)
        #expect(set?.keys == ["cn", "sn"])
        #expect(set?["cn"] == [[0x43]])
        #expect(set?.displayName("cn") == "CN")
    }

    @Test func imagesAreFoundByAnchorAndUnanchoredOnesByDN() async throws {
        let store = try SQLiteSyncStore()
        var attributes = AttributeSet()
        attributes.set("objectClass", ["inetOrgPerson"])
        attributes.set("cn", ["Ann Lee"])
        let ids = try await store.write { session in
            let imported = try session.save(
                ConnectorSpaceObject(
                    connector: "cloud", anchor: "a1", dn: "uid=ann,ou=people,dc=cloud,dc=example",
                    objectType: "person", attributes: attributes))
            let provisioned = try session.save(
                ConnectorSpaceObject(
                    connector: "cloud", anchor: nil, dn: "uid=Bob, ou=People,dc=cloud,dc=example",
                    objectType: "person", attributes: attributes, pendingExport: .none, exportUnconfirmed: true))
            let other = try session.save(
                ConnectorSpaceObject(
                    connector: "contoso.com", anchor: "a1", dn: "uid=ann,ou=people,dc=contoso,dc=com",
                    objectType: "person", attributes: attributes))
            return (imported, provisioned, other)
        }
        try await store.read { session in
            let byAnchor = try session.csImages(connector: "cloud", anchors: ["a1", "missing"])
            #expect(byAnchor.map(\.id) == [ids.0])
            #expect(byAnchor.first?.encodedAttributes == attributes.encoded())
            #expect(byAnchor.first?.dn == "uid=ann,ou=people,dc=cloud,dc=example")
            let byDN = try session.csUnanchoredImages(
                connector: "cloud", dns: ["UID=bob,ou=people,DC=cloud,DC=example", "uid=ann,ou=people,dc=cloud,dc=example"])
            #expect(byDN.map(\.id) == [ids.1])
            #expect(byDN.first?.exportUnconfirmed == true)
            #expect(byDN.first?.anchor == nil)
            // A full sync of a target skips objects no import has seen (the provisioned one).
            #expect(try session.csImportedObjectIDs(connector: "cloud") == [ids.0])
            #expect(try session.csImages(connector: "contoso.com", anchors: ["a1"]).map(\.id) == [ids.2])
        }
    }

    @Test func aBatchOfMoreThanFiveHundredKeysIsLookedUpWhole() async throws {
        let store = try SQLiteSyncStore()
        var attributes = AttributeSet()
        attributes.set("cn", ["x"])
        try await store.write { session in
            for index in 0..<1_234 {
                try session.save(
                    ConnectorSpaceObject(
                        connector: "cloud", anchor: "a\(index)", dn: "cn=x\(index),dc=cloud,dc=example",
                        objectType: "person", attributes: attributes))
            }
        }
        let found = try await store.read { try $0.csImages(connector: "cloud", anchors: (0..<1_300).map { "a\($0)" }) }
        #expect(found.count == 1_234)
        #expect(Set(found.compactMap(\.anchor)).count == 1_234)
    }
}

/// Rebasing a source DN under the target base: the quick path for plain DNs gives what the
/// full RFC 4514 parse gives.
@Suite struct TargetDNTests {
    @Test func theQuickRebaseAgreesWithTheFullParse() async throws {
        let folder = try ConfigurationFolder()
        let configuration = try Configuration.load(path: try folder.write(designSampleYAML))
        let synchronizer = try await Synchronizer(configuration: configuration, store: try SQLiteSyncStore())
        let old = try DistinguishedName("dc=contoso,dc=com")
        let new = try DistinguishedName("dc=cloud,dc=example")
        for dn in [
            "uid=ann,ou=people,dc=contoso,dc=com", "uid=ann, ou=People , DC=Contoso,dc=com", "cn=Ann Lee,ou=people,dc=contoso,dc=com",
            "ou=people,dc=contoso,dc=com", "cn=a,ou=b,ou=c,dc=contoso,dc=com",
        ] {
            let quick = try #require(synchronizer.plainRebase(dn, from: old, to: new), "\(dn)")
            let full = try #require(try DistinguishedName(dn).rebased(from: old, to: new))
            #expect(normalizedDN(quick) == full.normalized, "\(dn) → \(quick), parsed: \(full)")
        }
        // Not under the base, the base itself, or escapes: the full parse decides.
        #expect(synchronizer.plainRebase("uid=ann,ou=people,dc=fabrikam,dc=com", from: old, to: new) == nil)
        #expect(synchronizer.plainRebase("dc=contoso,dc=com", from: old, to: new) == nil)
        #expect(synchronizer.plainRebase("cn=Lee\\, Ann,ou=people,dc=contoso,dc=com", from: old, to: new) == nil)
    }
}
