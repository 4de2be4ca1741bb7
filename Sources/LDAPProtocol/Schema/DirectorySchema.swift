/// A directory's schema, read from its subschema entry: attribute types, object classes,
/// syntaxes and DIT content rules, with lookups by name or OID in any case.
///
/// Answers what the sync engine needs to know about attributes (``isReference(_:)``,
/// ``isSingleValued(_:)``, ``isBinary(_:)``, ``isOperational(_:)``, effective syntax and
/// matching rules inherited through `SUP`) and classes (``superclasses(of:)``,
/// ``requiredAttributes(for:)``, ``allowedAttributes(for:)``, ``structuralClass(of:)``).
/// Filters compiled with a schema use it to match (``CompiledFilter``).
///
/// Stored as JSON: only the descriptions are encoded; lookup tables are rebuilt on decoding.
/// Two schemas are equal when their descriptions are.
public struct DirectorySchema: Sendable, Hashable, Codable {
    /// The attribute types, in the server's order.
    public let attributeTypes: [AttributeTypeDescription]
    /// The object classes, in the server's order.
    public let objectClasses: [ObjectClassDescription]
    /// The syntaxes the server published (none for Samba).
    public let ldapSyntaxes: [LDAPSyntaxDescription]
    /// The DIT content rules (Active Directory and Samba: auxiliary classes of structural ones).
    public let contentRules: [DITContentRuleDescription]
    /// Lookup tables derived from the descriptions.
    let index: SchemaIndex

    /// A schema of these descriptions. References that do not resolve (a `SUP` naming no
    /// known type) are tolerated; ``parse(_:)`` reports them as warnings.
    public init(
        attributeTypes: [AttributeTypeDescription], objectClasses: [ObjectClassDescription],
        ldapSyntaxes: [LDAPSyntaxDescription] = [], contentRules: [DITContentRuleDescription] = []
    ) {
        self.attributeTypes = attributeTypes
        self.objectClasses = objectClasses
        self.ldapSyntaxes = ldapSyntaxes
        self.contentRules = contentRules
        self.index = SchemaIndex(attributeTypes: attributeTypes, objectClasses: objectClasses, ldapSyntaxes: ldapSyntaxes, contentRules: contentRules)
    }

    /// The attribute type named `name` (any case; a name, alias or OID; `;options` ignored).
    public func attributeType(named name: String) -> AttributeTypeDescription? {
        index.attribute(name).map { attributeTypes[$0] }
    }

    /// The object class named `name` (any case; a name, alias or OID).
    public func objectClass(named name: String) -> ObjectClassDescription? {
        index.objectClass(name).map { objectClasses[$0] }
    }

    /// The DIT content rule of the structural class named `name`, if there is one.
    public func contentRule(for name: String) -> DITContentRuleDescription? {
        index.objectClass(name).flatMap { index.contentRuleByClass[$0] }.map { contentRules[$0] }
    }

    /// Equal when the descriptions are.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.attributeTypes == rhs.attributeTypes && lhs.objectClasses == rhs.objectClasses
            && lhs.ldapSyntaxes == rhs.ldapSyntaxes && lhs.contentRules == rhs.contentRules
    }

    /// Hashes the descriptions.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(attributeTypes)
        hasher.combine(objectClasses)
        hasher.combine(ldapSyntaxes)
        hasher.combine(contentRules)
    }

    private enum CodingKeys: String, CodingKey {
        case attributeTypes, objectClasses, ldapSyntaxes, contentRules
    }

    /// Decodes the descriptions and rebuilds the lookup tables.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            attributeTypes: try container.decode([AttributeTypeDescription].self, forKey: .attributeTypes),
            objectClasses: try container.decode([ObjectClassDescription].self, forKey: .objectClasses),
            ldapSyntaxes: try container.decodeIfPresent([LDAPSyntaxDescription].self, forKey: .ldapSyntaxes) ?? [],
            contentRules: try container.decodeIfPresent([DITContentRuleDescription].self, forKey: .contentRules) ?? [])
    }

    /// Encodes the descriptions only.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(attributeTypes, forKey: .attributeTypes)
        try container.encode(objectClasses, forKey: .objectClasses)
        try container.encode(ldapSyntaxes, forKey: .ldapSyntaxes)
        try container.encode(contentRules, forKey: .contentRules)
    }
}
