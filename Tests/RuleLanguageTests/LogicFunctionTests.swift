import RuleLanguage
import Testing

@Suite struct LogicFunctionTests {
    @Test func iifEvaluatesOnlyTheChosenBranch() throws {
        #expect(try evaluate(#"IIF(employeeType = "Intern", "t-" & uid, uid)"#, person(["employeeType": ["Intern"]])) == ["t-jdoe"])
        #expect(try evaluate(#"IIF(employeeType = "Intern", "t-" & uid, uid)"#) == ["jdoe"])
        #expect(try evaluate(#"IIF(True, uid, CNum(uid))"#) == ["jdoe"])
        #expect(try evaluate(#"IIF(IsPresent(title), title, Null)"#) == [])
        #expect(try evaluate(#"IIF(False, 1, "one")"#) == ["one"])
    }

    @Test func iifWithAMultiValuedConditionIsTrueWhenAnyValueIs() throws {
        let input = ExpressionValues(text: ["objectClass": ["top", "person"]])
        #expect(try evaluate(#"IIF(objectClass = "person", "p", "o")"#, input) == ["p"])
        #expect(try evaluate(#"IIF(objectClass = "group", "g", "o")"#, input) == ["o"])
    }

    @Test func switchPicksTheFirstTrueCondition() throws {
        let source = #"Switch(l = "London", "English", l = "Rome", "Italian", True, "unknown")"#
        #expect(try evaluate(source, ["l": ["Rome"]]) == ["Italian"])
        #expect(try evaluate(source, ["l": ["Oslo"]]) == ["unknown"])
        #expect(try evaluate(#"Switch(l = "London", "English")"#, ["l": ["Oslo"]]) == [])
        let managers = "Switch(IsPresent(directManager), directManager, IsPresent(skipLevelManager), skipLevelManager)"
        #expect(try evaluate(managers, ["skipLevelManager": ["cn=boss"]]) == ["cn=boss"])
    }

    @Test func coalesceSkipsAbsentAndEmptyValues() throws {
        #expect(try evaluate("Coalesce(displayName, cn, uid)") == ["John Doe"])
        #expect(try evaluate("Coalesce(displayName, nickname)", ["nickname": ["", "Jo"]]) == ["", "Jo"])
        #expect(try evaluate("Coalesce(displayName, nickname)", ["displayName": [""], "nickname": ["Jo"]]) == ["Jo"])
        #expect(try evaluate("Coalesce(displayName)", [:]) == [])
        #expect(try evaluate(#"Coalesce(displayName, "n/a")"#, [:]) == ["n/a"])
        #expect(try evaluate("Coalesce(displayName, uid)", ["displayName": ["x"], "uid": ["bad"]]) == ["x"])
    }

    @Test func isPresentAndIsNullOrEmpty() throws {
        for (attributes, present) in [
            ([String: [String]](), false), (["title": [""]], false), (["title": ["", "x"]], true), (["title": ["x"]], true),
        ] {
            #expect(try evaluate("IsPresent(title)", attributes) == [present ? "TRUE" : "FALSE"])
            #expect(try evaluate("IsNullOrEmpty(title)", attributes) == [present ? "FALSE" : "TRUE"])
        }
        #expect(try evaluate("IsPresent(0)") == ["TRUE"])
        #expect(try evaluate("IsPresent(objectGUID)", person(binary: ["objectGUID": [[1]]])) == ["TRUE"])
        #expect(try evaluate("IsPresent(Null)") == ["FALSE"])
    }

    @Test func notNegatesAConditionAndErrorFails() throws {
        #expect(try evaluate("Not(IsPresent(title))") == ["TRUE"])
        let error = evaluationError(#"IIF(IsPresent(employeeID), employeeID, Error("employeeID is required"))"#)
        #expect(error?.functionName == "Error")
        #expect(error?.message == "employeeID is required")
        #expect(try evaluate(#"IIF(IsPresent(uid), uid, Error("uid is required"))"#) == ["jdoe"])
    }

    @Test func authoritativeNullIsItsOwnResult() throws {
        let compiler = testCompiler()
        let flow = try compiler.compile("IIF(IsPresent(mail), LCase(mail), AuthoritativeNull)")
        #expect(flow.canBeAuthoritativeNull)
        #expect(flow.resultType == ValueType(.text, multiValued: true))
        #expect(try flow.evaluate(ExpressionValues(text: [:])) == .authoritativeNull)
        #expect(try flow.evaluate(ExpressionValues(text: ["mail": ["A@B"]])) == .values([Array("a@b".utf8)]))
        #expect(try compiler.compile("AuthoritativeNull").evaluate(person()) == .authoritativeNull)
        #expect(try compiler.compile("Coalesce(title, AuthoritativeNull)").evaluate(person()) == .authoritativeNull)
        #expect(try compiler.compile("Switch(False, 1, True, AuthoritativeNull)").evaluate(person()) == .authoritativeNull)
        #expect(try !compiler.compile("IIF(IsPresent(mail), mail, Null)").canBeAuthoritativeNull)
    }

    @Test func branchesOfDifferentKindsAreAny() throws {
        let compiler = testCompiler()
        #expect(try compiler.compile(#"IIF(True, 1, "one")"#).resultType == ValueType(.any))
        #expect(try compiler.compile(#"IIF(True, 1, Null)"#).resultType == ValueType(.number))
        #expect(try compiler.compile(#"IIF(True, uidNumber, 2)"#).resultType == ValueType(.number))
        #expect(try compiler.compile(#"Coalesce(mail, "x")"#).resultType == ValueType(.text, multiValued: true))
    }
}
