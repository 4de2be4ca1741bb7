/// Why an expression could not be parsed or compiled: what is wrong and where.
///
/// ``description`` reads like a compiler diagnostic, for example
/// `1:15: unknown function "LCas"; did you mean "LCase"?`, so a configuration loader can prefix
/// it with the file name and the position of the expression in that file.
public struct ExpressionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of mistake, as an open set of codes so new ones can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case syntax, unknownFunction, argumentCount, typeMismatch, unknownVariable
            case invalidArgument, misplacedAuthoritativeNull, limitExceeded
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The text is not a well-formed expression (a missing parenthesis, an unterminated string, ...).
        public static let syntax = Code(.syntax)
        /// A call names a function that does not exist.
        public static let unknownFunction = Code(.unknownFunction)
        /// A function is called with too few or too many arguments.
        public static let argumentCount = Code(.argumentCount)
        /// A value of one kind is used where another is needed (binary as text, text as a condition, ...).
        public static let typeMismatch = Code(.typeMismatch)
        /// A `$name` variable is used outside the `Where` that binds it.
        public static let unknownVariable = Code(.unknownVariable)
        /// An argument that must be known when the expression is compiled is missing or wrong
        /// (an option such as `CaseInsensitive`, a date pattern).
        public static let invalidArgument = Code(.invalidArgument)
        /// `AuthoritativeNull` is used somewhere other than as a result.
        public static let misplacedAuthoritativeNull = Code(.misplacedAuthoritativeNull)
        /// The expression is too long or nests too deeply.
        public static let limitExceeded = Code(.limitExceeded)

        /// The code's name, such as `syntax` or `unknownFunction`.
        public var description: String {
            switch base {
            case .syntax: "syntax"
            case .unknownFunction: "unknownFunction"
            case .argumentCount: "argumentCount"
            case .typeMismatch: "typeMismatch"
            case .unknownVariable: "unknownVariable"
            case .invalidArgument: "invalidArgument"
            case .misplacedAuthoritativeNull: "misplacedAuthoritativeNull"
            case .limitExceeded: "limitExceeded"
            }
        }
    }

    /// What kind of mistake this is.
    public var code: Code
    /// A sentence naming what is wrong, without the position.
    public var message: String
    /// Where the mistake is in the source text.
    public var location: SourceLocation
    /// The function involved, spelled as in the function reference (or the operator, such as
    /// `&`), when there is one.
    public var functionName: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, at location: SourceLocation, function functionName: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.functionName = functionName
    }

    /// The 1-based line of ``location``.
    public var line: Int { location.line }
    /// The 1-based column of ``location``.
    public var column: Int { location.column }

    /// `line:column: message`.
    public var description: String {
        "\(location): \(message)"
    }
}
