import RuleLanguage
import Testing

@Suite struct OperatorTests {
    @Test func arithmeticFollowsPrecedence() throws {
        #expect(try evaluate("1 + 2 * 3") == ["7"])
        #expect(try evaluate("(1 + 2) * 3") == ["9"])
        #expect(try evaluate("10 - 4 - 3") == ["3"])
        #expect(try evaluate("7 / 2") == ["3"])
        #expect(try evaluate("-7 / 2") == ["-3"])
        #expect(try evaluate("-(2 + 3) * 2") == ["-10"])
        #expect(try evaluate("uidNumber + 1", ["uidNumber": ["1000"]]) == ["1001"])
        #expect(try evaluate("\"4\" * 2") == ["8"])
    }

    @Test func arithmeticFailuresNameTheOperatorAndValue() {
        let error = evaluationError("uidNumber + 1", ["uidNumber": ["lots"]])
        #expect(error?.functionName == "+")
        #expect(error?.value == "\"lots\"")
        #expect(error?.description == #"1:11: +: "lots" is not a whole number"#)
        #expect(evaluationError("uidNumber / 0", ["uidNumber": ["5"]])?.message == "division by zero")
        #expect(evaluationError("uidNumber * 9223372036854775807", ["uidNumber": ["2"]])?.message.contains("64 bits") == true)
        #expect(evaluationError("-uidNumber", ["uidNumber": ["-9223372036854775808"]]) != nil)
    }

    @Test func concatenationConvertsNumbersAndBooleans() throws {
        #expect(try evaluate("uid & \"-\" & 42 & \"-\" & True") == ["jdoe-42-TRUE"])
        #expect(try evaluate("givenName & \" \" & sn") == ["John Doe"])
    }

    @Test func concatenationPropagatesNull() throws {
        #expect(try evaluate("givenName & \" \" & initials") == [])
        #expect(try evaluate("\"x\" & Null") == [])
    }

    @Test func concatenationLiftsOverEveryValue() throws {
        let input = ExpressionValues(text: ["proxyAddresses": ["a@x", "b@x"], "tag": ["1", "2"]])
        #expect(try evaluate("\"smtp:\" & proxyAddresses", input) == ["smtp:a@x", "smtp:b@x"])
        #expect(try evaluate("proxyAddresses & \"/\" & tag", input) == ["a@x/1", "a@x/2", "b@x/1", "b@x/2"])
    }

    @Test func comparisonsOfNumbersTextAndMixtures() throws {
        #expect(try evaluate("10 > 9") == ["TRUE"])
        #expect(try evaluate("\"10\" > \"9\"") == ["FALSE"])
        #expect(try evaluate("\"10\" > 9") == ["TRUE"])
        #expect(try evaluate("\"abc\" < 9") == ["FALSE"])
        #expect(try evaluate("\"John\" = \"john\"") == ["FALSE"])
        #expect(try evaluate("LCase(\"John\") = \"john\"") == ["TRUE"])
        #expect(try evaluate("\"a\" <> \"b\"") == ["TRUE"])
        #expect(try evaluate("\"b\" >= \"a\" && \"a\" <= \"a\"") == ["TRUE"])
        // An INTEGER attribute compares numerically even though the directory sends text.
        #expect(try evaluate("uidNumber > 999", ["uidNumber": ["1000"]]) == ["TRUE"])
        #expect(try evaluate("uidNumber > employeeNumber", ["uidNumber": ["10"], "employeeNumber": ["9"]]) == ["TRUE"])
        #expect(try evaluate("employeeType > employeeNumber", ["employeeType": ["10"], "employeeNumber": ["9"]]) == ["FALSE"])
        #expect(try evaluate("ldapsyncAccountDisabled = \"true\"", ["ldapsyncAccountDisabled": ["TRUE"]]) == ["TRUE"])
    }

    @Test func comparisonsOfMultiValuedAndAbsentAttributes() throws {
        let input = ExpressionValues(text: ["objectClass": ["top", "person", "inetOrgPerson"]])
        #expect(try evaluate("objectClass = \"person\"", input) == ["TRUE"])
        #expect(try evaluate("objectClass <> \"person\"", input) == ["FALSE"])
        #expect(try evaluate("objectClass <> \"group\"", input) == ["TRUE"])
        #expect(try evaluate("objectClass > \"s\"", input) == ["TRUE"])
        #expect(try evaluate("description = \"x\"", input) == ["FALSE"])
        #expect(try evaluate("description <> \"x\"", input) == ["TRUE"])
        #expect(try evaluate("description = description", input) == ["FALSE"])
    }

    @Test func logicShortCircuits() throws {
        // The right side would fail; it is not evaluated.
        #expect(try evaluate("False && CNum(uid) = 1") == ["FALSE"])
        #expect(try evaluate("True || CNum(uid) = 1") == ["TRUE"])
        #expect(evaluationError("True && CNum(uid) = 1")?.functionName == "CNum")
        #expect(try evaluate("!IsPresent(mail) || Not(IsPresent(uid))") == ["FALSE"])
        #expect(try evaluate("!!True") == ["TRUE"])
    }

    @Test func booleanAttributesAreConditions() throws {
        let source = "IIF(ldapsyncAccountDisabled, \"off\", \"on\")"
        #expect(try evaluate(source, ["ldapsyncAccountDisabled": ["TRUE"]]) == ["off"])
        #expect(try evaluate(source, ["ldapsyncAccountDisabled": ["false"]]) == ["on"])
        #expect(try evaluate(source, [:]) == ["on"])
        let error = evaluationError(source, ["ldapsyncAccountDisabled": ["yes"]])
        #expect(error?.functionName == "IIF")
        #expect(error?.message == #""yes" is not TRUE or FALSE"#)
    }

    @Test func briefExamples() throws {
        let compiler = testCompiler()
        let mail = try compiler.compile(#"IIF(IsPresent(mail), LCase(mail), uid & "@contoso.com")"#)
        #expect(try mail.evaluate(person()).textValues == ["john.doe@contoso.com"])
        #expect(try mail.evaluate(ExpressionValues(text: ["uid": ["amy"]])).textValues == ["amy@contoso.com"])
        let displayName = try compiler.compile(#"Coalesce(displayName, givenName & " " & sn)"#)
        #expect(try displayName.evaluate(person()).textValues == ["John Doe"])
        #expect(try displayName.evaluate(person(["displayName": ["Johnny"]])).textValues == ["Johnny"])
        let dn = try compiler.compile(#""uid=" & EscapeDNComponent(uid) & ",ou=people," & baseDN"#)
        #expect(try dn.evaluate(person(["uid": ["doe, j"]])).textValues == [#"uid=doe\, j,ou=people,dc=cloud,dc=example"#])
        let disabled = try compiler.compile(#"IIF(BitAnd(userAccountControl, 2) = 2, "TRUE", "FALSE")"#)
        #expect(try disabled.evaluate(ExpressionValues(text: ["userAccountControl": ["514"]])).textValues == ["TRUE"])
        #expect(try disabled.evaluate(ExpressionValues(text: ["userAccountControl": ["512"]])).textValues == ["FALSE"])
    }
}
