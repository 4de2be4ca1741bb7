import LDAPProtocol

/// Random filters for property tests: every kind of item, nested composites, attribute
/// descriptions with options and OIDs, and values of arbitrary bytes (special characters,
/// NUL, invalid UTF-8, multi-byte characters).
struct RandomFilterMaker {
    var random: SeededGenerator

    mutating func filter(depth: Int = 0) throws -> SearchFilter {
        let composite = depth < 4 && Int.random(in: 0..<3, using: &random) == 0
        if composite {
            switch Int.random(in: 0..<3, using: &random) {
            case 0: return .and(try (0..<Int.random(in: 0...3, using: &random)).map { _ in try filter(depth: depth + 1) })
            case 1: return .or(try (0..<Int.random(in: 0...3, using: &random)).map { _ in try filter(depth: depth + 1) })
            default: return .not(try filter(depth: depth + 1))
            }
        }
        let attribute = try attributeDescription()
        switch Int.random(in: 0..<7, using: &random) {
        case 0: return .equality(attribute, value())
        case 1: return .greaterOrEqual(attribute, value())
        case 2: return .lessOrEqual(attribute, value())
        case 3: return .present(attribute)
        case 4: return .approx(attribute, value())
        case 5:
            let assertion = SubstringAssertion(
                initial: Bool.random(using: &random) ? value() : nil,
                any: (0..<Int.random(in: 0...3, using: &random)).map { _ in value() },
                final: Bool.random(using: &random) ? value() : nil)
            return assertion.map { .substrings(attribute, $0) } ?? .present(attribute)
        default:
            let rule = Bool.random(using: &random) ? ["caseExactMatch", "1.2.840.113556.1.4.803", "2.4.6.8.10"].randomElement(using: &random) : nil
            let described = rule == nil || Bool.random(using: &random) ? attribute : nil
            return .extensibleMatch(
                try ExtensibleMatch(attribute: described, matchingRule: rule, dnAttributes: Bool.random(using: &random), value: value()))
        }
    }

    mutating func attributeDescription() throws -> AttributeDescription {
        let types = ["cn", "objectClass", "x-Attr-9", "msDS-cloudExtensionAttribute1", "2.5.4.3", "1.2.840.113556.1.4.221", "A"]
        let options = ["lang-en", "binary", "x-1"]
        let type = types.randomElement(using: &random) ?? "cn"
        let chosen = (0..<Int.random(in: 0...2, using: &random)).compactMap { _ in options.randomElement(using: &random) }
        return try AttributeDescription(([type] + chosen).joined(separator: ";"))
    }

    mutating func value() -> [UInt8] {
        let specials: [[UInt8]] = [Array("*()\\".utf8), [0], [0xC3, 0xA9], [0xFF], [0x80], Array("é€😀".utf8), [0x20], [0x09]]
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            if Bool.random(using: &random) {
                bytes.append(UInt8.random(in: 0x20...0x7E, using: &random))
            } else if Bool.random(using: &random) {
                bytes += specials.randomElement(using: &random) ?? []
            } else {
                bytes.append(UInt8.random(in: 0...255, using: &random))
            }
        }
        return bytes
    }
}
