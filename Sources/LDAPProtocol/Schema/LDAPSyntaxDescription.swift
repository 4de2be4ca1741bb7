/// One syntax as the subschema publishes it in `ldapSyntaxes` (RFC 4512 §4.1.5).
public struct LDAPSyntaxDescription: Sendable, Hashable, Codable {
    /// The syntax OID.
    public var oid: String
    /// The `DESC` text (`Directory String`).
    public var desc: String?
    /// Extensions (`X-NOT-HUMAN-READABLE`, `X-BINARY-TRANSFER-REQUIRED`) and their values.
    public var extensions: [String: [String]]

    /// Creates a description from its fields.
    public init(oid: String, desc: String? = nil, extensions: [String: [String]] = [:]) {
        self.oid = oid
        self.desc = desc
        self.extensions = extensions
    }

    /// Parses one value of `ldapSyntaxes`, such as `( 1.3.6.1.4.1.1466.115.121.1.28 DESC 'JPEG' X-NOT-HUMAN-READABLE 'TRUE' )`.
    public init(parsing text: String) throws(SchemaParseError) {
        let fields = try SchemaDescriptionFields(parsing: text)
        self.init(oid: fields.oid, desc: fields.value("DESC"), extensions: fields.extensions)
    }

    /// Whether the server says values are not text (`X-NOT-HUMAN-READABLE 'TRUE'` or
    /// `X-BINARY-TRANSFER-REQUIRED 'TRUE'`, as OpenLDAP publishes them).
    public var isNotHumanReadable: Bool {
        ["X-NOT-HUMAN-READABLE", "X-BINARY-TRANSFER-REQUIRED"].contains { extensions[$0]?.first?.uppercased() == "TRUE" }
    }
}
