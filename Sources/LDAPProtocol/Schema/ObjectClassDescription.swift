/// One object class as the subschema publishes it (RFC 4512 §4.1.1), fields as written.
public struct ObjectClassDescription: Sendable, Hashable, Codable {
    /// The numeric OID.
    public var oid: String
    /// The names, primary first.
    public var names: [String]
    /// The `DESC` text.
    public var desc: String?
    /// Whether it is `OBSOLETE`.
    public var isObsolete: Bool
    /// The direct superclasses (`SUP top`, `SUP ( organization $ organizationalUnit )`).
    public var superclasses: [String]
    /// `ABSTRACT`, `STRUCTURAL` (the default) or `AUXILIARY`.
    public var kind: ObjectClassKind
    /// The attributes an entry of this class must have (`MUST`), as written.
    public var must: [String]
    /// The attributes an entry of this class may have (`MAY`), as written.
    public var may: [String]
    /// Extensions (`X-ORIGIN`, …) and their values.
    public var extensions: [String: [String]]

    /// Creates a description from its fields.
    public init(
        oid: String, names: [String] = [], desc: String? = nil, isObsolete: Bool = false, superclasses: [String] = [],
        kind: ObjectClassKind = .structural, must: [String] = [], may: [String] = [], extensions: [String: [String]] = [:]
    ) {
        self.oid = oid
        self.names = names
        self.desc = desc
        self.isObsolete = isObsolete
        self.superclasses = superclasses
        self.kind = kind
        self.must = must
        self.may = may
        self.extensions = extensions
    }

    /// Parses one value of `objectClasses`, such as
    /// `( 2.5.6.6 NAME 'person' SUP top STRUCTURAL MUST ( sn $ cn ) MAY description )`.
    public init(parsing text: String) throws(SchemaParseError) {
        let fields = try SchemaDescriptionFields(parsing: text)
        let kind: ObjectClassKind = fields.has("ABSTRACT") ? .abstract : fields.has("AUXILIARY") ? .auxiliary : .structural
        self.init(
            oid: fields.oid, names: fields.values("NAME"), desc: fields.value("DESC"), isObsolete: fields.has("OBSOLETE"),
            superclasses: fields.values("SUP"), kind: kind, must: fields.values("MUST"), may: fields.values("MAY"),
            extensions: fields.extensions)
    }

    /// The first name, or the OID when it has none.
    public var primaryName: String { names.first ?? oid }
}

/// The kind of an object class (RFC 4512 §2.4).
public enum ObjectClassKind: String, Sendable, Hashable, Codable {
    /// Only a base for other classes (`top`).
    case abstract
    /// Defines what an entry is; every entry has exactly one structural chain.
    case structural
    /// Adds attributes to entries of any structural class.
    case auxiliary
}
