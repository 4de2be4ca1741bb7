/// One DIT content rule (RFC 4512 §4.1.6): what entries of one structural class may have
/// besides their classes' own attributes.
///
/// Active Directory and Samba publish one per class that has auxiliary classes (`user`:
/// `AUX ( securityPrincipal $ mailRecipient … )`), with the auxiliary classes' attributes
/// folded into `MUST`/`MAY`; their `objectClasses` values never mention auxiliary classes.
public struct DITContentRuleDescription: Sendable, Hashable, Codable {
    /// The OID of the structural class the rule applies to.
    public var oid: String
    /// The names (usually the class's).
    public var names: [String]
    /// The `DESC` text.
    public var desc: String?
    /// Whether it is `OBSOLETE`.
    public var isObsolete: Bool
    /// Auxiliary classes entries of the class may carry (`AUX`).
    public var auxiliaryClasses: [String]
    /// Attributes the entries must have besides their classes' (`MUST`).
    public var must: [String]
    /// Attributes the entries may have besides their classes' (`MAY`).
    public var may: [String]
    /// Attributes the entries must not have (`NOT`).
    public var not: [String]

    /// Creates a rule from its fields.
    public init(
        oid: String, names: [String] = [], desc: String? = nil, isObsolete: Bool = false,
        auxiliaryClasses: [String] = [], must: [String] = [], may: [String] = [], not: [String] = []
    ) {
        self.oid = oid
        self.names = names
        self.desc = desc
        self.isObsolete = isObsolete
        self.auxiliaryClasses = auxiliaryClasses
        self.must = must
        self.may = may
        self.not = not
    }

    /// Parses one value of `dITContentRules`.
    public init(parsing text: String) throws(SchemaParseError) {
        let fields = try SchemaDescriptionFields(parsing: text)
        self.init(
            oid: fields.oid, names: fields.values("NAME"), desc: fields.value("DESC"), isObsolete: fields.has("OBSOLETE"),
            auxiliaryClasses: fields.values("AUX"), must: fields.values("MUST"), may: fields.values("MAY"), not: fields.values("NOT"))
    }
}
