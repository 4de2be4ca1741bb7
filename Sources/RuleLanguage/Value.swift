/// One runtime value. Expressions evaluate to arrays of these; the empty array is null.
///
/// Values read from the directory are `.text` or `.binary` (or `.number`/`.boolean` when the
/// schema says so and the text parses); functions produce the kind they are declared to return.
enum Value: Hashable, Sendable {
    case text(String)
    case number(Int64)
    case boolean(Bool)
    case binary([UInt8])
    /// Only ever alone, and only as the result of a whole expression or of a branch.
    case authoritativeNull

    /// The value as text: numbers in decimal, booleans as `TRUE`/`FALSE`; binary is not text.
    func text() throws(EvaluationFailure) -> String {
        switch self {
        case .text(let text): return text
        case .number(let number): return String(number)
        case .boolean(let value): return value ? "TRUE" : "FALSE"
        case .binary:
            throw EvaluationFailure(
                "is binary, not text; convert it with ConvertToBase64, StringFromGuid or StringFromSid", self)
        case .authoritativeNull: throw EvaluationFailure("AuthoritativeNull is not a value")
        }
    }

    /// The value as a number: text must be a decimal integer such as `42` or `-7`.
    func number() throws(EvaluationFailure) -> Int64 {
        switch self {
        case .number(let number): return number
        case .text(let text):
            guard let number = Value.parseNumber(text) else {
                throw EvaluationFailure("is not a whole number", self)
            }
            return number
        case .boolean: throw EvaluationFailure("is a boolean, not a number", self)
        case .binary: throw EvaluationFailure("is binary, not a number", self)
        case .authoritativeNull: throw EvaluationFailure("AuthoritativeNull is not a value")
        }
    }

    /// The value as a boolean: text must be `TRUE` or `FALSE` in any case.
    func boolean() throws(EvaluationFailure) -> Bool {
        switch self {
        case .boolean(let value): return value
        case .text(let text):
            guard let value = Value.parseBoolean(text) else {
                throw EvaluationFailure("is not TRUE or FALSE", self)
            }
            return value
        case .number: throw EvaluationFailure("is a number, not TRUE or FALSE", self)
        case .binary: throw EvaluationFailure("is binary, not TRUE or FALSE", self)
        case .authoritativeNull: throw EvaluationFailure("AuthoritativeNull is not a value")
        }
    }

    /// The value's bytes: binary as is, anything else as the UTF-8 of its text.
    var bytes: [UInt8] {
        switch self {
        case .binary(let bytes): bytes
        case .text(let text): Array(text.utf8)
        case .number(let number): Array(String(number).utf8)
        case .boolean(let value): value ? Self.trueBytes : Self.falseBytes
        case .authoritativeNull: []
        }
    }

    /// Shared, so that a condition's result costs no allocation.
    private static let trueBytes = Array("TRUE".utf8)
    private static let falseBytes = Array("FALSE".utf8)

    /// Whether the value counts as present: anything but empty text or empty binary.
    var isPresent: Bool {
        switch self {
        case .text(let text): !text.isEmpty
        case .binary(let bytes): !bytes.isEmpty
        case .number, .boolean, .authoritativeNull: true
        }
    }

    /// A decimal integer with an optional sign, nothing else (no spaces, no fraction).
    static func parseNumber(_ text: String) -> Int64? {
        var utf8 = text.utf8[...]
        let negative = utf8.first == UInt8(ascii: "-")
        if negative || utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        guard !utf8.isEmpty, utf8.count <= 20 else { return nil }
        var magnitude: UInt64 = 0
        for byte in utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
        }
        if negative {
            if magnitude == UInt64(Int64.max) + 1 { return .min }
            return Int64(exactly: magnitude).map { -$0 }
        }
        return Int64(exactly: magnitude)
    }

    /// `TRUE` or `FALSE`, in any case.
    static func parseBoolean(_ text: String) -> Bool? {
        switch text.utf8.count {
        case 4 where text.uppercased() == "TRUE": true
        case 5 where text.uppercased() == "FALSE": false
        default: nil
        }
    }
}
