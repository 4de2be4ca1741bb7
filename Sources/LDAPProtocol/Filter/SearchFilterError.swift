/// Why a search filter could not be parsed or built: what was expected, where, and the input.
///
/// The position is an offset in Unicode scalars from the start of ``input`` (the character
/// offset for ASCII text); ``column`` is the same position counted from 1, as editors show it.
public struct SearchFilterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of mistake, as an open set of codes so new ones can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case emptyFilter, expectedOpeningParenthesis, expectedClosingParenthesis, expectedFilter
            case expectedAttribute, invalidAttribute, expectedFilterType, invalidEscape
            case unexpectedCharacter, invalidMatchingRule, missingMatchingRule, trailingText, tooDeep
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The input is empty or only spaces.
        public static let emptyFilter = Code(.emptyFilter)
        /// A filter must start with `(` here.
        public static let expectedOpeningParenthesis = Code(.expectedOpeningParenthesis)
        /// A filter must end with `)` here.
        public static let expectedClosingParenthesis = Code(.expectedClosingParenthesis)
        /// `!` must be followed by a parenthesized filter.
        public static let expectedFilter = Code(.expectedFilter)
        /// An attribute description (or `&`, `|`, `!`) was expected.
        public static let expectedAttribute = Code(.expectedAttribute)
        /// The attribute description is not a descriptor or numeric OID with `;options`.
        public static let invalidAttribute = Code(.invalidAttribute)
        /// The attribute must be followed by `=`, `~=`, `>=`, `<=` or `:=`.
        public static let expectedFilterType = Code(.expectedFilterType)
        /// `\` must be followed by two hex digits.
        public static let invalidEscape = Code(.invalidEscape)
        /// A character that must be escaped (`(` `)` `*` NUL) appears unescaped in a value.
        public static let unexpectedCharacter = Code(.unexpectedCharacter)
        /// The matching rule of an extensible match is not a descriptor or numeric OID.
        public static let invalidMatchingRule = Code(.invalidMatchingRule)
        /// An extensible match names neither an attribute nor a matching rule.
        public static let missingMatchingRule = Code(.missingMatchingRule)
        /// Text follows the end of the filter.
        public static let trailingText = Code(.trailingText)
        /// Filters are nested deeper than ``SearchFilter/maximumDepth``.
        public static let tooDeep = Code(.tooDeep)

        /// What was expected, in English.
        public var description: String {
            switch base {
            case .emptyFilter: "expected a filter"
            case .expectedOpeningParenthesis: "expected '('"
            case .expectedClosingParenthesis: "expected ')'"
            case .expectedFilter: "expected '(' starting the filter that '!' negates"
            case .expectedAttribute: "expected an attribute description, '&', '|' or '!'"
            case .invalidAttribute: "expected an attribute description (descriptor or numeric OID, then ';options')"
            case .expectedFilterType: "expected '=', '~=', '>=', '<=' or ':=' after the attribute"
            case .invalidEscape: "expected two hex digits after '\\'"
            case .unexpectedCharacter: "expected a value; '(', ')', '*' and NUL must be escaped as \\28 \\29 \\2a \\00"
            case .invalidMatchingRule: "expected a matching rule (descriptor or numeric OID)"
            case .missingMatchingRule: "expected an attribute or a matching rule before ':='"
            case .trailingText: "expected the end of the filter"
            case .tooDeep: "expected at most \(SearchFilter.maximumDepth) nested filters"
            }
        }
    }

    /// What is wrong.
    public var code: Code
    /// Where, in Unicode scalars from the start of ``input``.
    public var offset: Int
    /// The text that was parsed.
    public var input: String

    /// Creates an error pointing at `offset` in `input`.
    public init(_ code: Code, at offset: Int, in input: String) {
        self.code = code
        self.offset = offset
        self.input = input
    }

    /// The position counted from 1.
    public var column: Int { offset + 1 }

    /// For example `invalid filter "(cn=a": expected ')' at column 6`.
    public var description: String {
        "invalid filter \"\(input)\": \(code) at column \(column)"
    }
}
