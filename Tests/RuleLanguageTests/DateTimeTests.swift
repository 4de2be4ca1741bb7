import RuleLanguage
import Testing

@Suite struct DateTimeTests {
    @Test(arguments: [
        ("20240131120000Z", "yyyy-MM-dd HH:mm:ss", "2024-01-31 12:00:00"),
        ("20240131120000Z", "yyyy-MM-ddTHH:mm:ssZ", "2024-01-31T12:00:00Z"),
        ("20240131120000Z", "d.M.yy", "31.1.24"),
        ("20240131120000Z", "'Date:' yyyy", "Date: 2024"),
        ("20240131120000Z", "'It''s' H\\h", "It's 12h"),
        ("20240131120000+0130", "HH:mm", "10:30"),
        ("20240131233000-0100", "yyyy-MM-dd HH:mm", "2024-02-01 00:30"),
        ("20240131120000.5Z", "ss.fff", "00.500"),
        ("20240131120000,25Z", "ss.ff", "00.25"),
        ("202401311230.5Z", "HH:mm:ss", "12:30:30"),
        ("2024013112Z", "HH:mm:ss", "12:00:00"),
        ("199912312359Z", "yyyyMMddHHmmss", "19991231235900"),
        ("19691231235959Z", "yyyy-MM-dd HH:mm:ss", "1969-12-31 23:59:59"),
        ("20240229000000Z", "MM-dd", "02-29"),
        ("129699324000000000", "yyyy-MM-dd HH:mm:ss", "2012-01-01 23:00:00"),
        ("129699324000000000", "yyyyMMddHHmmss.0Z", "20120101230000.0Z"),
        ("129699324001234567", "ss.fffffff ss.fff", "00.1234567 00.123"),
        ("116444736000000000", "yyyy-MM-dd", "1970-01-01"),
    ])
    func formatsGeneralizedTimeAndFileTime(value: String, format: String, expected: String) throws {
        let escaped = format.replacingBackslashes
        #expect(try evaluate("FormatDateTime(v, \"\(escaped)\")", ["v": [value]]) == [expected])
    }

    @Test func numbersAreFileTimes() throws {
        #expect(try evaluate(#"FormatDateTime(129699324000000000, "yyyy")"#) == ["2012"])
        #expect(try evaluate(#"FormatDateTime(pwdLastSet, "yyyy")"#, ["pwdLastSet": ["129699324000000000", "0"]]) == ["2012"])
    }

    @Test func neverIsNoValue() throws {
        for never in ["0", "9223372036854775807"] {
            #expect(try evaluate(#"FormatDateTime(accountExpires, "yyyyMMdd")"#, ["accountExpires": [never]]) == [])
        }
        #expect(try evaluate(#"FormatDateTime(accountExpires, "yyyyMMdd")"#, [:]) == [])
    }

    @Test(arguments: ["2024-01-31", "20241301000000Z", "20230229000000Z", "20240131250000Z", "20240131120000", "20240131120000Z1", "-5", ""])
    func invalidDatesAreEvaluationErrors(value: String) {
        let error = evaluationError(#"FormatDateTime(v, "yyyy")"#, ["v": [value]])
        #expect(error?.functionName == "FormatDateTime", "\(value)")
        #expect(error?.value == "\"\(value)\"" || value == "-5")
    }

    @Test func patternsFromAttributesAreCheckedWhenUsed() throws {
        #expect(try evaluate("FormatDateTime(v, f)", ["v": ["20240131120000Z"], "f": ["yyyy"]]) == ["2024"])
        let error = evaluationError("FormatDateTime(v, f)", ["v": ["20240131120000Z"], "f": ["YYYY"]])
        #expect(error?.message.contains("\"YYYY\"") == true)
        #expect(compileError(#"FormatDateTime(v, "yyyy 'open")"#)?.message.contains("no closing quote") == true)
        #expect(compileError(#"FormatDateTime(v, "yyy")"#)?.code == .invalidArgument)
    }
}

extension String {
    /// The string as the body of an expression string literal.
    fileprivate var replacingBackslashes: String {
        replacingOccurrences(of: "\\", with: "\\\\")
    }
}
