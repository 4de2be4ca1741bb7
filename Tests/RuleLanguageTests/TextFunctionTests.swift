import RuleLanguage
import Testing

@Suite struct TextFunctionTests {
    @Test(arguments: [
        (#"Left("John Doe", 3)"#, ["Joh"]),
        (#"Left("John", 10)"#, ["John"]),
        (#"Left("John", 0)"#, [""]),
        (#"Right("John Doe", 3)"#, ["Doe"]),
        (#"Right("Jo", 3)"#, ["Jo"]),
        (#"Mid("John Doe", 3, 5)"#, ["hn Do"]),
        (#"Mid("John Doe", 6, 999)"#, ["Doe"]),
        (#"Mid("John Doe", 6)"#, ["Doe"]),
        (#"Mid("John", 9)"#, [""]),
        (#"Len("John Doe")"#, ["8"]),
        (#"Len("Zoë 😀")"#, ["5"]),
        (#"Len("")"#, ["0"]),
        (#"LCase("TeSt")"#, ["test"]),
        (#"UCase("TeSt")"#, ["TEST"]),
        (#"UCase("straße")"#, ["STRASSE"]),
        (#"PCase("TEsT")"#, ["Test"]),
        (#"PCase("jean-luc o'NEIL  van dam")"#, ["Jean-luc O'neil  Van Dam"]),
        (#"Trim("  Test ")"#, ["Test"]),
        (#"Trim("\t\n")"#, [""]),
        (#"LTrim(" Test ")"#, ["Test "]),
        (#"RTrim(" Test ")"#, [" Test"]),
        (#"Replace("a-b-c", "-", "")"#, ["abc"]),
        (#"Replace("One\r\nWay", "\r\n", ", ")"#, ["One, Way"]),
        (#"Replace("aaa", "a", "bb")"#, ["bbbbbb"]),
        (#"Replace("abc", "", "x")"#, ["abc"]),
        (#"PadLeft("User", 10, "0")"#, ["000000User"]),
        (#"PadRight("User", 6, "0")"#, ["User00"]),
        (#"PadLeft("LongUser", 4, "0")"#, ["LongUser"]),
        ("Left(12345, 2)", ["12"]),
    ])
    func typicalValues(source: String, expected: [String]) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test func everyFunctionAppliesToEveryValue() throws {
        let input = ExpressionValues(text: ["proxyAddresses": [" SMTP:A@x ", "smtp:b@X"]])
        #expect(try evaluate("LCase(proxyAddresses)", input) == [" smtp:a@x ", "smtp:b@x"])
        #expect(try evaluate("Trim(proxyAddresses)", input) == ["SMTP:A@x", "smtp:b@X"])
        #expect(try evaluate("Len(Trim(proxyAddresses))", input) == ["8", "8"])
        #expect(try evaluate("Left(proxyAddresses, 2)", input) == [" S", "sm"])
        #expect(try evaluate("Replace(proxyAddresses, \"x\", \"y\")", input) == [" SMTP:A@y ", "smtp:b@X"])
    }

    @Test func absentArgumentsGiveNoValue() throws {
        for source in [
            "Left(title, 2)", "Right(title, 2)", "Mid(title, 2)", "Len(title)", "LCase(title)", "UCase(title)",
            "PCase(title)", "Trim(title)", "LTrim(title)", "RTrim(title)", "Replace(title, \"a\", \"b\")",
            "PadLeft(title, 5, \"0\")", "Left(uid, count)",
        ] {
            #expect(try evaluate(source) == [], "\(source)")
        }
    }

    @Test func badArgumentsAreEvaluationErrors() {
        let negative = evaluationError("Left(uid, n)", person(["n": ["-1"]]))
        #expect(negative?.functionName == "Left")
        #expect(negative?.message.contains("negative") == true)
        #expect(evaluationError("Mid(uid, n)", person(["n": ["0"]]))?.message.contains("positions start at 1") == true)
        let count = evaluationError("Left(uid, n)", person(["n": ["two"]]))
        #expect(count?.description == #"1:1: Left: "two" is not a whole number"#)
        #expect(evaluationError("PadLeft(uid, 9, p)", person(["p": ["ab"]]))?.message.contains("single character") == true)
    }

    @Test func longValuesAreCutInErrors() {
        let long = String(repeating: "x", count: 5_000)
        let error = evaluationError("CNum(description)", ["description": [long]])
        #expect(error?.value?.count ?? .max <= ExpressionEvaluationError.maximumValueLength + 2)
        #expect(error?.message.count ?? .max < 200)
    }
}
