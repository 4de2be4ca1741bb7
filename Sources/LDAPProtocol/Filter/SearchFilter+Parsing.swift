extension SearchFilter {
    /// How deeply filters may nest (`(!(!(!…)))`); deeper input is refused rather than
    /// risking the stack.
    public static let maximumDepth = 100

    /// Parses the RFC 4515 string form, such as `(&(objectClass=person)(!(cn=a\2ab*)))`.
    ///
    /// Besides strict RFC 4515 it accepts what LDAP tools accept:
    /// - one item without its parentheses, `objectClass=person`, as the whole filter (as
    ///   `ldapsearch` does); composite filters need their parentheses;
    /// - spaces around the whole filter and between the filters of `&`, `|` and `!` (never
    ///   inside an item, where they belong to the value);
    /// - the RFC 2254 escapes `\*` `\(` `\)` `\\` beside the `\xx` hex pairs;
    /// - `:DN` in any case in an extensible match.
    ///
    /// Never crashes: every mistake throws ``SearchFilterError`` naming the column and what was
    /// expected there.
    public init(_ text: String) throws(SearchFilterError) {
        var parser = FilterParser(text)
        self = try parser.parseWhole()
    }
}
