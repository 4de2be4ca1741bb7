/// An RFC 4515 search filter as data, for the engine to evaluate on stored objects (scoping
/// filters of sync rules) rather than for a server.
///
/// Parse one with ``init(_:)``; ``description`` prints the canonical string form, and parsing
/// that gives back an equal filter. Values are bytes (the `\xx` escapes of the string form may
/// stand for any byte). ``CompiledFilter`` evaluates a filter on many objects.
///
/// Not to be confused with ``LDAPFilter``, which builds filter **strings** for a server from
/// untrusted values.
public indirect enum SearchFilter: Sendable, Hashable {
    /// `(&f1f2…)`: true when every filter is; `(&)` is the absolute true filter (RFC 4526).
    case and([SearchFilter])
    /// `(|f1f2…)`: true when any filter is; `(|)` is the absolute false filter (RFC 4526).
    case or([SearchFilter])
    /// `(!f)`.
    case not(SearchFilter)
    /// `(attribute=value)`.
    case equality(AttributeDescription, [UInt8])
    /// `(attribute=initial*any*final)`.
    case substrings(AttributeDescription, SubstringAssertion)
    /// `(attribute>=value)`.
    case greaterOrEqual(AttributeDescription, [UInt8])
    /// `(attribute<=value)`.
    case lessOrEqual(AttributeDescription, [UInt8])
    /// `(attribute=*)`.
    case present(AttributeDescription)
    /// `(attribute~=value)`.
    case approx(AttributeDescription, [UInt8])
    /// `(attribute:dn:rule:=value)` and its shorter forms.
    case extensibleMatch(ExtensibleMatch)
}

extension SearchFilter {
    /// `(attribute=value)` with a text value (stored as UTF-8).
    public static func equality(_ attribute: AttributeDescription, _ value: String) -> SearchFilter {
        .equality(attribute, Array(value.utf8))
    }

    /// The attribute the filter tests, or `nil` for `and`, `or`, `not` and an extensible
    /// match without an attribute.
    public var attribute: AttributeDescription? {
        switch self {
        case .and, .or, .not: nil
        case .equality(let attribute, _), .substrings(let attribute, _), .greaterOrEqual(let attribute, _),
            .lessOrEqual(let attribute, _), .present(let attribute), .approx(let attribute, _):
            attribute
        case .extensibleMatch(let match): match.attribute
        }
    }
}
