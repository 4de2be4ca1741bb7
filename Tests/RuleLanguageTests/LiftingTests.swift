import RuleLanguage
import Testing

@Suite struct LiftingTests {
    private let input = ExpressionValues(text: ["names": ["Ann", "Bob"], "counts": ["1", "2"], "none": []])

    @Test func singleParametersApplyToEveryValueInArgumentOrder() throws {
        #expect(try evaluate("Left(names, counts)", input) == ["A", "An", "B", "Bo"])
        #expect(try evaluate("Left(names, 1)", input) == ["A", "B"])
        #expect(try evaluate("Len(names) + counts", input) == ["4", "5", "4", "5"])
    }

    @Test func anEmptyArgumentGivesAnEmptyResult() throws {
        #expect(try evaluate("Left(names, none)", input) == [])
        #expect(try evaluate("Replace(names, none, \"x\")", input) == [])
        #expect(try evaluate("names & none", input) == [])
        #expect(try evaluate("-none", input) == [])
    }

    @Test func listParametersTakeTheWholeList() throws {
        #expect(try evaluate("Count(names)", input) == ["2"])
        #expect(try evaluate("Join(names, counts)", input) == ["Ann1Bob", "Ann2Bob"])
        #expect(try evaluate("Item(names, counts)", input) == ["Ann", "Bob"])
    }

    @Test func staticTypesTrackCardinality() throws {
        let compiler = testCompiler()
        #expect(try compiler.compile("LCase(uid)").resultType == ValueType(.text, multiValued: true))
        #expect(try compiler.compile("LCase(employeeID)").resultType == .text)
        #expect(try compiler.compile("Count(mail)").resultType == .number)
        #expect(try compiler.compile("Join(mail)").resultType == .text)
        #expect(try compiler.compile("Split(employeeID, \",\")").resultType == ValueType(.text, multiValued: true))
        #expect(try compiler.compile("uidNumber + 1").resultType == .number)
        #expect(try compiler.compile("IsPresent(mail)").resultType == .boolean)
        #expect(try compiler.compile("objectGUID").resultType == .binary)
        #expect(try compiler.compile("Item(jpegPhoto, 1)").resultType == .binary)
        #expect(try compiler.compile("baseDN").resultType == .text)
    }

    @Test func combinationsAreBounded() {
        let limits = ExpressionLimits(maximumValues: 10)
        let compiler = testCompiler(limits: limits)
        let many = ExpressionValues(text: ["a": ["1", "2", "3", "4"], "b": ["1", "2", "3", "4"]])
        func error(_ source: String) -> ExpressionEvaluationError? {
            do {
                _ = try compiler.compile(source).evaluate(many)
                return nil
            } catch let error as ExpressionEvaluationError {
                return error
            } catch {
                return ExpressionEvaluationError("compile error \(error)", function: nil, at: .start)
            }
        }
        #expect(error("a & b")?.message == "would produce more than 10 values")
        #expect(error("a & b")?.functionName == "&")
        #expect(error("Left(a, b)")?.functionName == "Left")
        #expect(error("a = b")?.functionName == "=")
        #expect(error("Split(a, \",\") & Split(a, \",\")") != nil)
        #expect(error("a & \"x\"") == nil)
    }

    @Test func valueSizesAreBounded() {
        let limits = ExpressionLimits(maximumValueLength: 1_000)
        let compiler = testCompiler(limits: limits)
        let input = ExpressionValues(text: ["a": [String(repeating: "a", count: 600)]])
        for source in [
            "a & a", "Replace(a, \"a\", \"aaaa\")", "PadLeft(a, 5000, \"0\")", "PadLeft(a, 9223372036854775807, \"0\")",
            "Join(Split(a & \",\" & a, \",\"), \"-\")", "ConvertToBase64(a & Left(a, 300))",
            "ReplaceChars(a, \"a\", \"aaaa\")",
        ] {
            do {
                _ = try compiler.compile(source).evaluate(input)
                Issue.record("\(source) produced a value over the limit")
            } catch let error as ExpressionEvaluationError {
                #expect(error.message.contains("the limit is 1000"), "\(source): \(error)")
            } catch {
                Issue.record("\(source): \(error)")
            }
        }
    }

    /// `ReplaceChars` sizes its result before building it: a megabyte replacement for each of a
    /// megabyte of characters (a terabyte) is an error, not exhausted memory (found by the
    /// expression fuzz target: Fuzz/expression/regressions/replacechars-terabyte).
    @Test func replaceCharsIsSizedBeforeItIsBuilt() {
        let source = #"ReplaceChars(PadLeft("", 1000000, "a"), "a", PadLeft("", 1000000, "b"))"#
        do {
            // Constant arguments: the compiler folds the call, so the error may come from compile().
            _ = try testCompiler().compile(source).evaluate(ExpressionValues())
            Issue.record("\(source) produced a value over the limit")
        } catch {
            #expect("\(error)".contains("ReplaceChars: would produce a value of 1000000000000 bytes; the limit is 1048576"), "\(error)")
        }
    }
}
