import RuleLanguage
import Testing

@Suite struct CompileErrorTests {
    @Test func unknownFunctionSuggestsTheNearestName() {
        let error = compileError("IIF(IsPresent(mail), LCas(mail), uid)")
        #expect(error?.code == .unknownFunction)
        #expect(error?.description == #"1:22: unknown function "LCas"; did you mean "LCase"?"#)
        #expect(error?.functionName == "LCas")
        #expect(compileError("RemoveDuplicate(mail)")?.message.contains("\"RemoveDuplicates\"") == true)
        #expect(compileError("Frobnicate(mail)")?.message == #"unknown function "Frobnicate""#)
    }

    @Test func leftOutAADFunctionsSayWhy() {
        let error = compileError("Now()")
        #expect(error?.code == .unknownFunction)
        #expect(error?.message.contains("deterministic") == true)
    }

    @Test func wrongArgumentCountNamesTheSignature() {
        let error = compileError("uid & \n  Left(uid)")
        #expect(error?.code == .argumentCount)
        #expect(error?.location == SourceLocation(line: 2, column: 3))
        #expect(error?.functionName == "Left")
        #expect(error?.message == "Left takes 2 arguments, but 1 was given: Left(text, count)")
        #expect(compileError("InStr(a)")?.message.contains("2 to 4 arguments") == true)
        #expect(compileError("InStr(a)")?.message.contains("InStr(text, search[, start[, compare]])") == true)
        #expect(compileError("Coalesce()")?.message.contains("at least 1 argument") == true)
        #expect(compileError("Switch(True, 1, False)")?.code == .argumentCount)
        #expect(compileError("lcase(a, b)")?.message.hasPrefix("LCase takes 1 argument, but 2 were given") == true)
    }

    @Test func binaryIsNotText() {
        let error = compileError("LCase(objectGUID)")
        #expect(error?.code == .typeMismatch)
        #expect(error?.location == SourceLocation(line: 1, column: 7))
        #expect(error?.message.contains("\"objectGUID\" is binary") == true)
        #expect(error?.message.contains("StringFromGuid") == true)
        #expect(compileError("\"id-\" & objectGUID")?.code == .typeMismatch)
        #expect(compileError("objectGUID = \"x\"")?.message.contains("cannot compare binary with text") == true)
        #expect(compileError("StringFromGuid(objectGUID)") == nil)
        #expect(compileError("ConvertToBase64(jpegPhoto)") == nil)
    }

    @Test func conditionsMustBeBooleanWithAHint() {
        let error = compileError("IIF(mail, mail, uid)")
        #expect(error?.code == .typeMismatch)
        #expect(error?.location == SourceLocation(line: 1, column: 5))
        #expect(error?.functionName == "IIF")
        #expect(error?.message.contains("the condition of IIF must be a condition") == true)
        #expect(error?.message.contains("IsPresent(mail)") == true)
        #expect(compileError("IIF(BitAnd(userAccountControl, 2), 1, 0)")?.message.contains("<> 0") == true)
        #expect(compileError("a && IsPresent(b)")?.message.contains("\"&&\"") == true)
        #expect(compileError("!mail")?.code == .typeMismatch)
        #expect(compileError("Where(x, mail, x)")?.code == .typeMismatch)
        // A boolean attribute, a comparison or a literal is a condition.
        #expect(compileError("IIF(ldapsyncAccountDisabled, 1, 0)") == nil)
        #expect(compileError("IIF(True, 1, 0)") == nil)
    }

    @Test func numbersAndBooleansDoNotMix() {
        #expect(compileError("1 + True")?.code == .typeMismatch)
        #expect(compileError("IsPresent(a) = 1")?.message.contains("boolean with a number") == true)
        #expect(compileError("IsPresent(a) < True")?.message.contains("no order") == true)
        #expect(compileError("Left(uid, True)")?.code == .typeMismatch)
    }

    @Test func authoritativeNullOnlyAsAResult() {
        #expect(compileError("AuthoritativeNull") == nil)
        #expect(compileError("IIF(IsPresent(mail), mail, AuthoritativeNull)") == nil)
        #expect(compileError("Switch(IsPresent(a), a, True, AuthoritativeNull())") == nil)
        #expect(compileError("Coalesce(mail, AuthoritativeNull)") == nil)
        let error = compileError("LCase(AuthoritativeNull)")
        #expect(error?.code == .misplacedAuthoritativeNull)
        #expect(error?.location == SourceLocation(line: 1, column: 7))
        #expect(compileError("\"x\" & IIF(IsPresent(a), a, AuthoritativeNull)")?.code == .misplacedAuthoritativeNull)
        #expect(compileError("IIF(AuthoritativeNull = 1, a, b)")?.code == .misplacedAuthoritativeNull)
    }

    @Test func optionsAreCheckedWhenCompiling() {
        #expect(compileError("InStr(a, \"x\", 1, CaseInsensitive)") == nil)
        #expect(compileError("InStr(a, \"x\", 1, \"vbTextCompare\")") == nil)
        let error = compileError("Contains(mail, \"x\", Sometimes)")
        #expect(error?.code == .invalidArgument)
        #expect(error?.location == SourceLocation(line: 1, column: 21))
        #expect(error?.message.contains("CaseInsensitive, CaseSensitive") == true)
        #expect(compileError("DNComponentRev(dn, 1, \"OU\")")?.code == .invalidArgument)
    }

    @Test func constantsThatCannotWorkAreCompileErrors() {
        let error = compileError("uid & CNum(\"12a\")")
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == #"CNum: "12a" is not a whole number"#)
        #expect(error?.location == SourceLocation(line: 1, column: 7))
        #expect(compileError("1 / 0")?.message.contains("division by zero") == true)
        let pattern = compileError("FormatDateTime(pwdLastSet, \"hh:mm\")")
        #expect(pattern?.code == .invalidArgument)
        #expect(pattern?.location == SourceLocation(line: 1, column: 28))
        #expect(pattern?.message.contains("\"hh\"") == true)
    }

    @Test func whereVariables() {
        #expect(compileError("Where(\"x\", mail, True)")?.message.contains("first argument") == true)
        let error = compileError("Where($a, mail, $b = \"x\")")
        #expect(error?.code == .unknownVariable)
        #expect(error?.location == SourceLocation(line: 1, column: 17))
        #expect(compileError("$a")?.code == .unknownVariable)
    }
}
