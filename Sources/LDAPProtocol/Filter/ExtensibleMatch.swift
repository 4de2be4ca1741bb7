/// An extensible match, `(attribute:dn:matchingRule:=value)` (RFC 4515 §3, RFC 4511 §4.5.1.7.7).
///
/// At least one of ``attribute`` and ``matchingRule`` is present.
public struct ExtensibleMatch: Sendable, Hashable {
    /// The attribute whose values are matched, if named.
    public let attribute: AttributeDescription?
    /// The matching rule as written (descriptor or numeric OID), if named; without it the
    /// attribute's equality rule applies.
    public let matchingRule: String?
    /// Whether the attributes of the entry's DN are matched too (`:dn`).
    public let dnAttributes: Bool
    /// The assertion value.
    public let value: [UInt8]

    /// Creates a match. Throws when neither attribute nor rule is given, or the rule is not a
    /// descriptor or numeric OID.
    public init(attribute: AttributeDescription?, matchingRule: String?, dnAttributes: Bool = false, value: [UInt8]) throws(SearchFilterError) {
        if let matchingRule, let bad = DNSyntax.attributeTypeErrorOffset(matchingRule) {
            throw SearchFilterError(.invalidMatchingRule, at: bad, in: matchingRule)
        }
        guard attribute != nil || matchingRule != nil else {
            throw SearchFilterError(.missingMatchingRule, at: 0, in: ":=" + SearchFilter.escapeValue(value))
        }
        self.attribute = attribute
        self.matchingRule = matchingRule
        self.dnAttributes = dnAttributes
        self.value = value
    }
}
