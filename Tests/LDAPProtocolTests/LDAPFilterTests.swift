import LDAPProtocol
import Testing

/// Reverses RFC 4515 `\xx` escaping, to check that escaping loses nothing.
private func unescape(_ escaped: String) -> [UInt8] {
    let bytes = Array(escaped.utf8)
    var result: [UInt8] = []
    var index = 0
    while index < bytes.count {
        if bytes[index] == UInt8(ascii: "\\"), index + 2 < bytes.count,
            let byte = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16)
        {
            result.append(byte)
            index += 3
        } else {
            result.append(bytes[index])
            index += 1
        }
    }
    return result
}

/// The filters directly inside `filter`'s outer parentheses, found by counting raw parentheses.
private func children(of filter: String) -> [String] {
    var children: [String] = []
    var depth = 0
    var current = ""
    for character in filter {
        if character == "(" { depth += 1 }
        if depth >= 2 { current.append(character) }
        if character == ")" {
            depth -= 1
            if depth == 1 {
                children.append(current)
                current = ""
            }
        }
    }
    return children
}

@Suite("LDAPFilter")
struct LDAPFilterTests {
    static let escapes: [(String, String)] = [
        ("*", #"\2a"#), ("(", #"\28"#), (")", #"\29"#), (#"\"#, #"\5c"#), ("\0", #"\00"#),
        (#"a*b(c)d\e"#, #"a\2ab\28c\29d\5ce"#), ("Zoë 王小明", "Zoë 王小明"), ("", ""),
        ("plain text=1&|!~<>:", "plain text=1&|!~<>:"), (#"\2a"#, #"\5c2a"#),
    ]

    @Test("string values escape exactly * ( ) \\ NUL", arguments: escapes)
    func escapesStrings(value: String, escaped: String) {
        #expect(LDAPFilter.escape(value) == escaped)
        #expect(unescape(escaped) == Array(value.utf8))
    }

    @Test("each byte 0x00…0xFF escapes unless it is harmless printable ASCII", arguments: 0...255)
    func escapesEveryByte(value: Int) throws {
        let byte = try #require(UInt8(exactly: value))
        let special: Set<UInt8> = [0x00, 0x28, 0x29, 0x2A, 0x5C]
        let expected =
            (0x20...0x7E).contains(byte) && !special.contains(byte)
            ? String(UnicodeScalar(byte))
            : "\\" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
        #expect(LDAPFilter.escape(bytes: [byte]) == expected)
    }

    @Test func binaryEscapingIsLosslessAndPrintable() throws {
        let all = (0...255).map { UInt8($0) }
        let escaped = LDAPFilter.escape(bytes: all)
        #expect(unescape(escaped) == all)
        #expect(escaped.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) })
        #expect(!escaped.contains("*") && !escaped.contains("(") && !escaped.contains(")"))
        let guid: [UInt8] = [0x2A, 0x28, 0x00, 0xFF, 0x41, 0x5C, 0x29, 0x7F]
        #expect(try LDAPFilter.equality("objectGUID", bytes: guid) == #"(objectGUID=\2a\28\00\ffA\5c\29\7f)"#)
    }

    @Test("an injection attempt stays one literal equality value")
    func injectionIsNeutralized() throws {
        let attack = "*)(uid=*))(|(uid=*"
        let filter = try LDAPFilter.equality("uid", attack)
        #expect(filter == #"(uid=\2a\29\28uid=\2a\29\29\28|\28uid=\2a)"#)
        let inner = filter.dropFirst().dropLast()
        #expect(!inner.contains("(") && !inner.contains(")") && !inner.contains("*"))
        #expect(unescape(String(inner.dropFirst("uid=".count))) == Array(attack.utf8))

        let search = LDAPFilter.and([try LDAPFilter.equality("objectClass", "person"), filter])
        #expect(children(of: search) == ["(objectClass=person)", filter])
    }

    @Test(arguments: ["cn", "CN", "2.5.4.3", "userCertificate;binary", "cn;lang-en;x-1", "msDS-UserAccountDisabled"])
    func acceptsAttributeDescriptions(attribute: String) throws {
        #expect(try LDAPFilter.equality(attribute, "x") == "(\(attribute)=x)")
        #expect(try LDAPFilter.presence(attribute) == "(\(attribute)=*)")
    }

    @Test(arguments: ["", "c n", "cn)(uid=*", "cn=", "cn;", ";x", "1.", "01.2", "cn;lang_en", "-cn", "cn*"])
    func rejectsBadAttributeNames(attribute: String) {
        #expect(throws: LDAPFilterError(.invalidAttribute, attribute: attribute)) {
            try LDAPFilter.equality(attribute, "x")
        }
        #expect(throws: LDAPFilterError.self) { try LDAPFilter.presence(attribute) }
    }

    @Test func combinesFilters() throws {
        let person = try LDAPFilter.equality("objectClass", "person")
        let ann = try LDAPFilter.equality("cn", "Ann*")
        #expect(LDAPFilter.and([person, ann]) == #"(&(objectClass=person)(cn=Ann\2a))"#)
        #expect(LDAPFilter.or([person, ann]) == #"(|(objectClass=person)(cn=Ann\2a))"#)
        #expect(LDAPFilter.not(ann) == #"(!(cn=Ann\2a))"#)
        #expect(LDAPFilter.and([person]) == person && LDAPFilter.or([person]) == person)
        #expect(LDAPFilter.and([]) == "(&)" && LDAPFilter.or([]) == "(|)")
        #expect(LDAPFilterError(.invalidAttribute, attribute: "c n").description == #"invalid attribute description "c n""#)
    }
}
