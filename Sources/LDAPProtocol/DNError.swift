/// Why a distinguished name, relative distinguished name or attribute could not be built.
///
/// The error says what is wrong, where (as an offset counted in Unicode scalars from the start
/// of the input, which equals the character offset for ASCII text) and repeats the input, so a
/// person reading a log line can find the mistake without a debugger.
public struct DNError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of mistake, as an open set of codes so new ones can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case expectedAttribute, missingEquals, emptyAttributeType, invalidAttributeType
            case danglingEscape, invalidEscape, invalidHexEscape, invalidUTF8
            case invalidHexString, unterminatedQuote, unexpectedCharacter, emptyRDN
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// An attribute type was expected (for example after `,` or `+`, or at the start).
        public static let expectedAttribute = Code(.expectedAttribute)
        /// An attribute type is not followed by `=`.
        public static let missingEquals = Code(.missingEquals)
        /// Nothing stands before `=`.
        public static let emptyAttributeType = Code(.emptyAttributeType)
        /// The attribute type is neither a descriptor (`cn`) nor a numeric OID (`2.5.4.3`).
        public static let invalidAttributeType = Code(.invalidAttributeType)
        /// A `\` ends the input.
        public static let danglingEscape = Code(.danglingEscape)
        /// A `\` is followed by a character that cannot be escaped.
        public static let invalidEscape = Code(.invalidEscape)
        /// A `\` starts a hex pair but the second digit is missing or not hexadecimal.
        public static let invalidHexEscape = Code(.invalidHexEscape)
        /// Escaped `\XX` bytes do not form valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// A `#` value is not an even, non-empty run of hex digits.
        public static let invalidHexString = Code(.invalidHexString)
        /// A legacy quoted value (`cn="a,b"`) has no closing `"`.
        public static let unterminatedQuote = Code(.unterminatedQuote)
        /// A character that must be escaped (`"` `<` `>` NUL) appears unescaped, or text follows a quoted value.
        public static let unexpectedCharacter = Code(.unexpectedCharacter)
        /// A relative distinguished name has no attributes.
        public static let emptyRDN = Code(.emptyRDN)

        /// A short English explanation of the code.
        public var description: String {
            switch base {
            case .expectedAttribute: "expected an attribute type"
            case .missingEquals: "expected '=' after the attribute type"
            case .emptyAttributeType: "empty attribute type before '='"
            case .invalidAttributeType: "attribute type is neither a descriptor nor a numeric OID"
            case .danglingEscape: "'\\' at the end of the input escapes nothing"
            case .invalidEscape: "'\\' must be followed by a special character or two hex digits"
            case .invalidHexEscape: "'\\' must be followed by two hex digits"
            case .invalidUTF8: "escaped bytes are not valid UTF-8"
            case .invalidHexString: "'#' must be followed by an even number of hex digits"
            case .unterminatedQuote: "quoted value has no closing '\"'"
            case .unexpectedCharacter: "unexpected character; it must be escaped"
            case .emptyRDN: "a relative distinguished name needs at least one attribute"
            }
        }
    }

    /// What is wrong.
    public var code: Code
    /// Where it is wrong, in Unicode scalars from the start of `input`; `nil` when not tied to a position.
    public var offset: Int?
    /// The text that was being parsed or validated.
    public var input: String

    /// Creates an error for `input`, optionally pointing at `offset`.
    public init(_ code: Code, at offset: Int? = nil, in input: String) {
        self.code = code
        self.offset = offset
        self.input = input
    }

    /// For example `invalid DN "cn=a\": '\' at the end of the input escapes nothing (at offset 4)`.
    public var description: String {
        let position = offset.map { " (at offset \($0))" } ?? ""
        return "invalid DN \"\(input)\": \(code)\(position)"
    }
}
