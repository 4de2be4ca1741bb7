import LDAPProtocol
import Testing

/// The packed form imports read entries in: the same entry as `LDAPEntry`, one buffer.
@Suite struct PackedEntryTests {
    static let entry = LDAPEntry(
        dn: "uid=ann,ou=people,dc=example,dc=com",
        attributes: [
            LDAPAttribute("objectClass", ["top", "inetOrgPerson"]),
            LDAPAttribute("cn", ["Ann Lee"]),
            LDAPAttribute("jpegPhoto", values: [[0, 0x80, 0xff], []]),
            LDAPAttribute("description", [String(repeating: "x", count: 300)]),
            LDAPAttribute("CN", ["second cn attribute"]),
            LDAPAttribute("member;range=0-1", ["cn=a", "cn=b"]),
            LDAPAttribute("emptyOne", values: []),
        ],
        controls: [LDAPControl(oid: "1.3.6.1.4.1.4203.1.9.1.2", value: [4, 1, 0])])

    @Test func anEntryUnpacksToWhatWasPacked() {
        let packed = PackedEntry(Self.entry)
        #expect(LDAPEntry(packed) == Self.entry)
        #expect(packed.valueCount == Self.entry.valueCount)
        #expect(packed.controls == Self.entry.controls)
        #expect(LDAPEntry(PackedEntry(LDAPEntry(dn: "cn=x", attributes: []))).attributes.isEmpty)
    }

    @Test func valuesAreTheFirstAttributeOfThatNameInAnyCaseAsAnLDAPEntryFindsThem() {
        let packed = PackedEntry(Self.entry)
        for name in ["cn", "CN", "Cn", "objectclass", "OBJECTCLASS", "jpegphoto", "description", "member;range=0-1", "emptyone"] {
            #expect(packed.values(name) == Self.entry.attribute(name)?.values, "\(name)")
        }
        #expect(packed.values("cn") == [Array("Ann Lee".utf8)])
        #expect(packed.values("sn") == nil)
        #expect(packed.values("c") == nil)
        #expect(packed.values("member") == nil)
        // Case folds letters only: "[" is not "{" whatever its bit 5 says.
        let odd = PackedEntry(LDAPEntry(dn: "cn=x", attributes: [LDAPAttribute("a[", ["1"])]))
        #expect(odd.values("a{") == nil)
        #expect(odd.values("A[") == [Array("1".utf8)])
    }

    @Test func aSlicedAttributeIsSeenAsAnLDAPEntrySeesIt() {
        #expect(PackedEntry(Self.entry).hasRangedAttributes)
        #expect(Self.entry.hasRangedAttributes)
        let plain = LDAPEntry(dn: "cn=x", attributes: [LDAPAttribute("member;binary", ["a"]), LDAPAttribute("cn", ["x"])])
        #expect(!PackedEntry(plain).hasRangedAttributes)
        #expect(!plain.hasRangedAttributes)
    }

    @Test func recordsHoldTheStoredLayout() {
        // LEB128 name length, name, value count, then each value length-prefixed.
        let packed = PackedEntry(
            LDAPEntry(dn: "cn=x", attributes: [LDAPAttribute("cn", ["ab", ""]), LDAPAttribute("d", [String(repeating: "y", count: 200)])]))
        #expect(Array(packed.bytes.prefix(8)) == [2] + Array("cn".utf8) + [2, 2] + Array("ab".utf8) + [0])
        #expect(Array(packed.bytes[8..<13]) == [1, UInt8(ascii: "d"), 1, 0xc8, 0x01])
        let records = Array(packed.records)
        #expect(records.count == 2)
        #expect(records.map { packed.name(of: $0) } == ["cn", "d"])
        #expect(records[1].whole.upperBound == packed.bytes.count)
        #expect(packed.values(of: records[0]) == [Array("ab".utf8), []])
    }
}
