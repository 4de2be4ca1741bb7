/// A metaverse object type: `person` and `group` are built in; a configuration may declare
/// more (`objectTypes: { device: {} }`). Compared exactly (the configuration spells them).
public struct ObjectType: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    /// People: inetOrgPerson on OpenLDAP, users and contacts on Active Directory.
    public static let person: ObjectType = "person"
    /// Groups: groupOfNames / groupOfUniqueNames on OpenLDAP, groups on Active Directory.
    public static let group: ObjectType = "group"
    /// The built-in types, in the order people know them.
    public static let builtIn: [ObjectType] = [.person, .group]

    public var description: String { rawValue }
    public static func < (a: ObjectType, b: ObjectType) -> Bool { a.rawValue < b.rawValue }
}
