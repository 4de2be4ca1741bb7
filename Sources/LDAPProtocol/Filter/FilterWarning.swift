/// Something a compiled filter cannot decide, found when it was compiled: the item concerned
/// always evaluates to ``FilterResult/undefined`` (or, for a presence test of an unknown
/// attribute, looks the attribute up as written).
public struct FilterWarning: Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, as an open set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The schema does not define the attribute (a typo, or another directory's attribute).
        public static let unknownAttribute = Code("the schema does not define the attribute")
        /// The evaluator does not implement the matching rule (for example AD's
        /// LDAP_MATCHING_RULE_IN_CHAIN, which needs the directory), or an extensible match
        /// names no attribute (it would need every attribute of the object).
        public static let unsupportedMatchingRule = Code("the matching rule is not supported by the engine")
        /// The assertion value is not of the attribute's syntax (`(uidNumber=abc)`).
        public static let invalidAssertionValue = Code("the value is not valid for the attribute's matching rule")

        /// A short English explanation.
        public var description: String { name }
    }

    /// What is wrong.
    public var code: Code
    /// The filter item concerned, in its string form.
    public var item: String

    /// Creates a warning about `item`.
    public init(_ code: Code, item: String) {
        self.code = code
        self.item = item
    }

    /// For example `(employeType=contractor): the schema does not define the attribute`.
    public var description: String { "\(item): \(code)" }
}
