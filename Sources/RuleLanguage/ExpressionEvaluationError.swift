/// Why evaluating an expression for one object failed, for example a value that is not a number
/// where one is needed.
///
/// The engine records it as a per-object sync error; ``description`` names the position, the
/// function and the offending value, such as `1:1: CNum: "12a" is not a whole number`. Values
/// are cut to ``maximumValueLength`` characters so an error never carries a whole photo or
/// certificate.
public struct ExpressionEvaluationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, including the offending value when there is one.
    public var message: String
    /// The function or operator that failed, such as `CNum` or `+`.
    public var functionName: String?
    /// The offending value as shown in ``message`` (quoted text, a number, or `0x…` hex for
    /// binary), at most about ``maximumValueLength`` characters.
    public var value: String?
    /// Where the failing call or operator is in the expression's source.
    public var location: SourceLocation

    /// How much of an offending value an error shows.
    public static let maximumValueLength = 100

    /// Creates an error.
    public init(_ message: String, function functionName: String?, value: String? = nil, at location: SourceLocation) {
        self.message = message
        self.functionName = functionName
        self.value = value
        self.location = location
    }

    /// `line:column: function: message`.
    public var description: String {
        if let functionName { "\(location): \(functionName): \(message)" } else { "\(location): \(message)" }
    }
}

/// A failure inside a function body; the call site adds the function name and position.
struct EvaluationFailure: Error {
    var problem: String
    var value: Value?

    init(_ problem: String, _ value: Value? = nil) {
        self.problem = problem
        self.value = value
    }

    func error(function: String, at location: SourceLocation) -> ExpressionEvaluationError {
        guard let value else { return ExpressionEvaluationError(problem, function: function, at: location) }
        let shown = Self.show(value)
        return ExpressionEvaluationError("\(shown) \(problem)", function: function, value: shown, at: location)
    }

    /// A value as an error shows it: text quoted, binary as hex, cut to a readable length.
    static func show(_ value: Value) -> String {
        let limit = ExpressionEvaluationError.maximumValueLength
        switch value {
        case .text(let text):
            let cut = text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
            return "\"\(cut)\""
        case .number(let number): return String(number)
        case .boolean(let flag): return flag ? "TRUE" : "FALSE"
        case .binary(let bytes):
            let digits = bytes.prefix((limit - 3) / 2).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
            return "0x" + digits + (bytes.count > (limit - 3) / 2 ? "…" : "")
        case .authoritativeNull: return "AuthoritativeNull"
        }
    }
}
