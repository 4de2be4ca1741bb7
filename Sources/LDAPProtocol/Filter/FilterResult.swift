/// The outcome of a filter on one object: RFC 4511 §4.5.1.7 three-valued logic.
///
/// An object matches only on ``true``. ``undefined`` arises when the filter cannot be decided
/// (an attribute type the schema does not know, an assertion value that is not of the
/// attribute's syntax, a matching rule that is not supported); `(!f)` of an undefined `f` is
/// still undefined, so it does not match either.
public enum FilterResult: Sendable, Hashable {
    /// The filter holds.
    case `true`
    /// The filter does not hold.
    case `false`
    /// The filter cannot be decided for this object.
    case undefined

    /// Whether the object matches (the result is ``true``).
    public var matches: Bool { self == .true }

    /// `NOT`: swaps true and false; undefined stays undefined.
    public var negated: FilterResult {
        switch self {
        case .true: .false
        case .false: .true
        case .undefined: .undefined
        }
    }

    /// `true` or `false` from a Boolean.
    init(_ value: Bool) {
        self = value ? .true : .false
    }
}
