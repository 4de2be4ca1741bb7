import RuleLanguage
import Testing

@Suite struct SearchFunctionTests {
    @Test(arguments: [
        (#"InStr("The quick brown fox", "quick")"#, ["5"]),
        (#"InStr("repEated", "e", 3)"#, ["7"]),
        (#"InStr("repEated", "e", 3, CaseInsensitive)"#, ["4"]),
        (#"InStr("repEated", "E", 1, vbBinaryCompare)"#, ["4"]),
        (#"InStr("abc", "z")"#, ["0"]),
        (#"InStr("abc", "")"#, ["1"]),
        (#"InStr("abc", "c", 9)"#, ["0"]),
        (#"InStr("😀é-x", "-")"#, ["3"]),
        (#"Word("The quick brown fox", 3, " ")"#, ["brown"]),
        (#"Word("This,string!has&many separators", 3, ",!&#")"#, ["has"]),
        (#"Word("a  b", 2, " ")"#, ["b"]),
        (#"Word("a b", 3, " ")"#, []),
        (#"Word("a b", 0, " ")"#, []),
        (#"Split("SMTP:john@contoso.com,smtp:jd@contoso.com", ",")"#, ["SMTP:john@contoso.com", "smtp:jd@contoso.com"]),
        (#"Split("a,,b", ",")"#, ["a", "", "b"]),
        (#"Split("a::b::c", "::", 2)"#, ["a", "b::c"]),
        (#"Split("abc", ",")"#, ["abc"]),
    ])
    func typicalValues(source: String, expected: [String]) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test func containsFindsTheValueHoldingText() throws {
        let input = ExpressionValues(text: ["proxyAddresses": ["smtp:jd@contoso.com", "SMTP:john@contoso.com", "SIP:j@x"]])
        #expect(try evaluate(#"Contains(proxyAddresses, "SMTP:")"#, input) == ["2"])
        #expect(try evaluate(#"Contains(proxyAddresses, "sip:")"#, input) == ["0"])
        #expect(try evaluate(#"Contains(proxyAddresses, "sip:", CaseInsensitive)"#, input) == ["3"])
        #expect(try evaluate(#"Contains(otherMailbox, "x")"#, input) == ["0"])
        #expect(try evaluate(#"Mid(Item(proxyAddresses, Contains(proxyAddresses, "SMTP:")), 6)"#, input) == ["john@contoso.com"])
    }

    @Test func splitAndWordLiftAndPropagateNull() throws {
        let input = ExpressionValues(text: ["tags": ["a;b", "c"]])
        #expect(try evaluate(#"Split(tags, ";")"#, input) == ["a", "b", "c"])
        #expect(try evaluate(#"Word(tags, 1, ";")"#, input) == ["a", "c"])
        #expect(try evaluate(#"Split(missing, ";")"#, input) == [])
        #expect(try evaluate(#"InStr(missing, "x")"#, input) == [])
        #expect(evaluationError(#"Split(tags, d)"#, ["tags": ["a"], "d": [""]])?.message.contains("empty delimiter") == true)
        #expect(evaluationError(#"Split(tags, ";", 0)"#, ["tags": ["a"]])?.message.contains("limit") == true)
        #expect(evaluationError(#"InStr(tags, "a", 0)"#, ["tags": ["a"]])?.functionName == "InStr")
    }

    @Test func splitIsBounded() {
        let many = Array(repeating: "x", count: 200_001).joined(separator: ",")
        let error = evaluationError(#"Split(list, ",")"#, ["list": [many]])
        #expect(error?.functionName == "Split")
        #expect(error?.message.contains("more than 100000 values") == true)
    }
}
