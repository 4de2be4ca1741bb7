import RuleLanguage
import Testing

@Suite struct CompiledExpressionTests {
    @Test func reportsTheAttributesItReadsLowercased() throws {
        let compiled = try testCompiler().compile("IIF(IsPresent(Mail), LCase([MAIL]), [msDS-PrincipalName] & baseDN)")
        #expect(compiled.attributeKeys == ["mail", "msds-principalname"])
        #expect(compiled.contextVariables == ["baseDN"])
        #expect(compiled.source == "IIF(IsPresent(Mail), LCase([MAIL]), [msDS-PrincipalName] & baseDN)")
    }

    @Test func bareNamesAreContextVariablesButBracketsAreAttributes() throws {
        let input = ExpressionValues(text: ["baseDN": ["attribute"]], context: ["baseDN": ["context"]])
        let compiler = testCompiler()
        #expect(try compiler.compile("BASEDN").evaluate(input).textValues == ["context"])
        #expect(try compiler.compile("[baseDN]").evaluate(input).textValues == ["attribute"])
        #expect(try compiler.compile("[baseDN]").attributeKeys == ["basedn"])
        #expect(try compiler.compile("baseDN").attributeKeys.isEmpty)
        // Without the declaration, the same name is an attribute.
        #expect(try ExpressionCompiler().compile("baseDN").evaluate(input).textValues == ["attribute"])
    }

    @Test func attributesPassThroughUnchanged() throws {
        let photo: [UInt8] = [0xFF, 0xD8, 0x00, 0xC3, 0x28]
        let input = person(binary: ["jpegPhoto": [photo, []], "raw": [[0xC3, 0x28]]])
        let compiler = testCompiler()
        #expect(try compiler.compile("jpegPhoto").evaluate(input) == .values([photo, []]))
        #expect(try compiler.compile("[jpegPhoto]").evaluate(input) == .values([photo, []]))
        #expect(try compiler.compile("raw").evaluate(input) == .values([[0xC3, 0x28]]))
        #expect(try compiler.compile("Coalesce(jpegPhoto)").evaluate(input) == .values([photo, []]))
    }

    @Test func resultsAreLDAPText() throws {
        #expect(try evaluate("1 + 1") == ["2"])
        #expect(try evaluate("IsPresent(uid)") == ["TRUE"])
        #expect(try evaluate("-5") == ["-5"])
        #expect(try evaluate("Null") == [])
    }

    @Test func compilesAParsedTree() throws {
        let tree = try ExpressionNode(parsing: "lcase( uid )")
        let compiled = try testCompiler().compile(tree)
        #expect(compiled.source == "lcase(uid)")
        #expect(try compiled.evaluate(person()).textValues == ["jdoe"])
    }

    @Test func treesBuiltInCodeAreCheckedForDepth() {
        var tree = ExpressionNode(.identifier("uid"))
        for _ in 0..<100 { tree = ExpressionNode(.call("LCase", [tree])) }
        do {
            _ = try testCompiler().compile(tree)
            Issue.record("a tree 101 levels deep compiled")
        } catch {
            #expect(error.code == .limitExceeded)
        }
    }

    @Test func evaluatesConcurrently() async throws {
        let compiled = try testCompiler().compile(#"Join(Where(p, Split(list, ","), p <> "x"), "-")"#)
        let results = try await withThrowingTaskGroup(of: [String]?.self) { group in
            for index in 0..<16 {
                group.addTask {
                    try compiled.evaluate(ExpressionValues(text: ["list": ["a,x,\(index)"]])).textValues
                }
            }
            var results: [[String]?] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(Set(results.compactMap { $0?.first }) == Set((0..<16).map { "a-\($0)" }))
    }

    /// The engine evaluates every flow for every object; this keeps the per-evaluation cost in
    /// view. A release build does 100k objects × 10 such flows in well under a second; this
    /// debug-build bound only catches gross regressions such as re-parsing per evaluation.
    @Test func manyEvaluationsOfCompiledFlowsGiveEveryValue() throws {
        let compiler = testCompiler()
        let flows = try [
            "uid", "cn", "sn", "givenName", "mail",
            #"IIF(IsPresent(mail), LCase(mail), uid & "@contoso.com")"#,
            #"Coalesce(displayName, givenName & " " & sn)"#,
            #""uid=" & EscapeDNComponent(uid) & ",ou=people," & baseDN"#,
            #"IIF(BitAnd(userAccountControl, 2) = 2, "TRUE", "FALSE")"#,
            #"Where(p, objectClass, p <> "top")"#,
        ].map { try compiler.compile($0) }
        let input = person(["userAccountControl": ["514"], "objectClass": ["top", "person", "inetOrgPerson"]])
        var values = 0
        for _ in 0..<5_000 {
            for flow in flows {
                if case .values(let result) = try flow.evaluate(input) { values += result.count }
            }
        }
        // Speed is measured by `make bench` (ratios against the built-in rules), not here.
        #expect(values == 5_000 * 11)
    }
}
