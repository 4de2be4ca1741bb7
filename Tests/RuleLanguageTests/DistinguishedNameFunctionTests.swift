import RuleLanguage
import Testing

@Suite struct DistinguishedNameFunctionTests {
    static let cases: [(String, [String])] = [
        (#"EscapeDNComponent("jdoe")"#, ["jdoe"]),
        (#"EscapeDNComponent("Smith, John")"#, [#"Smith\, John"#]),
        (#"EscapeDNComponent(" lead")"#, [#"\ lead"#]),
        (#"EscapeDNComponent("trail ")"#, [#"trail\ "#]),
        (##"EscapeDNComponent("#1")"##, [##"\#1"##]),
        (#"EscapeDNComponent("a+b=c<d>;\"\\")"#, [#"a\+b\=c\<d\>\;\"\\"#]),
        (#"EscapeDNComponent("Zoë")"#, ["Zoë"]),
        (#"DNComponent("cn=Joe,ou=Sales,dc=contoso,dc=com", 1)"#, ["Joe"]),
        (#"DNComponent("cn=Joe,ou=Sales,dc=contoso,dc=com", 2)"#, ["Sales"]),
        (#"DNComponent("cn=Smith\\, John,ou=x", 1)"#, ["Smith, John"]),
        (#"DNComponent("cn=Joe,dc=com", 3)"#, []),
        (#"DNComponent("cn=Joe,dc=com", 0)"#, []),
        (#"DNComponentRev("cn=Joe,ou=Atlanta,ou=GA,ou=US, dc=contoso,dc=com", 3)"#, ["US"]),
        (#"DNComponentRev("cn=Joe,ou=Atlanta,ou=GA,ou=US, dc=contoso,dc=com", 1, "DC")"#, ["US"]),
        (#"DNComponentRev("cn=Joe,ou=Atlanta,ou=GA,ou=US, dc=contoso,dc=com", 2, DC)"#, ["GA"]),
        (#"DNComponentRev("dc=contoso,dc=com", 1, DC)"#, []),
        (#"RDN("cn=Smith\\, John,ou=x,dc=com")"#, [#"cn=Smith\, John"#]),
        (#"RDN("CN=Ann+UID=alee,dc=com")"#, ["CN=Ann+UID=alee"]),
        (#"RDN("")"#, []),
        (#"Parent("uid=a,ou=people, dc=x")"#, ["ou=people,dc=x"]),
        (#"Parent("dc=com")"#, [""]),
        (#"Parent("")"#, []),
    ]

    @Test(arguments: cases)
    func typicalValues(source: String, expected: [String]) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test func contextVariablesAndMultiValuedDNs() throws {
        let input = ExpressionValues(
            text: ["member": ["uid=a,ou=people,dc=x", "uid=b,ou=staff,dc=x"]], context: ["dn": ["uid=me,ou=people,dc=x"]])
        #expect(try evaluate("Parent(dn)", input) == ["ou=people,dc=x"])
        #expect(try evaluate("DNComponent(member, 2)", input) == ["people", "staff"])
        #expect(try evaluate("RDN([dn])", input) == [])
        #expect(try evaluate("\"cn=\" & EscapeDNComponent(DNComponent(member, 1)) & \",\" & baseDN", input) == [])
    }

    @Test func invalidNamesAreEvaluationErrors() {
        let error = evaluationError("DNComponent(v, 1)", ["v": ["not a dn"]])
        #expect(error?.functionName == "DNComponent")
        #expect(error?.message.contains(#""not a dn" is not a distinguished name"#) == true)
        #expect(evaluationError("Parent(v)", ["v": ["cn=a\\"]])?.message.contains("escapes nothing") == true)
    }
}
