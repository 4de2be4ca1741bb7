import Foundation
import LDAPProtocol
import Testing

/// Every field of every attribute, so round-trip checks see differences that `==` forgives.
private func fields(_ dn: DistinguishedName) -> [[String]] {
    dn.rdns.map { $0.attributes.map { "\($0.type)|\($0.value)|\($0.isBEREncoded)" } }
}

private func parse(_ string: String) throws -> DistinguishedName {
    try DistinguishedName(string)
}

@Suite("DistinguishedName")
struct DistinguishedNameTests {
    /// (unescaped value, minimal RFC 4514 escaping)
    static let escapes: [(String, String)] = [
        ("a,b", #"a\,b"#), ("a+b", #"a\+b"#), ("a\"b", #"a\"b"#), (#"a\b"#, #"a\\b"#),
        ("a<b", #"a\<b"#), ("a>b", #"a\>b"#), ("a;b", #"a\;b"#), ("a=b", #"a\=b"#),
        ("#a", ##"\#a"##), ("a#b", "a#b"), (" a", #"\ a"#), ("a ", #"a\ "#), ("a b", "a b"),
        (" ", #"\ "#), ("   ", #"\  \ "#), ("a\0b", #"a\00b"#), ("", ""), ("Zoë 王", "Zoë 王"),
        ("tab\there", "tab\there"), ("\u{301}x", "\u{301}x"), ("🙂", "🙂"),
    ]

    @Test("each special character is escaped on output and unescaped on input", arguments: escapes)
    func escaping(value: String, escaped: String) throws {
        let dn = DistinguishedName(rdns: [RelativeDistinguishedName("cn", value)])
        #expect(dn.description == "cn=\(escaped)")
        #expect(try parse("cn=\(escaped)").rdn?.attributes.first?.value == value)
        let hexPairs = value.utf8.map { String(format: "\\%02X", $0) }.joined()
        #expect(try parse("cn=\(hexPairs)").rdn?.attributes.first?.value == value)
    }

    @Test func hexPairsDecodeAsUTF8AndReEscapeMinimally() throws {
        #expect(try parse(#"cn=Zo\C3\ABe"#).rdn?.attributes.first?.value == "Zoëe")
        #expect(try parse(#"cn=\e7\8e\8b\E5\B0\8F"#).rdn?.attributes.first?.value == "王小")
        #expect(try parse(#"cn=a\2cb\5C\22"#).description == #"cn=a\,b\\\""#)
    }

    static let tricky = [
        #"cn=Smith\, John+uid=jsmith,ou=Sales\+Marketing,dc=contoso,dc=com"#,
        ##"cn=\#hash,dc=x"##, #"cn=\ lead and trail\ ,dc=x"#, #"cn=a\"b\\c\<d\>e\;f\=g,dc=x"#,
        "cn=Zoë Ångström,ou=people,dc=contoso,dc=com", "CN=王小明,DC=contoso,DC=com",
        "cn=#04024869,dc=x", "cn=,dc=x", "2.5.4.3=Ann,0.9.2342.19200300.100.1.25=x", "",
        #"cn=\00nul\ "#, "cn=a#b,o=x", "cn=a+sn=b+uid=c",
    ]

    @Test("canonical DNs serialize back unchanged", arguments: tricky)
    func canonicalRoundTrip(input: String) throws {
        let dn = try parse(input)
        #expect(dn.description == input)
        #expect(fields(try parse(dn.description)) == fields(dn))
    }

    static let lenient = [
        #"cn=a\2cb,dc=x"#, #" cn = Ann Lee , ou = People + uid = x ;dc=x "#,
        #"cn="Smith, John \"JJ\"",dc=x"#, #"cn=\ \ two\20\20,dc=x"#, "CN=#0A0b ,dc=x", ##"cn=\=\#"##, "cn=a#b=c,o=x",
    ]

    @Test("lenient input round-trips through a stable description", arguments: tricky + lenient)
    func roundTripIsStable(input: String) throws {
        let dn = try parse(input)
        let reparsed = try parse(dn.description)
        #expect(fields(reparsed) == fields(dn))
        #expect(reparsed.description == dn.description)
        #expect(reparsed == dn && reparsed.normalized == dn.normalized)
    }

    @Test func lenientFormsMeanWhatTheySay() throws {
        #expect(try parse(#" cn = Ann Lee , ou = People + uid = x ;dc=x "#).description == "cn=Ann Lee,ou=People+uid=x,dc=x")
        #expect(try parse(#"cn="Smith, John",dc=x"#).description == #"cn=Smith\, John,dc=x"#)
        #expect(try parse(#"cn=\ lead and trail\ ,dc=x"#).rdn?.attributes.first?.value == " lead and trail ")
        #expect(try parse("cn=a;dc=b").rdns.count == 2)
    }

    @Test func hexStringValuesAreKeptVerbatim() throws {
        let attribute = try #require(try parse("cn=#04024869,dc=x").rdn?.attributes.first)
        #expect(attribute.isBEREncoded && attribute.value == "#04024869")
        #expect(attribute.berBytes == [0x04, 0x02, 0x48, 0x69])
        #expect(try parse("cn=#0A0B") == parse("CN=#0a0b"))
        #expect(try parse("cn=#0A0B") != parse(##"cn=\#0A0B"##))
        #expect(try parse(##"cn=\#0A0B"##).rdn?.attributes.first?.isBEREncoded == false)
        #expect(throws: DNError.self) { try AttributeTypeAndValue(type: "cn", berHexValue: "#123") }
    }

    @Test func equalityIgnoresCaseSpacesAndAttributeOrder() throws {
        let dn = try parse("cn=Ann  Lee+uid=ALee,ou=People,dc=Contoso,dc=com")
        let same = try parse(#"UID=alee+CN=\ ann lee\ ,OU=people, DC=contoso,DC=COM"#)
        #expect(dn == same && dn.hashValue == same.hashValue)
        #expect(dn.normalized == "cn=ann lee+uid=alee,ou=people,dc=contoso,dc=com")
        #expect(Set([dn, same]).count == 1)
        #expect(try parse("cn=Ann,dc=x") != parse("cn=Anne,dc=x"))
        #expect(try parse("2.5.4.3=Ann").normalized == "2.5.4.3=ann")
        #expect(try parse(#"cn=A\,B\=C"#).normalized == #"cn=a\,b\=c"#)
        #expect(Array(try parse("cn=Zoe\u{308}").normalized.utf8) == Array("cn=zo\u{EB}".utf8))
    }

    @Test func navigation() throws {
        let base = try parse("ou=People,dc=contoso,dc=com")
        let ann = try parse("cn=Ann,ou=People,dc=contoso,dc=com")
        #expect(ann.parent == base)
        #expect(ann.rdn == RelativeDistinguishedName("CN", "ann"))
        #expect(ann.isDescendant(of: base) && ann.isDescendant(of: .root) && !ann.isDescendant(of: ann))
        #expect(ann.isWithin(ann) && ann.isWithin(base) && !base.isWithin(ann))
        #expect(try !parse("cn=Ann,ou=Staff,dc=contoso,dc=com").isWithin(base))
        #expect(try !parse("ou=People,dc=contoso,dc=org").isWithin(base))
        let contoso = try parse("DC=Contoso,DC=com")
        #expect(ann.relative(to: contoso) == [RelativeDistinguishedName("cn", "Ann"), RelativeDistinguishedName("ou", "People")])
        #expect(ann.relative(to: ann) == [])
        #expect(base.relative(to: ann) == nil)
        #expect(base.appending(RelativeDistinguishedName("cn", "Ann")) == ann)
        let moved = try #require(ann.rebased(from: try parse("dc=contoso,dc=com"), to: try parse("o=Fabrikam")))
        #expect(moved.description == "cn=Ann,ou=People,o=Fabrikam")
        #expect(ann.rebased(from: try parse("dc=org"), to: .root) == nil)
        var edited = ann
        edited.rdns.removeFirst()
        #expect(edited.normalized == "ou=people,dc=contoso,dc=com" && edited == base)
    }

    @Test func rootIsTheEmptyName() throws {
        #expect(try parse("") == .root && parse("   ") == .root)
        #expect(DistinguishedName.root.description == "" && DistinguishedName.root.rdns.isEmpty)
        #expect(DistinguishedName.root.parent == nil && DistinguishedName.root.rdn == nil)
        #expect(DistinguishedName.root.isWithin(.root) && !DistinguishedName.root.isDescendant(of: .root))
        #expect(try parse("dc=com").parent == .root)
    }

    @Test func sortsAncestorsFirst() throws {
        let names = try ["ou=b,dc=x", "dc=x", "cn=a,ou=b,dc=x", "ou=a,dc=x", ""].map(parse)
        #expect(names.sorted().map(\.description) == ["", "dc=x", "ou=a,dc=x", "ou=b,dc=x", "cn=a,ou=b,dc=x"])
    }

    @Test func codableAsTheString() throws {
        let dn = try parse(#"cn=Smith\, John,dc=x"#)
        let json = try JSONEncoder().encode([dn])
        #expect(String(decoding: json, as: UTF8.self) == #"["cn=Smith\\, John,dc=x"]"#)
        #expect(try JSONDecoder().decode([DistinguishedName].self, from: json) == [dn])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([DistinguishedName].self, from: Data(#"["cn"]"#.utf8)) }
    }

    /// (input, expected code, expected offset in Unicode scalars)
    static let errors: [(String, DNError.Code, Int)] = [
        ("cn", .missingEquals, 2), ("cn=a,ou", .missingEquals, 7), ("cn=王小明,x", .missingEquals, 8),
        ("=a", .emptyAttributeType, 0), ("cn=a, =b", .emptyAttributeType, 6),
        ("c n=a", .invalidAttributeType, 1), ("c_n=a", .invalidAttributeType, 1), ("-cn=a", .invalidAttributeType, 0),
        ("cn.x=a", .invalidAttributeType, 2), ("1.2.=a", .invalidAttributeType, 4), ("01.2=a", .invalidAttributeType, 0),
        ("3=a", .invalidAttributeType, 0), (#"cn=a\"#, .danglingEscape, 4), (#"cn=a\4"#, .invalidHexEscape, 4),
        (#"cn=a\4g"#, .invalidHexEscape, 4), (#"cn=a\x"#, .invalidEscape, 4), (#"cn=ab\C3"#, .invalidUTF8, 5),
        (#"cn=\41\FF\41"#, .invalidUTF8, 6), (#"cn=\C3\28"#, .invalidUTF8, 3),
        (#"cn=x\C0\80"#, .invalidUTF8, 4), (#"cn=\ED\A0\80"#, .invalidUTF8, 3), ("cn=#123", .invalidHexString, 7),
        ("cn=#", .invalidHexString, 4), ("cn=#12zz", .invalidHexString, 6), ("cn=\"abc", .unterminatedQuote, 3),
        ("cn=\"a\"b", .unexpectedCharacter, 6), ("cn=a\"b", .unexpectedCharacter, 4), ("cn=a<b", .unexpectedCharacter, 4),
        ("cn=a\0", .unexpectedCharacter, 4), ("cn=a,", .expectedAttribute, 5), (",dc=x", .expectedAttribute, 0),
        ("cn=a,,dc=x", .expectedAttribute, 5), ("cn=a+", .expectedAttribute, 5),
    ]

    @Test("malformed DNs are rejected with the position of the mistake", arguments: errors)
    func rejectsMalformed(input: String, code: DNError.Code, offset: Int) {
        #expect(throws: DNError(code, at: offset, in: input)) { try DistinguishedName(input) }
    }

    @Test func errorDescriptionShowsInputProblemAndOffset() {
        let error = DNError(.danglingEscape, at: 4, in: #"cn=a\"#)
        #expect(error.description == #"invalid DN "cn=a\": '\' at the end of the input escapes nothing (at offset 4)"#)
    }

    @Test func relativeDistinguishedNameValidatesAttributes() throws {
        #expect(throws: DNError(.emptyRDN, in: "")) { try RelativeDistinguishedName(attributes: []) }
        #expect(throws: DNError(.invalidAttributeType, at: 2, in: "cn)")) {
            try RelativeDistinguishedName(attributes: [.init(type: "cn)", value: "x")])
        }
        let rdn = try RelativeDistinguishedName(attributes: [.init(type: "uid", value: "a"), .init(type: "cn", value: "B")])
        #expect(rdn.description == "uid=a+cn=B" && rdn.normalized == "cn=b+uid=a")
        #expect(try parse("CN=b+UID=A").rdn == rdn)
    }
}
