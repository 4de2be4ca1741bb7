/// An object a filter can be evaluated on: its attribute values, looked up by lowercased
/// attribute name (`cn`, `objectclass`, `member`; options included, `cn;lang-en`).
///
/// `[String: [[UInt8]]]` keyed by lowercased names conforms, as does ``LDAPEntry``.
public protocol FilterInput {
    /// The values of the attribute whose lowercased name is `lowercasedName`; `nil` or empty
    /// when the object has none.
    func filterValues(_ lowercasedName: String) -> [[UInt8]]?

    /// The object's distinguished name, for extensible matches with `:dn`; `nil` when unknown.
    var filterDistinguishedName: String? { get }
}

extension FilterInput {
    /// Unknown by default: `:dn` then matches the attributes only.
    public var filterDistinguishedName: String? { nil }
}

extension Dictionary: FilterInput where Key == String, Value == [[UInt8]] {
    /// The values stored under `lowercasedName`.
    public func filterValues(_ lowercasedName: String) -> [[UInt8]]? {
        self[lowercasedName]
    }
}

extension LDAPEntry: FilterInput {
    /// The values of the attribute named `lowercasedName` in any case (a linear search: index
    /// entries in a dictionary to evaluate filters on many of them).
    public func filterValues(_ lowercasedName: String) -> [[UInt8]]? {
        attribute(lowercasedName)?.values
    }

    /// The entry's DN.
    public var filterDistinguishedName: String? { dn }
}
