import LDAPProtocol
import Testing

/// Every mistake throws an error naming the column and what was expected there.
@Suite struct SearchFilterErrorTests {
    @Test(arguments: [
        ("", SearchFilterError.Code.emptyFilter, 1),
        ("   ", .emptyFilter, 4),
        ("(cn=a", .expectedClosingParenthesis, 6),
        ("(&(cn=a)", .expectedClosingParenthesis, 9),
        ("(&(cn=a)x)", .expectedClosingParenthesis, 9),
        ("(cn=a))", .trailingText, 7),
        ("(cn=a)(sn=b)", .trailingText, 7),
        ("()", .expectedAttribute, 2),
        ("(=a)", .expectedAttribute, 2),
        ("(c n=a)", .expectedFilterType, 3),
        ("(cn)", .expectedFilterType, 4),
        ("(cn~a)", .expectedFilterType, 4),
        ("(cn>a)", .expectedFilterType, 4),
        ("(1cn=a)", .invalidAttribute, 3),
        ("(2.5..4=a)", .invalidAttribute, 6),
        ("(cn;=a)", .invalidAttribute, 5),
        ("(cn;lang_en=a)", .expectedFilterType, 9),
        ("(cn=a\\zz)", .invalidEscape, 6),
        ("(cn=a\\4)", .invalidEscape, 6),
        ("(cn=a\\", .invalidEscape, 6),
        ("(cn=a(b)", .unexpectedCharacter, 6),
        ("(cn~=a*b)", .unexpectedCharacter, 7),
        ("(cn:=a*)", .unexpectedCharacter, 7),
        ("(cn=\u{0})", .unexpectedCharacter, 5),
        ("(:=a)", .missingMatchingRule, 2),
        ("(:dn:=a)", .missingMatchingRule, 5),
        ("(cn:1x:=a)", .invalidMatchingRule, 6),
        ("(cn:dn)", .expectedFilterType, 7),
        ("(!cn=a)", .expectedFilter, 3),
        ("(!)", .expectedFilter, 3),
        ("(&(cn=é)(sn=b", .expectedClosingParenthesis, 14),
        (")", .expectedOpeningParenthesis, 1),
        ("cn=a)", .unexpectedCharacter, 5),
    ])
    func errorNamesColumnAndExpectation(text: String, code: SearchFilterError.Code, column: Int) {
        #expect {
            try SearchFilter(text)
        } throws: { error in
            guard let error = error as? SearchFilterError else { return false }
            return error.code == code && error.column == column && error.input == text
        }
    }

    @Test func descriptionShowsInputExpectationAndColumn() {
        #expect {
            try SearchFilter("(&(cn=a)(sn=b)")
        } throws: { error in
            String(describing: error) == "invalid filter \"(&(cn=a)(sn=b)\": expected ')' at column 15"
        }
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect {
            try SearchFilter("(sn=Lučić\\q)")
        } throws: { error in
            (error as? SearchFilterError)?.column == 10
        }
    }

    @Test func attributeDescriptionsAreChecked() {
        #expect(throws: SearchFilterError.self) { try AttributeDescription("cn)(uid=*") }
        #expect(throws: SearchFilterError.self) { try AttributeDescription("") }
        #expect(throws: SearchFilterError.self) { try ExtensibleMatch(attribute: nil, matchingRule: nil, value: []) }
        #expect(SubstringAssertion(initial: "", any: ["", ""], final: "") == nil)
    }
}
