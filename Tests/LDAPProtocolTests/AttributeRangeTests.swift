import LDAPProtocol
import Testing

@Suite struct AttributeRangeTests {
    static let wellFormed: [(String, String, Int, Int?)] = [
        ("member;range=0-1499", "member", 0, 1499),
        ("member;range=1500-*", "member", 1500, nil),
        ("member;range=0-*", "member", 0, nil),
        ("member;range=7-7", "member", 7, 7),
        ("member;Range=0-9", "member", 0, 9),
        ("MEMBER;RANGE=3000-4499", "MEMBER", 3000, 4499),
        ("userCertificate;binary;range=0-4", "userCertificate;binary", 0, 4),
        ("member;range=0-9;binary", "member;binary", 0, 9),
        ("1.2.840.113556.1.2.102;range=1500-2999", "1.2.840.113556.1.2.102", 1500, 2999),
        ("member;range=999999999999999999-*", "member", 999_999_999_999_999_999, nil),
    ]

    @Test("well-formed range options parse", arguments: wellFormed)
    func parses(description: String, attribute: String, low: Int, high: Int?) throws {
        let range = try #require(AttributeRange(description))
        #expect(range.attribute == attribute)
        #expect(range.low == low)
        #expect(range.high == high)
        #expect(range.isLast == (high == nil))
        #expect(AttributeRange.hasRangeOption(description))
        #expect(LDAPAttribute(description, ["x"]).range == range)
    }

    static let malformed = [
        "member;range=", "member;range=0", "member;range=0-", "member;range=-5", "member;range=*-5",
        "member;range=a-b", "member;range=5-3", "member;range=+1-2", "member;range=1-+2", "member;range= 0-5",
        "member;range=0-5 ", "member;range=1-2-3", "member;range=0x10-*", "member;range=0-9;range=10-19",
        "member;range=9999999999999999999-*", ";range=0-9", "member;;range=0-9", "member;range=٣-*",
    ]

    @Test("malformed range options are refused but still recognised as range options", arguments: malformed)
    func refusesMalformed(description: String) {
        #expect(AttributeRange(description) == nil)
        #expect(AttributeRange.hasRangeOption(description))
    }

    @Test(
        "names without a range option",
        arguments: [
            "member", "cn", "userCertificate;binary", "cn;lang-en", "range=0-9", "member;ranges=0-9", "member;rang=0-9", "",
        ])
    func noRangeOption(description: String) {
        #expect(AttributeRange(description) == nil)
        #expect(!AttributeRange.hasRangeOption(description))
    }

    @Test func describesRequestsInLowercase() {
        #expect(AttributeRange(attribute: "member", low: 0, high: 999).description == "member;range=0-999")
        #expect(AttributeRange(attribute: "member", low: 1500, high: nil).description == "member;range=1500-*")
        #expect(AttributeRange(attribute: "member", low: 0, high: 999).count == 1000)
        #expect(AttributeRange(attribute: "member", low: 1500, high: nil).count == nil)
        for (description, _, _, _) in Self.wellFormed {
            let range = AttributeRange(description)!
            #expect(AttributeRange(range.description) == range)
        }
    }

    @Test func entriesKnowWhetherTheyHoldSlices() {
        let plain = LDAPEntry(dn: "CN=g,DC=x", attributes: [LDAPAttribute("member", ["a"]), LDAPAttribute("userCertificate;binary", values: [[1]])])
        #expect(!plain.hasRangedAttributes)
        let sliced = LDAPEntry(dn: "CN=g,DC=x", attributes: [LDAPAttribute("cn", ["g"]), LDAPAttribute("member;range=0-1499", ["a"])])
        #expect(sliced.hasRangedAttributes)
        let broken = LDAPEntry(dn: "CN=g,DC=x", attributes: [LDAPAttribute("member;range=x", ["a"])])
        #expect(broken.hasRangedAttributes)
    }
}
