/// A recursive-descent parser over the UTF-8 bytes of a filter string.
struct FilterParser {
    let input: String
    let bytes: [UInt8]
    var index = 0

    init(_ input: String) {
        self.input = input
        self.bytes = Array(input.utf8)
    }

    mutating func parseWhole() throws(SearchFilterError) -> SearchFilter {
        skipSpaces()
        guard let first = current else { throw error(.emptyFilter) }
        let filter: SearchFilter
        if first == UInt8(ascii: "(") {
            filter = try parseFilter(depth: 1)
        } else if first == UInt8(ascii: ")") {
            throw error(.expectedOpeningParenthesis)
        } else {
            filter = try parseItem(bare: true)
        }
        skipSpaces()
        guard current == nil else { throw error(.trailingText) }
        return filter
    }

    /// `"(" filtercomp ")"`.
    mutating func parseFilter(depth: Int) throws(SearchFilterError) -> SearchFilter {
        guard depth <= SearchFilter.maximumDepth else { throw error(.tooDeep) }
        guard current == UInt8(ascii: "(") else { throw error(.expectedOpeningParenthesis) }
        index += 1
        let filter: SearchFilter
        switch current {
        case UInt8(ascii: "&"):
            index += 1
            filter = .and(try parseList(depth: depth))
        case UInt8(ascii: "|"):
            index += 1
            filter = .or(try parseList(depth: depth))
        case UInt8(ascii: "!"):
            index += 1
            skipSpaces()
            guard current == UInt8(ascii: "(") else { throw error(.expectedFilter) }
            filter = .not(try parseFilter(depth: depth + 1))
            skipSpaces()
        default:
            filter = try parseItem(bare: false)
        }
        guard current == UInt8(ascii: ")") else { throw error(.expectedClosingParenthesis) }
        index += 1
        return filter
    }

    mutating func parseList(depth: Int) throws(SearchFilterError) -> [SearchFilter] {
        var filters: [SearchFilter] = []
        skipSpaces()
        while current == UInt8(ascii: "(") {
            filters.append(try parseFilter(depth: depth + 1))
            skipSpaces()
        }
        return filters
    }

    /// `attr filtertype value` or an extensible match; `bare` when not in parentheses (the
    /// value then runs to the end of the input).
    mutating func parseItem(bare: Bool) throws(SearchFilterError) -> SearchFilter {
        let start = index
        while let byte = current, Self.isDescriptionByte(byte) { index += 1 }
        let attributeText = text(start..<index)
        guard let operatorByte = current, Self.isOperatorByte(operatorByte) else {
            throw error(index == start ? .expectedAttribute : .expectedFilterType)
        }
        if operatorByte == UInt8(ascii: ":") {
            let attribute = attributeText.isEmpty ? nil : try description(attributeText, at: start)
            return try parseExtensible(attribute: attribute, bare: bare)
        }
        guard !attributeText.isEmpty else { throw error(.expectedAttribute) }
        let attribute = try description(attributeText, at: start)
        index += 1
        if operatorByte != UInt8(ascii: "=") {
            guard current == UInt8(ascii: "=") else { throw error(.expectedFilterType, at: index - 1) }
            index += 1
            let value = try parseValue(bare: bare)
            switch operatorByte {
            case UInt8(ascii: "~"): return .approx(attribute, value)
            case UInt8(ascii: ">"): return .greaterOrEqual(attribute, value)
            default: return .lessOrEqual(attribute, value)
            }
        }
        let pieces = try parseSubstrings(bare: bare).pieces
        if pieces.count == 1 { return .equality(attribute, pieces[0]) }
        let assertion = SubstringAssertion(initial: pieces.first, any: Array(pieces.dropFirst().dropLast()), final: pieces.last)
        guard let assertion else { return .present(attribute) }
        return .substrings(attribute, assertion)
    }

    /// `[":dn"] [":" rule] ":=" value`, the attribute (if any) already read.
    mutating func parseExtensible(attribute: AttributeDescription?, bare: Bool) throws(SearchFilterError) -> SearchFilter {
        var dnAttributes = false
        var rule: String?
        if current == UInt8(ascii: ":"), peek(1).map({ $0 | 0x20 }) == UInt8(ascii: "d"),
            peek(2).map({ $0 | 0x20 }) == UInt8(ascii: "n"), peek(3) == UInt8(ascii: ":")
        {
            dnAttributes = true
            index += 3
        }
        if current == UInt8(ascii: ":"), peek(1) != UInt8(ascii: "=") {
            index += 1
            let ruleStart = index
            while let byte = current, Self.isDescriptionByte(byte), byte != UInt8(ascii: ";") { index += 1 }
            let ruleText = text(ruleStart..<index)
            if let bad = DNSyntax.attributeTypeErrorOffset(ruleText) {
                throw error(.invalidMatchingRule, at: ruleStart + bad)
            }
            rule = ruleText
        }
        guard startsWith(":=") else { throw error(.expectedFilterType) }
        if attribute == nil, rule == nil { throw error(.missingMatchingRule) }
        index += 2
        let value = try parseValue(bare: bare)
        do {
            return .extensibleMatch(try ExtensibleMatch(attribute: attribute, matchingRule: rule, dnAttributes: dnAttributes, value: value))
        } catch {
            throw self.error(.missingMatchingRule)
        }
    }
}
