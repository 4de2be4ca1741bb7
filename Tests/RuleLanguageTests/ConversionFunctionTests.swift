import RuleLanguage
import Testing

@Suite struct ConversionFunctionTests {
    @Test(arguments: [
        ("CStr(42)", ["42"]),
        ("CStr(-7)", ["-7"]),
        ("CStr(True)", ["TRUE"]),
        ("CStr(uid)", ["jdoe"]),
        (#"CNum("0042")"#, ["42"]),
        (#"CNum("-7")"#, ["-7"]),
        (#"CNum("+7") + 1"#, ["8"]),
        (#"CBool("true")"#, ["TRUE"]),
        (#"CBool("FALSE")"#, ["FALSE"]),
        ("CBool(0)", ["FALSE"]),
        ("CBool(-3)", ["TRUE"]),
        (#"ConvertToBase64("Hello world!")"#, ["SGVsbG8gd29ybGQh"]),
        (#"ConvertToBase64("Hello world!", Unicode)"#, ["SABlAGwAbABvACAAdwBvAHIAbABkACEA"]),
        (#"ConvertToBase64("a")"#, ["YQ=="]),
        (#"ConvertToBase64("ab")"#, ["YWI="]),
        (#"ConvertToBase64("")"#, [""]),
        (#"ConvertFromBase64("SGVsbG8gd29ybGQh")"#, ["Hello world!"]),
        (#"ConvertFromBase64("SGVsbG8gd29ybGQh", "UTF8")"#, ["Hello world!"]),
        (#"ConvertFromBase64("SABlAGwAbABvACAAdwBvAHIAbABkACEA", Unicode)"#, ["Hello world!"]),
        (#"ConvertFromBase64("YQ==")"#, ["a"]),
        (#"ConvertFromBase64(ConvertToBase64("Zoë 😀"))"#, ["Zoë 😀"]),
        ("BitAnd(15, 247)", ["7"]),
        ("BitOr(8, 1)", ["9"]),
        ("BitAnd(-1, 255)", ["255"]),
    ])
    func typicalValues(source: String, expected: [String]) throws {
        #expect(try evaluate(source) == expected)
    }

    @Test(arguments: [
        ("CNum(v)", "1.5", #""1.5" is not a whole number"#),
        ("CNum(v)", " 1", #"" 1" is not a whole number"#),
        ("CNum(v)", "99999999999999999999", "is not a whole number"),
        ("CBool(v)", "yes", #""yes" is not TRUE or FALSE"#),
        ("ConvertFromBase64(v)", "###", "\"###\" is not base64"),
        ("ConvertFromBase64(v)", "/w==", "does not decode to UTF-8 text"),
        ("ConvertFromBase64(v, Unicode)", "YQ==", "does not decode to UTF-16 text"),
        ("BitAnd(v, 2)", "x", #""x" is not a whole number"#),
    ])
    func badValuesAreNamed(source: String, value: String, words: String) {
        let error = evaluationError(source, ["v": [value]])
        #expect(error?.message.contains(words) == true, "\(String(describing: error))")
        #expect(error?.functionName == source.prefix { $0 != "(" }.description)
    }

    @Test func conversionsLiftAndPropagateNull() throws {
        #expect(try evaluate("CNum(v) * 2", ["v": ["1", "2"]]) == ["2", "4"])
        #expect(try evaluate("CStr(v)", [:]) == [])
        #expect(try evaluate("BitOr(v, 1)", [:]) == [])
        #expect(compileError("CStr(objectGUID)")?.code == .typeMismatch)
        #expect(compileError("CNum(True)")?.code == .typeMismatch)
    }

    @Test func guidsInADByteOrder() throws {
        let guid: [UInt8] = [0xFF, 0x19, 0x96, 0x6F, 0x86, 0x8B, 0x11, 0xD0, 0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF]
        let input = person(binary: ["objectGUID": [guid]])
        #expect(try evaluate("StringFromGuid(objectGUID)", input) == ["6f9619ff-8b86-d011-b42d-00c04fc964ff"])
        #expect(try evaluate("ConvertToBase64(objectGUID)", input) == ["/xmWb4aLEdC0LQDAT8lk/w=="])
        let short = evaluationError("StringFromGuid(objectGUID)", person(binary: ["objectGUID": [[1, 2, 3]]]))
        #expect(short?.message == "0x010203 is not a GUID: it has 3 bytes, not 16")
        #expect(try evaluate("StringFromGuid(objectGUID)", person()) == [])
    }

    @Test func sidsAsText() throws {
        func littleEndian(_ value: UInt32) -> [UInt8] {
            [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)]
        }
        let parts: [UInt32] = [21, 1_004_336_348, 1_177_238_915, 682_003_330, 512]
        let sid: [UInt8] = [1, 5, 0, 0, 0, 0, 0, 5] + parts.flatMap(littleEndian)
        let input = person(binary: ["objectSid": [sid], "wellKnown": [[1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]]])
        #expect(try evaluate("StringFromSid(objectSid)", input) == ["S-1-5-21-1004336348-1177238915-682003330-512"])
        #expect(try evaluate("StringFromSid(wellKnown)", input) == ["S-1-1-0"])
        let truncated = person(binary: ["objectSid": [Array(sid.dropLast())]])
        #expect(evaluationError("StringFromSid(objectSid)", truncated)?.message.contains("is not a security identifier") == true)
    }
}
