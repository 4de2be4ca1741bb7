/// A filter compiled for evaluation: attribute names resolved to the keys to look up, and
/// assertion values prepared for their matching rules.
indirect enum FilterNode: Sendable {
    case and([FilterNode])
    case or([FilterNode])
    case not(FilterNode)
    case constant(FilterResult)
    case present(keys: [String])
    case equality(keys: [String], EqualityMatcher)
    /// `objectClass` equality with a schema: the object's class names and OIDs, lowercased,
    /// against the asserted class's and its subclasses'.
    case objectClass(keys: [String], accepted: Set<[UInt8]>)
    case substrings(keys: [String], SubstringMatcher)
    case ordering(keys: [String], OrderingMatcher)
    /// The `:dn` part of an extensible match: the components of the object's DN whose type is
    /// one of `types` (lowercased).
    case dnComponents(types: Set<String>, EqualityMatcher)

    func evaluate(_ object: some FilterInput) -> FilterResult {
        switch self {
        case .and(let nodes):
            var result = FilterResult.true
            for node in nodes {
                switch node.evaluate(object) {
                case .false: return .false
                case .undefined: result = .undefined
                case .true: break
                }
            }
            return result
        case .or(let nodes):
            var result = FilterResult.false
            for node in nodes {
                switch node.evaluate(object) {
                case .true: return .true
                case .undefined: result = .undefined
                case .false: break
                }
            }
            return result
        case .not(let node):
            return node.evaluate(object).negated
        case .constant(let result):
            return result
        case .present(let keys):
            return FilterResult(keys.contains { !(object.filterValues($0)?.isEmpty ?? true) })
        case .equality(let keys, let matcher):
            return Self.anyValue(of: object, keys) { matcher.matches($0) }
        case .objectClass(let keys, let accepted):
            return Self.anyValue(of: object, keys) { FilterResult(accepted.contains($0.map(Self.asciiLowercased))) }
        case .substrings(let keys, let matcher):
            return Self.anyValue(of: object, keys) { FilterResult(matcher.matches($0)) }
        case .ordering(let keys, let matcher):
            return Self.anyValue(of: object, keys) { matcher.matches($0) }
        case .dnComponents(let types, let matcher):
            return Self.dnComponents(of: object, types, matcher)
        }
    }

    /// TRUE when some value matches; else UNDEFINED when some value could not be decided;
    /// else FALSE (also when the object has no values).
    private static func anyValue(of object: some FilterInput, _ keys: [String], _ test: ([UInt8]) -> FilterResult) -> FilterResult {
        var undecided = false
        for key in keys {
            guard let values = object.filterValues(key) else { continue }
            for value in values {
                switch test(value) {
                case .true: return .true
                case .undefined: undecided = true
                case .false: break
                }
            }
        }
        return undecided ? .undefined : .false
    }

    private static func dnComponents(of object: some FilterInput, _ types: Set<String>, _ matcher: EqualityMatcher) -> FilterResult {
        guard let text = object.filterDistinguishedName, let name = try? DistinguishedName(text) else { return .false }
        var undecided = false
        for rdn in name.rdns {
            for component in rdn.attributes where types.contains(component.type.lowercased()) {
                switch matcher.matches(Array(component.value.utf8)) {
                case .true: return .true
                case .undefined: undecided = true
                case .false: break
                }
            }
        }
        return undecided ? .undefined : .false
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
