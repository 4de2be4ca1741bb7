/// One attribute type as the subschema publishes it (RFC 4512 §4.1.2), fields as written.
///
/// Effective values inherited through ``superType`` are answered by ``DirectorySchema``.
public struct AttributeTypeDescription: Sendable, Hashable, Codable {
    /// The numeric OID.
    public var oid: String
    /// The names, primary first (`cn`, `commonName`).
    public var names: [String]
    /// The `DESC` text.
    public var desc: String?
    /// Whether it is `OBSOLETE`.
    public var isObsolete: Bool
    /// The supertype (`SUP name`), as written.
    public var superType: String?
    /// The `EQUALITY` matching rule, as written (name or OID).
    public var equality: String?
    /// The `ORDERING` matching rule.
    public var ordering: String?
    /// The `SUBSTR` matching rule.
    public var substring: String?
    /// The syntax OID without its length bound.
    public var syntax: String?
    /// The length bound of the syntax (`{32768}`), if any.
    public var syntaxLength: Int?
    /// Whether it is `SINGLE-VALUE` (as written; inheritance is the schema's business).
    public var isSingleValued: Bool
    /// Whether it is `COLLECTIVE`.
    public var isCollective: Bool
    /// Whether it is `NO-USER-MODIFICATION`.
    public var isNoUserModification: Bool
    /// The `USAGE`; `userApplications` when absent.
    public var usage: AttributeUsage
    /// Extensions (`X-ORIGIN`, `X-ORDERED`, …) and their values.
    public var extensions: [String: [String]]

    /// Creates a description from its fields.
    public init(
        oid: String, names: [String] = [], desc: String? = nil, isObsolete: Bool = false, superType: String? = nil,
        equality: String? = nil, ordering: String? = nil, substring: String? = nil, syntax: String? = nil,
        syntaxLength: Int? = nil, isSingleValued: Bool = false, isCollective: Bool = false,
        isNoUserModification: Bool = false, usage: AttributeUsage = .userApplications, extensions: [String: [String]] = [:]
    ) {
        self.oid = oid
        self.names = names
        self.desc = desc
        self.isObsolete = isObsolete
        self.superType = superType
        self.equality = equality
        self.ordering = ordering
        self.substring = substring
        self.syntax = syntax
        self.syntaxLength = syntaxLength
        self.isSingleValued = isSingleValued
        self.isCollective = isCollective
        self.isNoUserModification = isNoUserModification
        self.usage = usage
        self.extensions = extensions
    }

    /// Parses one value of `attributeTypes`, such as `( 2.5.4.3 NAME ( 'cn' 'commonName' ) SUP name )`.
    public init(parsing text: String) throws(SchemaParseError) {
        let fields = try SchemaDescriptionFields(parsing: text)
        let (syntax, length) = Self.splitSyntax(fields.value("SYNTAX"))
        guard let usage = AttributeUsage(keyword: fields.value("USAGE")) else {
            throw SchemaParseError(expected: "a USAGE of userApplications, directoryOperation, distributedOperation or dSAOperation", at: 0, in: text)
        }
        self.init(
            oid: fields.oid, names: fields.values("NAME"), desc: fields.value("DESC"), isObsolete: fields.has("OBSOLETE"),
            superType: fields.value("SUP"), equality: fields.value("EQUALITY"), ordering: fields.value("ORDERING"),
            substring: fields.value("SUBSTR"), syntax: syntax, syntaxLength: length,
            isSingleValued: fields.has("SINGLE-VALUE"), isCollective: fields.has("COLLECTIVE"),
            isNoUserModification: fields.has("NO-USER-MODIFICATION"), usage: usage, extensions: fields.extensions)
    }

    /// The first name, or the OID when it has none.
    public var primaryName: String { names.first ?? oid }

    /// `1.3.6.1.4.1.1466.115.121.1.15{32768}` → the OID and 32768.
    private static func splitSyntax(_ value: String?) -> (String?, Int?) {
        guard let value else { return (nil, nil) }
        guard let brace = value.firstIndex(of: "{") else { return (value, nil) }
        let bound = value[value.index(after: brace)...].prefix { $0 != "}" }
        return (String(value[..<brace]), Int(bound))
    }
}

/// What an attribute type is for (RFC 4512 §4.1.2 `USAGE`).
public enum AttributeUsage: String, Sendable, Hashable, Codable, CaseIterable {
    /// A user attribute (the default).
    case userApplications
    /// An operational attribute the directory maintains (`modifyTimestamp`, `entryUUID`).
    case directoryOperation
    /// An operational attribute shared between servers.
    case distributedOperation
    /// An operational attribute local to one server.
    case dSAOperation

    /// The usage named by `keyword` in any case; `userApplications` when absent, nil when unknown.
    init?(keyword: String?) {
        guard let keyword else {
            self = .userApplications
            return
        }
        guard let usage = Self.allCases.first(where: { $0.rawValue.lowercased() == keyword.lowercased() }) else { return nil }
        self = usage
    }
}
