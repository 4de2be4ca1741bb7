/// Turns a ``SearchFilter`` into a ``FilterNode`` tree, collecting warnings.
struct FilterCompiler {
    let schema: DirectorySchema?
    var warnings: [FilterWarning] = []

    init(schema: DirectorySchema?) {
        self.schema = schema
    }

    mutating func compile(_ filter: SearchFilter) -> FilterNode {
        switch filter {
        case .and(let filters): return .and(filters.map { compile($0) })
        case .or(let filters): return .or(filters.map { compile($0) })
        case .not(let inner): return .not(compile(inner))
        case .present(let description):
            let attribute = resolve(description, in: filter)
            return .present(keys: attribute.keys)
        case .equality(let description, let value), .approx(let description, let value):
            let attribute = resolve(description, in: filter)
            guard attribute.isKnown else { return .constant(.undefined) }
            if attribute.isObjectClass, let node = objectClassNode(attribute, value) { return node }
            if attribute.isObjectCategory, !value.contains(UInt8(ascii: "=")) {
                return .equality(keys: attribute.keys, EqualityMatcher(objectCategory: value))
            }
            return equalityNode(attribute.keys, attribute.equality, value, filter)
        case .substrings(let description, let assertion):
            let attribute = resolve(description, in: filter)
            guard attribute.isKnown else { return .constant(.undefined) }
            return .substrings(keys: attribute.keys, SubstringMatcher(assertion, form: attribute.substrings.textForm))
        case .greaterOrEqual(let description, let value), .lessOrEqual(let description, let value):
            let attribute = resolve(description, in: filter)
            guard attribute.isKnown else { return .constant(.undefined) }
            var greater = false
            if case .greaterOrEqual = filter { greater = true }
            guard let matcher = OrderingMatcher(attribute.ordering, assertion: value, greater: greater) else {
                return undefined(.invalidAssertionValue, filter)
            }
            return .ordering(keys: attribute.keys, matcher)
        case .extensibleMatch(let match):
            return extensibleNode(match, filter)
        }
    }

    /// `objectClass=X` with a schema that knows X: X or any subclass, by name or OID.
    private func objectClassNode(_ attribute: FilterAttribute, _ value: [UInt8]) -> FilterNode? {
        guard let schema, let name = String(validating: value, as: UTF8.self),
            let position = schema.index.objectClass(name.trimmingSpaces)
        else { return nil }
        return .objectClass(keys: attribute.keys, accepted: Set(schema.index.subclassKeys[position].map { Array($0.utf8) }))
    }

    private mutating func equalityNode(_ keys: [String], _ matching: ValueMatching, _ value: [UInt8], _ filter: SearchFilter) -> FilterNode {
        guard let matcher = EqualityMatcher(matching, assertion: value) else { return undefined(.invalidAssertionValue, filter) }
        return .equality(keys: keys, matcher)
    }

    private mutating func extensibleNode(_ match: ExtensibleMatch, _ filter: SearchFilter) -> FilterNode {
        guard let description = match.attribute else { return undefined(.unsupportedMatchingRule, filter) }
        let attribute = resolve(description, in: filter)
        guard attribute.isKnown else { return .constant(.undefined) }
        let matcher: EqualityMatcher?
        if let rule = match.matchingRule {
            if rule == EqualityMatcher.bitAndOID || rule == EqualityMatcher.bitOrOID {
                matcher = EqualityMatcher(bitwise: rule, assertion: match.value)
            } else if let matching = ValueMatching.rule(rule) {
                matcher = EqualityMatcher(matching, assertion: match.value)
            } else {
                return undefined(.unsupportedMatchingRule, filter)
            }
        } else {
            matcher = EqualityMatcher(attribute.equality, assertion: match.value)
        }
        guard let matcher else { return undefined(.invalidAssertionValue, filter) }
        let node = FilterNode.equality(keys: attribute.keys, matcher)
        guard match.dnAttributes else { return node }
        return .or([node, .dnComponents(types: Set(attribute.keys), matcher)])
    }

    private mutating func resolve(_ description: AttributeDescription, in filter: SearchFilter) -> FilterAttribute {
        let attribute = FilterAttribute(description, schema: schema)
        if !attribute.isKnown { warnings.append(FilterWarning(.unknownAttribute, item: filter.description)) }
        return attribute
    }

    private mutating func undefined(_ code: FilterWarning.Code, _ filter: SearchFilter) -> FilterNode {
        warnings.append(FilterWarning(code, item: filter.description))
        return .constant(.undefined)
    }
}

extension String {
    /// Without leading and trailing ASCII spaces.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
