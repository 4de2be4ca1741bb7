/// The raw description strings of a subschema entry, as a server returns them.
public struct SubschemaValues: Sendable, Hashable {
    /// Values of `attributeTypes`.
    public var attributeTypes: [String]
    /// Values of `objectClasses`.
    public var objectClasses: [String]
    /// Values of `ldapSyntaxes` (OpenLDAP publishes them; Samba does not).
    public var ldapSyntaxes: [String]
    /// Values of `dITContentRules` (Active Directory and Samba publish them, only when asked by name).
    public var dITContentRules: [String]

    /// The attributes a search of the subschema entry asks for.
    public static let attributeNames = ["attributeTypes", "objectClasses", "ldapSyntaxes", "dITContentRules"]

    /// Creates the values from lists of descriptions.
    public init(attributeTypes: [String] = [], objectClasses: [String] = [], ldapSyntaxes: [String] = [], dITContentRules: [String] = []) {
        self.attributeTypes = attributeTypes
        self.objectClasses = objectClasses
        self.ldapSyntaxes = ldapSyntaxes
        self.dITContentRules = dITContentRules
    }

    /// The values of a subschema entry read from a server (names matched in any case; values
    /// that are not UTF-8 are decoded with replacement characters).
    public init(entry: LDAPEntry) {
        self.init(
            attributeTypes: entry.strings("attributeTypes"), objectClasses: entry.strings("objectClasses"),
            ldapSyntaxes: entry.strings("ldapSyntaxes"), dITContentRules: entry.strings("dITContentRules"))
    }
}
