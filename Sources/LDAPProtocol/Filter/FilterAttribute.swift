/// An attribute description resolved for evaluation: where to look in objects and how to
/// compare its values.
struct FilterAttribute {
    /// Lowercased names to look up: without a schema the description as written; with one,
    /// every name and the OID of the type and of its subtypes (options appended).
    let keys: [String]
    let equality: ValueMatching
    let ordering: ValueMatching
    let substrings: ValueMatching
    /// Whether this is `objectClass` (2.5.4.0).
    let isObjectClass: Bool
    /// Whether this is Active Directory's `objectCategory` (1.2.840.113556.1.4.782).
    let isObjectCategory: Bool
    /// False when a schema is given and does not define the type.
    let isKnown: Bool

    init(_ description: AttributeDescription, schema: DirectorySchema?) {
        let suffix = description.lowercasedOptionSuffix
        guard let schema else {
            keys = [description.lowercasedType + suffix]
            equality = .caseIgnore
            ordering = .caseIgnore
            substrings = .caseIgnore
            isObjectClass = description.lowercasedType == "objectclass" || description.type == "2.5.4.0"
            isObjectCategory = description.lowercasedType == "objectcategory" || description.type == Self.objectCategoryOID
            isKnown = true
            return
        }
        guard let position = schema.index.attribute(description.type) else {
            keys = [description.lowercasedType + suffix]
            equality = .caseIgnore
            ordering = .caseIgnore
            substrings = .caseIgnore
            isObjectClass = false
            isObjectCategory = false
            isKnown = false
            return
        }
        let resolved = schema.index.attributes[position]
        let equality = resolved.equality.flatMap(ValueMatching.rule) ?? ValueMatching.syntaxDefault(resolved.syntax) ?? .caseIgnore
        keys = resolved.lookupKeys.map { $0 + suffix }
        self.equality = equality
        if let rule = resolved.ordering.flatMap(ValueMatching.rule) {
            ordering = rule
        } else {
            ordering = [.integer, .caseExact, .octetString, .numericString].contains(equality) ? equality : .caseIgnore
        }
        substrings =
            resolved.substring.flatMap(ValueMatching.rule)
            ?? ([.caseExact, .octetString, .numericString, .telephoneNumber].contains(equality) ? equality : .caseIgnore)
        isObjectClass = schema.attributeTypes[position].oid == "2.5.4.0"
        isObjectCategory = schema.attributeTypes[position].oid == Self.objectCategoryOID
        isKnown = true
    }

    private static let objectCategoryOID = "1.2.840.113556.1.4.782"
}
