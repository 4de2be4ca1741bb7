/// One kind of object a connector synchronizes (`person`, `group`), how to find it in the
/// directory and which object classes it gets when ldapsync creates it there.
public struct ObjectTypeConfiguration: Sendable, Hashable {
    /// The metaverse object type: `person` or `group`.
    public var name: String
    /// The LDAP filter that selects objects of this type in the connector's containers.
    public var filter: String
    /// The `objectClass` values written when provisioning an object of this type into the connector.
    public var objectClasses: [String]

    /// Creates an object type.
    public init(name: String, filter: String, objectClasses: [String]) {
        self.name = name
        self.filter = filter
        self.objectClasses = objectClasses
    }

    /// The built-in object types of `flavor`: inetOrgPerson / groupOfNames on OpenLDAP, user /
    /// group on Active Directory (users and contacts are people; computers are not).
    public static func defaults(for flavor: ConnectorFlavor) -> [ObjectTypeConfiguration] {
        switch flavor {
        case .openldap:
            [
                ObjectTypeConfiguration(
                    name: "person", filter: "(objectClass=inetOrgPerson)",
                    objectClasses: ["top", "person", "organizationalPerson", "inetOrgPerson"]),
                ObjectTypeConfiguration(
                    name: "group", filter: "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))",
                    objectClasses: ["top", "groupOfNames"]),
            ]
        case .activeDirectory:
            [
                // Users and contacts are people (computers are users of another category).
                ObjectTypeConfiguration(
                    name: "person", filter: "(|(&(objectCategory=person)(objectClass=user))(objectClass=contact))",
                    objectClasses: ["top", "person", "organizationalPerson", "user"]),
                ObjectTypeConfiguration(
                    name: "group", filter: "(objectClass=group)",
                    objectClasses: ["top", "group"]),
            ]
        }
    }
}
