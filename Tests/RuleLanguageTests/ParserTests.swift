import RuleLanguage
import Testing

@Suite struct ParserTests {
    private func parse(_ source: String) throws(ExpressionError) -> ExpressionNode {
        try ExpressionNode(parsing: source)
    }

    private func syntaxError(_ source: String) -> ExpressionError? {
        do throws(ExpressionError) {
            _ = try parse(source)
            return nil
        } catch {
            return error
        }
    }

    @Test func literalsAndNames() throws {
        #expect(try parse(#""a\"b\\c\n""#).kind == .text("a\"b\\c\n"))
        #expect(try parse(#""say ""hi""""#).kind == .text("say \"hi\""))
        #expect(try parse(#""""#).kind == .text(""))
        #expect(try parse("42").kind == .integer(42))
        #expect(try parse("-9223372036854775808").kind == .integer(.min))
        #expect(try parse("TRUE").kind == .boolean(true))
        #expect(try parse("false").kind == .boolean(false))
        #expect(try parse("NULL").kind == .null)
        #expect(try parse("AuthoritativeNull").kind == .authoritativeNull)
        #expect(try parse("authoritativenull()").kind == .authoritativeNull)
        #expect(try parse("givenName").kind == .identifier("givenName"))
        #expect(try parse("[msDS-PrincipalName]").kind == .attribute("msDS-PrincipalName"))
        #expect(try parse("[userCertificate;binary]").kind == .attribute("userCertificate;binary"))
        #expect(try parse("$item").kind == .identifier("$item"))
    }

    @Test func precedenceFromLowestToHighest() throws {
        // The printer parenthesizes only what precedence needs, so the shape shows in its output.
        let cases: [(String, String)] = [
            ("a || b && c", "a || b && c"),
            ("(a || b) && c", "(a || b) && c"),
            ("x = 1 && y = 2", "x = 1 && y = 2"),
            ("a & b = c & d", "a & b = c & d"),
            ("a & 1 + 2", "a & 1 + 2"),
            ("(a & 1) + 2", "(a & 1) + 2"),
            ("1 + 2 * 3", "1 + 2 * 3"),
            ("(1 + 2) * 3", "(1 + 2) * 3"),
            ("1 - (2 - 3)", "1 - (2 - 3)"),
            ("(1 - 2) - 3", "1 - 2 - 3"),
            ("-x * 2", "-x * 2"),
            ("-(x * 2)", "-(x * 2)"),
            ("!IsPresent(a) || b = 1", "!IsPresent(a) || b = 1"),
            ("- 5", "-5"),
            ("-(5)", "-(5)"),
            ("a--5", "a - -5"),
            ("(a = b) = c", "(a = b) = c"),
        ]
        for (source, printed) in cases {
            #expect(try parse(source).description == printed, "\(source)")
        }
        let tree = try parse("1 + 2 * 3")
        guard case .binary(.add, _, let right) = tree.kind else {
            Issue.record("expected + at the root, got \(tree)")
            return
        }
        #expect(right.kind == .binary(.multiply, ExpressionNode(.integer(2)), ExpressionNode(.integer(3))))
    }

    @Test func callsWithAnyNumberOfArguments() throws {
        #expect(try parse("f()").kind == .call("f", []))
        let call = try parse(#"IIF(IsPresent(mail), LCase(mail), uid & "@contoso.com")"#)
        guard case .call("IIF", let arguments) = call.kind else {
            Issue.record("not a call: \(call)")
            return
        }
        #expect(arguments.count == 3)
        #expect(arguments[0].location == SourceLocation(line: 1, column: 5))
    }

    @Test func locationsCountLinesAndColumns() throws {
        let tree = try parse("IIF(IsPresent(mail),\n    LCase(mail),\n  \"é\" & x)")
        guard case .call(_, let arguments) = tree.kind, case .binary(_, let text, let x) = arguments[2].kind else {
            Issue.record("unexpected shape \(tree)")
            return
        }
        #expect(arguments[1].location == SourceLocation(line: 2, column: 5))
        #expect(text.location == SourceLocation(line: 3, column: 3))
        // "é" is two UTF-8 bytes but one column.
        #expect(x.location == SourceLocation(line: 3, column: 9))
    }

    @Test(arguments: [
        (#"LCase("abc)"#, 1, 7, "unterminated string"),
        ("IIF(a,\n  \"b\nc\")", 2, 3, "unterminated string"),
        ("LCase(mail", 1, 11, "to close the \"(\" at 1:6"),
        ("a +", 1, 4, "expected a value"),
        ("a b", 1, 3, "expected an operator or the end"),
        ("a # b", 1, 3, "unexpected character \"#\""),
        ("a == b", 1, 3, "write \"=\" to compare"),
        ("a != b", 1, 3, "\"<>\""),
        ("a | b", 1, 3, "\"||\""),
        ("a = b = c", 1, 7, "cannot be chained"),
        (#""C:\data""#, 1, 4, "unknown escape \"\\d\""),
        ("[ms DS]", 1, 4, "attribute name"),
        ("[abc", 1, 1, "no closing \"]\""),
        ("[]", 1, 1, "empty attribute name"),
        ("$", 1, 1, "variable name"),
        ("True(1)", 1, 1, "constant, not a function"),
        ("9223372036854775808", 1, 1, "too large"),
        ("99999999999999999999", 1, 1, "too large"),
        ("", 1, 1, "expected a value"),
    ])
    func syntaxErrorsSayWhatAndWhere(source: String, line: Int, column: Int, words: String) {
        let error = syntaxError(source)
        #expect(error?.code == .syntax, "\(source)")
        #expect(error?.location == SourceLocation(line: line, column: column), "\(source): \(String(describing: error))")
        #expect(error?.message.contains(words) == true, "\(source): \(String(describing: error))")
        #expect(error?.description.hasPrefix("\(line):\(column): ") == true)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
        #expect(syntaxError(deep)?.code == .limitExceeded)
        let calls = String(repeating: "LCase(", count: 65) + "a" + String(repeating: ")", count: 65)
        #expect(syntaxError(calls)?.message.contains("64 levels") == true)
        let nots = String(repeating: "!", count: 5_000) + "a"
        #expect(syntaxError(nots)?.code == .limitExceeded)
        let chain = Array(repeating: "a", count: 70).joined(separator: " & ")
        #expect(syntaxError(chain)?.code == .limitExceeded)
        let fine = String(repeating: "LCase(", count: 60) + "a" + String(repeating: ")", count: 60)
        #expect(syntaxError(fine) == nil)
    }

    @Test func longSourceIsAnError() {
        let long = "\"" + String(repeating: "x", count: 20_000) + "\""
        let error = syntaxError(long)
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.contains("16384") == true)
    }

    @Test func treesCompareWithoutLocations() throws {
        #expect(try parse("a+b") == parse("  a   +\n b"))
        #expect(try parse("a+b") != parse("a-b"))
        #expect(try parse("LCase(x)") != parse("lcase(x)"))
    }
}
