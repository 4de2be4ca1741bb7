import RuleLanguage
import Testing

@Suite struct MultiValueFunctionTests {
    private let input = ExpressionValues(text: ["proxyAddresses": ["SMTP:a@x", "smtp:b@x", "SIP:a@x", "smtp:b@x"], "empty": []])

    @Test func countCountsValues() throws {
        #expect(try evaluate("Count(proxyAddresses)", input) == ["4"])
        #expect(try evaluate("Count(missing)", input) == ["0"])
        #expect(try evaluate("Count(Split(\"a,b,c\", \",\"))", input) == ["3"])
    }

    @Test func itemIsOneBased() throws {
        #expect(try evaluate("Item(proxyAddresses, 2)", input) == ["smtp:b@x"])
        #expect(try evaluate("ItemOrNull(proxyAddresses, 9)", input) == [])
        #expect(try evaluate("ItemOrNull(missing, 1)", input) == [])
        let error = evaluationError("Item(proxyAddresses, 5)", input)
        #expect(error?.functionName == "Item")
        #expect(error?.message == "5 is out of range: there are 4 values")
        #expect(evaluationError("Item(proxyAddresses, 0)", input) != nil)
    }

    @Test func joinJoinsWithADelimiter() throws {
        #expect(try evaluate(#"Join(proxyAddresses, ",")"#, input) == ["SMTP:a@x,smtp:b@x,SIP:a@x,smtp:b@x"])
        #expect(try evaluate("Join(Split(\"a b c\", \" \"))", input) == ["a b c"])
        #expect(try evaluate(#"Join(Split("a-b", "-"), "")"#, input) == ["ab"])
        #expect(try evaluate(#"Join(missing, ",")"#, input) == [])
        #expect(compileError("Join(jpegPhoto)")?.code == .typeMismatch)
    }

    @Test func removeDuplicatesKeepsFirstOccurrences() throws {
        #expect(try evaluate("RemoveDuplicates(proxyAddresses)", input) == ["SMTP:a@x", "smtp:b@x", "SIP:a@x"])
        #expect(try evaluate("RemoveDuplicates(LCase(proxyAddresses))", input) == ["smtp:a@x", "smtp:b@x", "sip:a@x"])
        #expect(try evaluate("RemoveDuplicates(missing)", input) == [])
    }

    @Test func whereKeepsTheValuesThatMatch() throws {
        #expect(try evaluate(#"Where(p, proxyAddresses, Left(p, 5) = "smtp:")"#, input) == ["smtp:b@x", "smtp:b@x"])
        #expect(
            try evaluate(#"Where($item, proxyAddresses, InStr($item, "SIP:") <> 1)"#, input)
                == ["SMTP:a@x", "smtp:b@x", "smtp:b@x"])
        #expect(try evaluate(#"Where(p, missing, True)"#, input) == [])
        #expect(try evaluate(#"Count(Where(p, proxyAddresses, False))"#, input) == ["0"])
        // Nested: the inner variable shadows nothing, and the outer one stays visible.
        let nested = #"Where(a, Split("1,2,3", ","), Count(Where(b, Split("2,3,4", ","), b = a)) > 0)"#
        #expect(try evaluate(nested, input) == ["2", "3"])
    }

    @Test func whereVariableShadowsAnAttributeOfTheSameName() throws {
        #expect(try evaluate(#"Where(mail, Split("a,b", ","), mail = "b")"#) == ["b"])
        #expect(try evaluate(#"Where(x, Split("a,b", ","), x = "b") & "-" & mail"#) == ["b-John.Doe@Contoso.com"])
    }
}
