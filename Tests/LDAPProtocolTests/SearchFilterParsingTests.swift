import Foundation
import LDAPProtocol
import Testing

/// RFC 4515 string forms parse to the filters they mean and print back canonically.
@Suite struct SearchFilterParsingTests {
    @Test func scopingFilterParsesToItsStructure() throws {
        let filter = try SearchFilter("(&(objectClass=inetOrgPerson)(!(employeeType=contractor)))")
        let expected = SearchFilter.and([
            .equality(try attribute("objectClass"), "inetOrgPerson"),
            .not(.equality(try attribute("employeeType"), "contractor")),
        ])
        #expect(filter == expected)
        #expect(filter.description == "(&(objectClass=inetOrgPerson)(!(employeeType=contractor)))")
    }

    @Test func everyFilterType() throws {
        let cn = try attribute("cn")
        #expect(try SearchFilter("(cn=Babs Jensen)") == .equality(cn, "Babs Jensen"))
        #expect(try SearchFilter("(cn=*)") == .present(cn))
        #expect(try SearchFilter("(cn~=Jensen)") == .approx(cn, Array("Jensen".utf8)))
        #expect(try SearchFilter("(cn>=m)") == .greaterOrEqual(cn, Array("m".utf8)))
        #expect(try SearchFilter("(cn<=m)") == .lessOrEqual(cn, Array("m".utf8)))
        #expect(try SearchFilter("(|(cn=a)(cn=b))") == .or([.equality(cn, "a"), .equality(cn, "b")]))
        #expect(try SearchFilter("(seeAlso=)") == .equality(try attribute("seeAlso"), []))
    }

    @Test func substringsSplitIntoInitialAnyAndFinal() throws {
        let o = try attribute("o")
        #expect(try SearchFilter("(o=univ*of*mich*)") == .substrings(o, try #require(SubstringAssertion(initial: "univ", any: ["of", "mich"]))))
        #expect(try SearchFilter("(o=*mich)") == .substrings(o, try #require(SubstringAssertion(final: "mich"))))
        #expect(try SearchFilter("(o=a*b)") == .substrings(o, try #require(SubstringAssertion(initial: "a", final: "b"))))
        #expect(try SearchFilter("(o=*x*)") == .substrings(o, try #require(SubstringAssertion(any: ["x"]))))
        // Empty pieces mean nothing: `a**b` is `a*b`, and `**` is a presence test.
        #expect(try SearchFilter("(o=a**b)") == SearchFilter("(o=a*b)"))
        #expect(try SearchFilter("(o=**)") == .present(o))
    }

    @Test func escapesBecomeBytes() throws {
        let cn = try attribute("cn")
        #expect(
            try SearchFilter("(o=Parens R Us \\28for all your parenthetical needs\\29)")
                == .equality(try attribute("o"), "Parens R Us (for all your parenthetical needs)"))
        #expect(try SearchFilter("(cn=*\\2A*)") == .substrings(cn, try #require(SubstringAssertion(any: ["*"]))))
        #expect(try SearchFilter("(filename=C:\\5cMyFile)") == .equality(try attribute("filename"), "C:\\MyFile"))
        #expect(try SearchFilter("(sn=Lu\\c4\\8di\\c4\\87)") == .equality(try attribute("sn"), "Lučić"))
        #expect(
            try SearchFilter("(1.3.6.1.4.1.1466.0=\\04\\02\\48\\69)") == .equality(try attribute("1.3.6.1.4.1.1466.0"), [0x04, 0x02, 0x48, 0x69]))
        #expect(try SearchFilter("(cn=nul\\00)") == .equality(cn, [0x6E, 0x75, 0x6C, 0x00]))
        // A binary objectGUID, bytes that are not UTF-8 included.
        let guid: [UInt8] = [0x2F, 0xD7, 0x88, 0x4F, 0x00, 0xFF, 0x28, 0x29, 0x2A, 0x5C, 0x10, 0x80, 0xAB, 0xCD, 0xEF, 0x01]
        let guidFilter = try SearchFilter("(objectGUID=\\2f\\d7\\88\\4f\\00\\ff\\28\\29\\2a\\5c\\10\\80\\ab\\cd\\ef\\01)")
        #expect(guidFilter == .equality(try attribute("objectGUID"), guid))
        #expect(guidFilter.description == "(objectGUID=/\\d7\\88O\\00\\ff\\28\\29\\2a\\5c\\10\\80\\ab\\cd\\ef\\01)")
        // RFC 2254's escapes are still read.
        #expect(try SearchFilter("(cn=a\\*b\\(c\\)d\\\\)") == .equality(cn, "a*b(c)d\\"))
    }

    @Test func canonicalPrintingEscapesOnlyWhatMust() throws {
        #expect(try SearchFilter("(cn=*\\2A*)").description == "(cn=*\\2a*)")
        #expect(try SearchFilter("(sn=Lu\\c4\\8di\\c4\\87)").description == "(sn=Lučić)")
        #expect(try SearchFilter("(cn=tab\\09)").description == "(cn=tab\\09)")
        #expect(try SearchFilter("(cn=\\41BC)").description == "(cn=ABC)")
        #expect(SearchFilter.escapeValue(Array("a*(b)\\".utf8)) == "a\\2a\\28b\\29\\5c")
        #expect(SearchFilter.escapeValue([0xC3]) == "\\c3")
    }

    @Test func attributeDescriptionsWithOptionsAndOIDs() throws {
        let filter = try SearchFilter("(cn;lang-en;x-foo=x)")
        #expect(filter.attribute?.type == "cn")
        #expect(filter.attribute?.options == ["lang-en", "x-foo"])
        #expect(filter.description == "(cn;lang-en;x-foo=x)")
        #expect(try SearchFilter("(2.5.4.3=x)").attribute?.type == "2.5.4.3")
        #expect(try SearchFilter("(1.2.840.113556.1.4.221=x)").attribute?.type == "1.2.840.113556.1.4.221")
        #expect(try SearchFilter("(msDS-cloudExtensionAttribute1=x)").attribute?.type == "msDS-cloudExtensionAttribute1")
    }

    @Test func extensibleMatchesInEveryForm() throws {
        func match(_ text: String) throws -> ExtensibleMatch? {
            if case .extensibleMatch(let match) = try SearchFilter(text) { return match }
            return nil
        }
        let exact = try #require(try match("(cn:caseExactMatch:=Fred Flintstone)"))
        #expect(exact.attribute?.type == "cn" && exact.matchingRule == "caseExactMatch" && !exact.dnAttributes)
        #expect(exact.value == Array("Fred Flintstone".utf8))
        let plain = try #require(try match("(cn:=Betty Rubble)"))
        #expect(plain.matchingRule == nil && !plain.dnAttributes)
        let both = try #require(try match("(sn:dn:2.4.6.8.10:=Barney Rubble)"))
        #expect(both.attribute?.type == "sn" && both.dnAttributes && both.matchingRule == "2.4.6.8.10")
        let dnOnly = try #require(try match("(o:dn:=Ace Industry)"))
        #expect(dnOnly.dnAttributes && dnOnly.matchingRule == nil)
        let ruleOnly = try #require(try match("(:1.2.3:=Wilma Flintstone)"))
        #expect(ruleOnly.attribute == nil && ruleOnly.matchingRule == "1.2.3")
        let upperDN = try #require(try match("(:DN:2.4.6.8.10:=Dino)"))
        #expect(upperDN.dnAttributes && upperDN.attribute == nil)
        #expect(try SearchFilter("(:DN:2.4.6.8.10:=Dino)").description == "(:dn:2.4.6.8.10:=Dino)")
        let bitwise = try #require(try match("(userAccountControl:1.2.840.113556.1.4.803:=2)"))
        #expect(bitwise.matchingRule == "1.2.840.113556.1.4.803")
    }

    @Test func emptyAndAndOrAreTheAbsoluteFilters() throws {
        #expect(try SearchFilter("(&)") == .and([]))
        #expect(try SearchFilter("(|)") == .or([]))
        #expect(SearchFilter.and([]).description == "(&)")
    }

    @Test func aBareItemIsAcceptedAsTheWholeFilter() throws {
        #expect(try SearchFilter("objectClass=person") == SearchFilter("(objectClass=person)"))
        #expect(try SearchFilter("cn=Babs*") == SearchFilter("(cn=Babs*)"))
        #expect(try SearchFilter("  cn=a b") == SearchFilter("(cn=a b)"))
        #expect(throws: SearchFilterError.self) { try SearchFilter("&(cn=a)(cn=b)") }
    }

    @Test func spacesBetweenFiltersAreTolerated() throws {
        #expect(try SearchFilter(" (& (cn=a) (! (sn=b)) ) ") == SearchFilter("(&(cn=a)(!(sn=b)))"))
        // Inside an item spaces are part of the value.
        #expect(try SearchFilter("(cn= a )") == .equality(try attribute("cn"), " a "))
    }

    @Test func filtersSurviveJSON() throws {
        let filter = try SearchFilter("(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))")
        let data = try JSONEncoder().encode([filter])
        #expect(String(decoding: data, as: UTF8.self) == #"["(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))"]"#)
        #expect(try JSONDecoder().decode([SearchFilter].self, from: data) == [filter])
    }
}
