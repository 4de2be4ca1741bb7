import LDAPProtocol

/// Which metaverse object type a directory entry is: the first of its connector's types whose
/// filter matches it, evaluated with the directory's schema (an `objectClass` filter then takes
/// in subclasses, as the server's does). Active Directory's `objectCategory` is a DN the server
/// matches by its class name (`(objectCategory=person)`): the entry is seen with that name too.
/// Import classifies with it; `explain` shows each type's verdict.
public struct ObjectClassifier: Sendable {
    public let connector: ConnectorConfiguration
    private let filters: [(type: ObjectType, text: String, filter: CompiledFilter?)]

    public init(connector: ConnectorConfiguration, schema: DirectorySchema?) {
        self.connector = connector
        filters = connector.objectTypes.map { type in
            (ObjectType(type.name), type.filter, (try? SearchFilter(type.filter)).map { CompiledFilter($0, schema: schema) })
        }
    }

    /// The entry's type, or nil when no type's filter matches it.
    public func objectType(of entry: some FilterInput) -> ObjectType? {
        let input = CategoryNamed(entry: entry, activeDirectory: connector.flavor == .activeDirectory)
        return filters.first { $0.filter?.matches(input) ?? false }?.type
    }

    /// Every type with its filter and whether the entry matches it, in configuration order.
    public func verdicts(_ entry: some FilterInput) -> [(type: ObjectType, filter: String, matches: Bool)] {
        let input = CategoryNamed(entry: entry, activeDirectory: connector.flavor == .activeDirectory)
        return filters.map { ($0.type, $0.text, $0.filter?.matches(input) ?? false) }
    }

    private struct CategoryNamed<Entry: FilterInput>: FilterInput {
        let entry: Entry
        let activeDirectory: Bool

        func filterValues(_ lowercasedName: String) -> [[UInt8]]? {
            let values = entry.filterValues(lowercasedName)
            guard activeDirectory, lowercasedName == "objectcategory", let values else { return values }
            return values
                + values.compactMap { value in
                    (try? DistinguishedName(String(decoding: value, as: UTF8.self)))?.rdn?.attributes.first.map { Array($0.value.utf8) }
                }
        }

        var filterDistinguishedName: String? { entry.filterDistinguishedName }
    }
}
